// Urgent arrivals in one's own queues, announced from the live refresh while the TUI is open: a
// second writer (another connection to the same file) creates and changes tickets; the notice
// and the bell follow the config's `bell`.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoApps } from '../helpers/app.js';
import type { App } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { addUser } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { setPriority } from '../../src/app/tickets/ticketActions.js';
import { parseTuiConfig } from '../../src/tui/config.js';
import type { BellSetting } from '../../src/domain/urgentArrivals.js';
import { inProcessCounter } from '../../src/app/tickets/queueCounter.js';
import { renderTui, statusText, type RenderedTui } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Others' changes are read for arrivals at most this often (shorter than the TUI's 5 s, for the test's sake). */
const URGENT_EVERY_MS = 2000;
let nowMs = 0;
function twoWriters(): { mine: App; theirs: App } {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-urgent-'));
  nowMs = Date.parse('2026-03-02T10:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  const { mine, theirs } = twoApps(dir, clock);
  cleanups.push(
    () => mine.store.close(),
    () => theirs.store.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  addUser(theirs, null, { handle: 'admin', role: 'admin' });
  addUser(theirs, null, { handle: 'ann', role: 'requester' });
  addUser(theirs, null, { handle: 'bob', role: 'agent' }); // level 2
  addUser(theirs, null, { handle: 'eve', role: 'engineer' }); // level 3
  return { mine, theirs };
}

async function openAs(app: App, handle: string, bell: BellSetting, rings: string[]): Promise<RenderedTui> {
  // The urgent page is read off the keys' path (a later turn here, the worker in the TUI): count the
  // readings, so that a ticket the test calls new is written after the first one (the baseline).
  const counter = inProcessCounter(app);
  let readings = 0;
  const tui = await renderTui(app, resolveActor(app, handle), {
    pollMs: 50,
    bell,
    onBell: () => rings.push('ring'),
    urgentEveryMs: URGENT_EVERY_MS,
    counter: { ...counter, urgent: (actor, signal) => counter.urgent(actor, signal).finally(() => readings++) },
  });
  cleanups.unshift(() => tui.unmount());
  await tui.waitFor((f) => f.includes(`${handle} (`), 'the queue');
  for (const deadline = Date.now() + 10_000; readings === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
  expect(readings, 'the first reading of the urgent page').toBeGreaterThan(0);
  return tui;
}

describe('urgent arrivals while the TUI is open', () => {
  it('announces a P1 arriving in the agent’s Unassigned queue and rings for it (bell p1)', async () => {
    const { mine, theirs } = twoWriters();
    const admin = resolveActor(theirs, 'admin');
    createTicket(theirs, admin, { subject: 'Already urgent', description: 'd', requester: 'ann', priority: 'P1', level: 2 });
    const rings: string[] = [];
    const tui = await openAs(mine, 'bob', 'p1', rings);
    await new Promise((r) => setTimeout(r, 200));
    expect(statusText(tui.frame())).not.toContain('⚑'); // what was there at start is not news
    createTicket(theirs, admin, { subject: 'Mail server down', description: 'd', requester: 'ann', priority: 'P1', level: 2 });
    const f = await tui.waitFor((x) => statusText(x).includes('⚑ in your queues: P1 #2 Mail server down'), 'the notice');
    const firstNotice = performance.now();
    expect(f).not.toContain('Already urgent ·');
    expect(rings).toHaveLength(1);

    // A P2 is announced, but bell p1 does not ring for it; a P3 elsewhere is not news at all.
    createTicket(theirs, admin, { subject: 'Printer slow', description: 'd', requester: 'ann', priority: 'P3', level: 2 });
    createTicket(theirs, admin, { subject: 'VPN flaky', description: 'd', requester: 'ann', priority: 'P2', level: 2 });
    await tui.waitFor((x) => statusText(x).includes('⚑ in your queues: P2 #4 VPN flaky'), 'the P2 notice');
    // Read at most every URGENT_EVERY_MS (a read costs 0.1–0.5 s of the render thread at a million tickets).
    expect(performance.now() - firstNotice).toBeGreaterThan(URGENT_EVERY_MS - 800);
    await new Promise((r) => setTimeout(r, 200));
    expect(rings).toHaveLength(1);
  });

  it('rings for a P2 raised in the queue under p1p2, and for nothing under off; another level is not the agent’s queue', async () => {
    const { mine, theirs } = twoWriters();
    const admin = resolveActor(theirs, 'admin');
    const id = createTicket(theirs, admin, { subject: 'Slow login', description: 'd', requester: 'ann', priority: 'P4', level: 2 }).id;
    const rings: string[] = [];
    const tui = await openAs(mine, 'bob', 'p1p2', rings);
    createTicket(theirs, admin, { subject: 'Level three fire', description: 'd', requester: 'ann', priority: 'P1', level: 3 });
    setPriority(theirs, admin, id, 'P2');
    await tui.waitFor((x) => statusText(x).includes(`⚑ in your queues: P2 #${id} Slow login`), 'the raised ticket');
    expect(statusText(tui.frame())).not.toContain('Level three fire');
    expect(rings).toHaveLength(1);
    tui.unmount();

    const quiet: string[] = [];
    const off = await openAs(mine, 'eve', 'off', quiet);
    createTicket(theirs, admin, { subject: 'Kernel panic', description: 'd', requester: 'ann', priority: 'P1', level: 3 });
    await off.waitFor((x) => statusText(x).includes('Kernel panic'), 'the notice without a bell');
    expect(quiet).toEqual([]);
  });

  it('announces a breach in the agent’s queue when the clock passes its due time, and rings under breach', async () => {
    const { mine, theirs } = twoWriters();
    const admin = resolveActor(theirs, 'admin');
    createTicket(theirs, admin, { subject: 'Quiet one', description: 'd', requester: 'ann', priority: 'P4', level: 2 });
    const rings: string[] = [];
    const tui = await openAs(mine, 'bob', 'breach', rings);
    await new Promise((r) => setTimeout(r, 150));
    expect(rings).toEqual([]);
    nowMs += 60 * 24 * 3_600_000; // sixty days later: every clock of a P4 has run out
    await tui.waitFor((x) => statusText(x).includes('⚑ in your queues: breach #1 Quiet one'), 'the breach notice');
    expect(rings).toHaveLength(1);
  });

  it('reads bell from the config file and refuses a bad value in one line', () => {
    expect(parseTuiConfig('{"bell":"breach"}', '/c/tui.json').bell).toBe('breach');
    expect(parseTuiConfig('{}', '/c/tui.json').bell).toBeUndefined();
    expect(() => parseTuiConfig('{"bell":"loud"}', '/c/tui.json')).toThrow(/config \/c\/tui\.json: bell: /);
  });
});
