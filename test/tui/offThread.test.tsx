// Long counts and reports off the render thread (issue 20), with the real count worker (the
// bundle, dist/count-worker.cjs) on files of many tickets: a running count shows how far it got
// ("≥ 10,000"), then its total; the reports screen says "working…" at once and answers keys
// while the worker computes, and leaving it cancels the moot report.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveActor } from '../../src/app/people/actors.js';
import { workerCounter, type QueueCounter } from '../../src/app/tickets/queueCounter.js';
import { bigQueue } from '../helpers/bigQueue.js';
import { renderTui, rowIds, type RenderedTui } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A TUI as bob over `tickets` new L2 tickets, its counts and reports on the real worker from the bundle. */
async function open(tickets: number, progressEvery?: number): Promise<{ tui: RenderedTui; counter: QueueCounter }> {
  const big = bigQueue(tickets);
  cleanups.push(() => big.close());
  const script = fileURLToPath(new URL('../../dist/count-worker.cjs', import.meta.url));
  expect(existsSync(script), 'node bin/build.mjs builds dist/count-worker.cjs').toBe(true);
  const counter = workerCounter(big.app, big.path, { script, ...(progressEvery ? { progressEvery } : {}) });
  cleanups.unshift(() => counter.close());
  const tui = await renderTui(big.app, resolveActor(big.app, 'bob'), { counter, pollMs: 50 });
  cleanups.unshift(() => tui.unmount());
  return { tui, counter };
}

/** Like tui.waitFor, with room for a worker to start on a loaded machine. */
async function waitLong(tui: RenderedTui, predicate: (frame: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (predicate(tui.frame())) return tui.frame();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}; last frame:\n${tui.frame()}`);
}

describe('long counts and reports off the render thread', () => {
  it('shows a running count’s progress in steps of 10,000, then its total', async () => {
    const { tui } = await open(60_000, 1);
    await tui.press('queue.nextTab'); // Unassigned L2: all 60,000
    await tui.waitFor((f) => rowIds(f).length > 0, 'the Unassigned page');
    await waitLong(tui, (f) => f.includes('60,000 tickets'), 'the total');
    const summaries = tui
      .frames()
      .map((f) => f.split('\n')[1] ?? '')
      .filter((line, i, all) => line !== all[i - 1]);
    const steps = summaries.filter((line) => line.includes('≥'));
    expect(steps.length, summaries.join('\n')).toBeGreaterThan(0);
    for (const step of steps) expect(step).toMatch(/^≥ [1-5]0,000 tickets \(counting…\) · sort:/);
    // In order, and before the total.
    const figures = steps.map((line) => Number(/≥ ([\d,]+)/.exec(line)![1]!.replace(/,/g, '')));
    expect([...figures].sort((a, b) => a - b)).toEqual(figures);
    expect(summaries.findIndex((line) => line.includes('60,000 tickets'))).toBeGreaterThan(summaries.indexOf(steps[steps.length - 1]!));
  }, 120_000);

  it('the reports screen says working… at once, answers keys while the worker computes, and shows the report', async () => {
    const { tui } = await open(60_000);
    await tui.waitFor((f) => rowIds(f).length > 0 || f.includes('no tickets'), 'the queue');
    await tui.press('queue.reports');
    // The first frame of the screen, before any answer from the worker could be drawn.
    const first = tui.frames().find((f) => f.includes('SLA by priority'))!;
    expect(first).toContain('working…');
    expect(first).not.toContain('PRIO');
    await tui.press('reports.back');
    expect(tui.frame()).toContain('sort:');
    await tui.press('queue.reports');
    await tui.press('reports.window'); // the all-time report is moot: the 30-day one is shown
    const report = await waitLong(tui, (f) => f.includes('PRIO') && !f.includes('working…'), 'the SLA report');
    expect(report).toContain('tickets created in the last 30d');
    expect(report).toMatch(/^all\s+60000\s/m);
  }, 120_000);
});
