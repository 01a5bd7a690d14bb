// Long counts and reports off the render thread (issue 20), with the real count worker (the
// bundle, dist/count-worker.cjs) on files of many tickets: a running count shows how far it got
// ("≥ 10,000"), then its total. Then the worker made slow for seconds, as a million tickets make
// it (test/helpers/slowCountWorker.mjs holds its thread): the reports screen and a queue tab answer
// every key with a frame while the job is still running, and a job made moot is ended, never shown.
// The urgent page read after a colleague's change runs there too, never on the keys' thread.
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSqliteApp } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { workerCounter, type QueueCounter } from '../../src/app/tickets/queueCounter.js';
import { bigQueue, type BigQueue } from '../helpers/bigQueue.js';
import { cursorId, renderTui, rowIds, type RenderedTui } from './helpers.js';
import type { CommandId } from '../../src/tui/keymap/commands.js';

// The tests after the first mostly wait (a worker holds its thread for seconds, as a million
// tickets would make it) and run at once, each on its own file, built before any of them starts:
// building one blocks the event loop for a moment, which would eat into another's timed keys.
const queues = new Map<string, BigQueue>();
const QUEUE_SIZES = { progress: 60_000, report: 2_000, colleague: 2_000, urgent: 2_000, count: 30_000, search: 30_000 };
beforeAll(() => {
  for (const [name, tickets] of Object.entries(QUEUE_SIZES)) queues.set(name, bigQueue(tickets));
});
afterAll(() => {
  for (const queue of queues.values()) queue.close();
});

/** How long the slow worker holds its thread (see slowCountWorker.mjs): */
interface Slowness {
  /** before each count's answer, */
  countMs?: number;
  /** before each report's answer, */
  reportsMs?: number;
  /** before each answer of the urgent page (the arrivals notice), */
  urgentMs?: number;
  /** after each progress message. */
  progressMs?: number;
}

interface Opened {
  tui: RenderedTui;
  counter: QueueCounter;
  /** The SQLite file (another agent's connection opens it). */
  path: string;
  /** The slow worker's answers so far ("answered reports 4"), oldest first. */
  answers(): string[];
  /** Run when the test ends, first to last. */
  cleanups: Array<() => void>;
}

/**
 * A TUI as bob over the new L2 tickets of `queues[name]`, its counts and reports on the real worker
 * from the bundle (made slow by `slow`); ended when the test is.
 */
async function open(
  context: TestContext,
  name: keyof typeof QUEUE_SIZES,
  options: { progressEvery?: number; slow?: Slowness } = {},
): Promise<Opened> {
  const big = queues.get(name)!;
  const cleanups: Array<() => void> = [];
  context.onTestFinished(() => {
    for (const cleanup of cleanups) cleanup();
  });
  const bundle = fileURLToPath(new URL('../../dist/count-worker.cjs', import.meta.url));
  expect(existsSync(bundle), 'node bin/build.mjs builds dist/count-worker.cjs').toBe(true);
  if (options.slow) writeFileSync(`${big.path}.slow.json`, JSON.stringify(options.slow));
  const script = options.slow ? fileURLToPath(new URL('../helpers/slowCountWorker.mjs', import.meta.url)) : bundle;
  const counter = workerCounter(big.app, big.path, { script, ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}) });
  cleanups.unshift(() => counter.close());
  const tui = await renderTui(big.app, resolveActor(big.app, 'bob'), { counter, pollMs: 50 });
  cleanups.unshift(() => tui.unmount());
  const log = `${big.path}.jobs.log`;
  return {
    tui,
    counter,
    path: big.path,
    cleanups,
    answers: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The queue's summary line (the total, or the count's progress, and the sort). */
const summary = (frame: string) => frame.split('\n')[1] ?? '';
/** A key's frame comes at once while a job holds the worker (a generous bound: the machine is loaded; the holds are seconds). */
const QUICK_MS = 2_000;

/** Presses `command` and returns the first frame drawn after it that `shows` (failing past QUICK_MS), and how long it took. */
async function answered(tui: RenderedTui, command: CommandId, shows: (frame: string) => boolean, what: string) {
  const drawn = tui.frames().length;
  const pressed = Date.now();
  await tui.press(command);
  for (;;) {
    const frame = tui.frames().slice(drawn).find(shows);
    const ms = Date.now() - pressed;
    if (frame) {
      expect(ms, `${command}: ${what}`).toBeLessThan(QUICK_MS);
      return { frame, ms };
    }
    if (ms > QUICK_MS) throw new Error(`${command} drew no frame with ${what} within ${QUICK_MS} ms; last frame:\n${tui.frame()}`);
    await pause(5);
  }
}

describe('long counts and reports off the render thread', () => {
  // First and alone: a progress message per ticket keeps the event loop busy.
  it('shows a running count’s progress in steps of 10,000, then its total', async (context) => {
    const { tui } = await open(context, 'progress', { progressEvery: 1 });
    await tui.press('queue.nextTab'); // Unassigned L2: all 60,000
    await tui.waitFor((f) => rowIds(f).length > 0, 'the Unassigned page');
    const isTotal = (line: string) => line.startsWith('60,000 tickets');
    await waitLong(tui, (f) => isTotal(summary(f)), 'the total');
    const summaries = tui
      .frames()
      .map((f) => f.split('\n')[1] ?? '')
      .filter((line, i, all) => line !== all[i - 1]);
    const steps = summaries.filter((line) => line.includes('≥'));
    expect(steps.length, summaries.join('\n')).toBeGreaterThan(0);
    // The 60,000th ticket counted is told before the count knows it was the last: "≥ 60,000" is
    // true, and a loaded machine draws it before the total.
    for (const step of steps) expect(step).toMatch(/^≥ [1-6]0,000 tickets \(counting…\) · sort:/);
    // In order, and before the total.
    const figures = steps.map((line) => Number(/≥ ([\d,]+)/.exec(line)![1]!.replace(/,/g, '')));
    expect([...figures].sort((a, b) => a - b)).toEqual(figures);
    expect(summaries.findIndex(isTotal)).toBeGreaterThan(summaries.indexOf(steps[steps.length - 1]!));
  }, 120_000);

  it.concurrent(
    'a report that takes seconds: working… at once; Tab, w, Esc and the queue’s j answered meanwhile; leaving ends it; reopening runs a fresh one',
    async (context) => {
      const REPORT_MS = 5_000;
      const { tui, answers } = await open(context, 'report', { slow: { reportsMs: REPORT_MS } });
      const reportsAnswered = () => answers().filter((a) => a.startsWith('answered reports'));
      await tui.press('queue.nextTab'); // Unassigned L2: all 2,000
      await waitLong(tui, (f) => f.includes('2,000 tickets'), 'the Unassigned total');
      const drawn = tui.frames().length;
      // The screen's first frame says working…, with no report yet.
      const { frame: first } = await answered(tui, 'queue.reports', (f) => f.includes('SLA by priority'), 'the reports screen');
      expect(first).toContain('working…');
      expect(first).not.toContain('PRIO');
      // Every key is answered while the worker holds the report (each frame still says working…).
      const backlog = await answered(tui, 'reports.switch', (f) => f.includes('$ ticketty report backlog'), 'the backlog chosen');
      expect(backlog.frame).toContain('working…');
      const windowed = await answered(tui, 'reports.window', (f) => f.includes('last 30d'), 'the 30-day window'); // all time is moot
      const windowChosen = Date.now();
      expect(windowed.frame).toContain('working…');
      const queue = await answered(tui, 'reports.back', (f) => f.includes('sort:'), 'the queue'); // so is the 30-day report
      const top = cursorId(queue.frame);
      expect(top).toBe(rowIds(queue.frame)[0]);
      const moved = await answered(tui, 'queue.down', (f) => cursorId(f) !== top, 'the cursor moved');
      expect(cursorId(moved.frame)).toBe(rowIds(moved.frame)[1]);
      expect(Date.now() - windowChosen, 'Esc and j answered before the 30-day report could be').toBeLessThan(REPORT_MS);
      // Past the time the 30-day report needed: it never answered (its worker was ended) and no report was drawn.
      await pause(windowChosen + REPORT_MS + 1_500 - Date.now());
      expect(reportsAnswered()).toEqual([]);
      expect(
        tui
          .frames()
          .slice(drawn)
          .filter((f) => f.includes('PRIO')),
      ).toEqual([]);
      expect(cursorId(tui.frame())).toBe(cursorId(moved.frame));
      // Reopening starts a fresh report: working… again, then its answer after the worker's hold.
      const reopened = Date.now();
      const again = await answered(tui, 'queue.reports', (f) => f.includes('SLA by priority'), 'the reports screen again');
      expect(again.frame).toContain('working…');
      expect(again.frame).not.toContain('PRIO');
      const report = await waitLong(tui, (f) => f.includes('PRIO') && !f.includes('working…'), 'the SLA report');
      expect(Date.now() - reopened).toBeGreaterThanOrEqual(REPORT_MS);
      expect(report).toContain('tickets created at any time');
      expect(report).toMatch(/^all\s+2000\s/m);
      expect(reportsAnswered()).toHaveLength(1);
    },
    120_000,
  );

  it.concurrent(
    'a colleague writing every second never restarts a running report: it is shown when it answers, and one more follows',
    async (context) => {
      const REPORT_MS = 2_500;
      const { tui, cleanups, path, answers } = await open(context, 'colleague', { slow: { reportsMs: REPORT_MS } });
      const colleague = openSqliteApp(path, { now: () => new Date('2026-03-02T10:00:00Z') });
      cleanups.push(() => colleague.store.close());
      const bob = resolveActor(colleague, 'bob');
      await tui.waitFor((f) => f.includes('sort:'), 'the queue');
      await tui.press('queue.reports');
      let written = 0;
      const write = () => void createTicket(colleague, bob, { subject: `New ${++written}`, description: 'd', requester: 'ann', level: 2 });
      write();
      const writer = setInterval(write, 1_000);
      cleanups.unshift(() => clearInterval(writer));
      // Restarted at each write, a report never answers; run to its end, it is on screen after one hold or two.
      const deadline = Date.now() + 4 * REPORT_MS;
      while (!tui.frame().includes('PRIO') && Date.now() < deadline) await pause(20);
      expect(tui.frame(), 'a report while the colleague writes').toContain('PRIO');
      await pause(1_500); // a write since: the report stays on screen while the next one runs
      expect(tui.frame()).toContain('PRIO');
      expect(tui.frame()).toContain('working…');
      clearInterval(writer);
      const final = await waitLong(tui, (f) => f.includes('PRIO') && !f.includes('working…'), 'the report of the last write');
      expect(final).toMatch(new RegExp(`^all\\s+${2_000 + written}\\s`, 'm'));
      expect(answers().filter((a) => a.startsWith('answered reports')).length).toBeGreaterThanOrEqual(2);
    },
    120_000,
  );

  it.concurrent(
    'the urgent page read after a colleague’s change runs in the worker: keys answered while it is held, then the notice',
    async (context) => {
      const URGENT_MS = 3_000;
      const { tui, cleanups, path, answers } = await open(context, 'urgent', { slow: { urgentMs: URGENT_MS } });
      const urgentAnswered = () => answers().filter((a) => a.startsWith('answered urgent'));
      await waitLong(tui, (f) => f.includes('sort:'), 'the queue');
      // The first reading (what is already there is no news) comes from the worker, after its hold.
      const deadline = Date.now() + 4 * URGENT_MS;
      while (urgentAnswered().length < 1 && Date.now() < deadline) await pause(20);
      expect(urgentAnswered()).toHaveLength(1);
      await tui.press('queue.nextTab'); // Unassigned L2
      await waitLong(tui, (f) => f.includes('2,000 tickets'), 'the Unassigned total');
      const colleague = openSqliteApp(path, { now: () => new Date('2026-03-02T10:00:00Z') });
      cleanups.push(() => colleague.store.close());
      const admin = resolveActor(colleague, 'admin');
      const written = Date.now();
      const fire = createTicket(colleague, admin, {
        subject: 'Mail server down',
        description: 'd',
        requester: 'ann',
        priority: 'P1',
        level: 2,
      });
      await waitLong(tui, (f) => f.includes('2,001 tickets'), 'the colleague’s ticket counted');
      // Meanwhile the worker holds the urgent read: every key still draws its frame at once.
      for (let i = 0; i < 3; i++) {
        const top = cursorId(tui.frame());
        await answered(tui, 'queue.down', (f) => cursorId(f) !== top, 'the cursor moved');
      }
      expect(tui.frame()).not.toContain('⚑');
      const notice = await waitLong(tui, (f) => f.includes(`⚑ in your queues: P1 #${fire.id} Mail server down`), 'the notice');
      expect(notice).toContain('Mail server down');
      expect(Date.now() - written).toBeGreaterThanOrEqual(URGENT_MS);
      expect(urgentAnswered().length).toBeGreaterThanOrEqual(2);
    },
    120_000,
  );

  it.concurrent(
    'a count that takes seconds: the page first, then ≥ 10,000…; j and PageDown move meanwhile; leaving the tab ends the moot count',
    async (context) => {
      const HOLD_MS = 2_000;
      const { tui, answers } = await open(context, 'count', { progressEvery: 10_000, slow: { countMs: HOLD_MS, progressMs: HOLD_MS } });
      const countsAnswered = () => answers().filter((a) => a.startsWith('answered count'));
      await waitLong(tui, (f) => summary(f).startsWith('0 tickets'), 'Mine’s total (none)');
      expect(countsAnswered()).toHaveLength(1);
      const drawn = tui.frames().length;
      // Unassigned L2, all 30,000: the page at once, the total to come.
      const { frame: page } = await answered(tui, 'queue.nextTab', (f) => rowIds(f).length > 0, 'the Unassigned page');
      const countStarted = Date.now();
      expect(summary(page)).toMatch(/^(counting…|≥ 10,000 tickets \(counting…\)) · sort:/);
      await waitLong(tui, (f) => summary(f).startsWith('≥ 10,000 tickets (counting…)'), 'the count’s progress');
      const top = cursorId(tui.frame());
      const down = await answered(tui, 'queue.down', (f) => cursorId(f) !== top, 'the cursor moved');
      expect(summary(down.frame)).toContain('(counting…)');
      const paged = await answered(tui, 'queue.pageDown', (f) => rowIds(f)[0] !== rowIds(down.frame)[0], 'the next page');
      expect(summary(paged.frame)).toContain('(counting…)');
      // Two tabs on (All open, then Waiting, empty): both counts left behind are moot.
      await tui.press('queue.nextTab');
      await tui.press('queue.nextTab');
      await waitLong(tui, (f) => rowIds(f).length === 0 && summary(f).startsWith('0 tickets'), 'Waiting’s total (none)');
      // Past the time the Unassigned count needed (three progress holds and the answer's): it never answered.
      await pause(countStarted + 4 * HOLD_MS + 1_500 - Date.now());
      expect(countsAnswered(), 'Mine and Waiting only').toHaveLength(2);
      expect(
        tui
          .frames()
          .slice(drawn)
          .filter((f) => f.includes('30,000 tickets')),
      ).toEqual([]);
      expect(summary(tui.frame())).toMatch(/^0 tickets · sort:/);
    },
    120_000,
  );
  it.concurrent(
    'a text search whose count takes seconds: its matches first, j moves while counting, the count it replaced never answers',
    async (context) => {
      const HOLD_MS = 2_000;
      const { tui, answers } = await open(context, 'search', { progressEvery: 10_000, slow: { countMs: HOLD_MS, progressMs: HOLD_MS } });
      const countsAnswered = () => answers().filter((a) => a.startsWith('answered count'));
      await waitLong(tui, (f) => summary(f).startsWith('0 tickets'), 'Mine’s total (none)');
      await answered(tui, 'queue.nextTab', (f) => rowIds(f).length > 0, 'the Unassigned page'); // its count starts
      await tui.press('queue.search');
      await tui.type('printer');
      const { frame: matches } = await answered(
        tui,
        'prompt.submit',
        (f) => f.includes('search: printer') && rowIds(f).length > 0,
        'the matches',
      );
      const searched = Date.now();
      expect(summary(matches)).toMatch(/^(counting…|≥ [\d,]+ tickets \(counting…\)) · sort:/);
      const top = cursorId(matches);
      const down = await answered(tui, 'queue.down', (f) => cursorId(f) !== top, 'the cursor moved');
      expect(summary(down.frame)).toContain('counting…');
      const counted = await waitLong(tui, (f) => summary(f).startsWith('30,000 tickets'), 'the search’s total');
      expect(summary(counted)).toContain('search: printer');
      expect(Date.now() - searched).toBeGreaterThanOrEqual(HOLD_MS); // its own count, held, not a late answer for the tab
      expect(countsAnswered(), 'Mine and the search only').toHaveLength(2);
    },
    120_000,
  );
});
