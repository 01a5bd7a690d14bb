// The queue's total is counted off the render thread (issue 20): the page comes first, a count
// made moot by the next key is cancelled and its late answer never shown, and a write by someone
// else keeps the total on screen (marked stale) instead of restarting a running count.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoApps } from '../helpers/app.js';
import type { App } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { addUser } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { inProcessCounter, type QueueCounter } from '../../src/app/tickets/queueCounter.js';
import { renderTui, rowIds, type RenderedTui } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

interface HeldCount {
  where: string | undefined;
  signal: AbortSignal;
  /** Runs the real count now and answers with it (even when cancelled: a late answer). */
  release(): Promise<void>;
}

/** The real counter, each count held until the test releases it. */
function heldCounter(app: App): { counter: QueueCounter; calls: HeldCount[] } {
  const real = inProcessCounter(app);
  const calls: HeldCount[] = [];
  const counter: QueueCounter = {
    count: (actor, where, signal) =>
      new Promise((resolve) => {
        calls.push({ where, signal, release: async () => resolve(await real.count(actor, where, new AbortController().signal)) });
      }),
    reports: real.reports,
    urgent: real.urgent,
    close: () => undefined,
  };
  return { counter, calls };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TOTAL = /\d+ tickets?\b/;

/** Two connections to one file: the TUI's, and another agent's. Five new L2 tickets; bob takes #1. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-total-'));
  const clock = { now: () => new Date('2026-03-02T10:00:00Z') };
  const { mine, theirs } = twoApps(dir, clock);
  cleanups.push(() => {
    mine.store.close();
    theirs.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  addUser(theirs, null, { handle: 'admin', role: 'admin' });
  addUser(theirs, null, { handle: 'ann', role: 'requester' });
  addUser(theirs, null, { handle: 'bob', role: 'agent' });
  const bob = resolveActor(theirs, 'bob');
  for (let i = 1; i <= 5; i++) createTicket(theirs, bob, { subject: `Ticket ${i}`, description: 'd', requester: 'ann', level: 2 });
  acceptTicket(theirs, bob, 1);
  return { mine, theirs, bob };
}

async function open(app: App, counter: QueueCounter): Promise<RenderedTui> {
  const tui = await renderTui(app, resolveActor(app, 'bob'), { counter, pollMs: 50 });
  cleanups.unshift(() => tui.unmount());
  return tui;
}

describe('the queue total, counted off the render thread', () => {
  it('shows the page first with "counting…", then the total when the count answers', async () => {
    const { mine } = setup();
    const { counter, calls } = heldCounter(mine);
    const tui = await open(mine, counter);
    await tui.press('queue.nextTab'); // Unassigned L2: #2–#5
    const page = await tui.waitFor((f) => rowIds(f).length === 4, 'the Unassigned page');
    expect(rowIds(page)).toEqual([2, 3, 4, 5]);
    expect(page).toContain('counting…');
    expect(page).not.toMatch(TOTAL);
    // Mine's count was still running when the tab changed: cancelled.
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    await calls[1]!.release();
    const counted = await tui.waitFor((f) => TOTAL.test(f), 'the total');
    expect(counted).toContain('4 tickets');
    expect(counted).not.toContain('counting…');
  });

  it('never shows the answer of a count made moot by the next key', async () => {
    const { mine } = setup();
    const { counter, calls } = heldCounter(mine);
    const tui = await open(mine, counter);
    await tui.press('queue.nextTab'); // Unassigned L2 (4)
    await tui.press('queue.nextTab'); // All open (5)
    await tui.waitFor((f) => rowIds(f).length === 5, 'the All open page');
    expect(calls).toHaveLength(3);
    // The answers for Mine (1) and Unassigned (4) come late, after their tabs were left.
    await calls[1]!.release();
    await calls[0]!.release();
    await pause(150);
    expect(tui.frame()).toContain('counting…');
    expect(tui.frame()).not.toMatch(TOTAL);
    await calls[2]!.release();
    expect(await tui.waitFor((f) => TOTAL.test(f), 'the total')).toContain('5 tickets');
  });

  it('keeps the last total, marked stale, through others’ writes, and never restarts a running count', async () => {
    const { mine, theirs, bob } = setup();
    const { counter, calls } = heldCounter(mine);
    const tui = await open(mine, counter);
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => rowIds(f).length === 4, 'the Unassigned page');
    await calls[calls.length - 1]!.release();
    await tui.waitFor((f) => f.includes('4 tickets'), 'the total');
    const before = calls.length;

    createTicket(theirs, bob, { subject: 'Fresh one', description: 'd', requester: 'ann', level: 2 });
    const stale = await tui.waitFor((f) => rowIds(f).includes(6), 'the new ticket');
    expect(stale).toContain('4 tickets (recounting…)');
    expect(calls).toHaveLength(before + 1);
    // Another write while that count runs: the page follows, the count is not started again.
    createTicket(theirs, bob, { subject: 'Fresher one', description: 'd', requester: 'ann', level: 2 });
    await tui.waitFor((f) => rowIds(f).includes(7), 'the second new ticket');
    await pause(150);
    expect(calls).toHaveLength(before + 1);

    // The running count answers (as of its data, now 6): shown, still stale, and one more count follows.
    await calls[before]!.release();
    await tui.waitFor((f) => f.includes('(recounting…)') && calls.length === before + 2, 'the follow-up count');
    await calls[before + 1]!.release();
    const fresh = await tui.waitFor((f) => f.includes('6 tickets') && !f.includes('recounting'), 'the fresh total');
    expect(fresh).toContain('6 tickets');
  });
});
