// Live refresh from another connection, the config file, and NO_COLOR.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoApps } from '../helpers/app.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { addUser } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { loadTuiConfig, parseTuiConfig } from '../../src/tui/config.js';
import { seedPeople, testWorld } from '../helpers/app.js';
import { setDictionary } from '../../src/app/settings/dictionaries.js';
import { themeFor } from '../../src/tui/theme.js';
import { inProcessCounter } from '../../src/app/tickets/queueCounter.js';
import { cursorId, renderTui, rowIds, type RenderedTui } from './helpers.js';
import { PREFETCH_REST_MS } from '../../src/tui/screens/queue/useQueue.js';

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** The keyboard's rest before a live change shows, in the test of it. */
const REST_MS = 1000;
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-tui-'));
  dirs.push(dir);
  return dir;
};

/** This TUI's app and another agent's process on one file: admin, ann, bob, and five tickets at level 2. */
function twoAgentsOnOneFile() {
  const clock = { now: () => new Date('2026-03-02T10:00:00Z') };
  const { mine, theirs } = twoApps(tempDir(), clock);
  cleanups.push(
    () => mine.store.close(),
    () => theirs.store.close(),
  );
  addUser(theirs, null, { handle: 'admin', role: 'admin' });
  addUser(theirs, null, { handle: 'ann', role: 'requester' });
  addUser(theirs, null, { handle: 'bob', role: 'agent' });
  const bob = resolveActor(theirs, 'bob');
  for (let i = 1; i <= 5; i++) createTicket(theirs, bob, { subject: `Ticket ${i}`, description: 'd', requester: 'ann', level: 2 });
  return { mine, theirs, bob };
}

describe('live refresh', () => {
  it('shows changes committed by another process within a second, keeping the cursor on its ticket', async () => {
    const { mine, theirs, bob } = twoAgentsOnOneFile();

    const tui: RenderedTui = await renderTui(mine, resolveActor(mine, 'bob'), { pollMs: 100, keysRestMs: 0 }); // the keyboard's rest: the next test
    cleanups.unshift(() => tui.unmount());
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => f.includes('5 tickets'));
    await tui.keys('j', 'j');
    expect(cursorId(tui.frame())).toBe(3);

    // Another agent takes #1 (it leaves "Unassigned") and a new ticket arrives.
    acceptTicket(theirs, bob, 1);
    createTicket(theirs, bob, { subject: 'Fresh one', description: 'd', requester: 'ann', level: 2 });
    const started = Date.now();
    const frame = await tui.waitFor((f) => f.includes('Fresh one') && !rowIds(f).includes(1), 'the other agent’s changes');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rowIds(frame)).toEqual([2, 3, 4, 5, 6]);
    expect(cursorId(frame)).toBe(3);
  });

  it('applies a change seen while keys arrive once the keyboard rests, so the write never lands between a key and its frame', async () => {
    const { mine, theirs, bob } = twoAgentsOnOneFile();
    const tui: RenderedTui = await renderTui(mine, resolveActor(mine, 'bob'), { pollMs: 20, keysRestMs: REST_MS });
    cleanups.unshift(() => tui.unmount());
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => f.includes('5 tickets'));

    createTicket(theirs, bob, { subject: 'Fresh one', description: 'd', requester: 'ann', level: 2 });
    // Keys 40 ms apart for a second (polls every 20 ms see the change all along): no refresh while
    // a key came within the rest time (long here: a loaded machine takes ~300 ms a key in this test).
    let last = performance.now();
    let longestGap = 0;
    let refreshedWhileTyping = false;
    for (const started = performance.now(); performance.now() - started < 1000; ) {
      await tui.keys(cursorId(tui.frame()) === 1 ? 'j' : 'k');
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      if (tui.frame().includes('Fresh one') && longestGap < REST_MS) refreshedWhileTyping = true;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(refreshedWhileTyping).toBe(false);
    // Resting: the change shows within a few polls.
    await tui.waitFor((f) => f.includes('Fresh one'), 'the change once the keys rest');
  });
});

/** Bob's TUI on `twoAgentsOnOneFile`, refreshing every 50 ms, with its queue's page reads counted. */
async function bobCountingPages() {
  const { mine, theirs, bob } = twoAgentsOnOneFile();
  // The queue's page reads, counted at the repository the TUI's app reads through.
  let pages = 0;
  const list = mine.tickets.list.bind(mine.tickets);
  mine.tickets.list = (query) => (pages++, list(query));
  // The urgent page (the arrivals notice) is read through the same repository, in the count
  // worker in the TUI, on this thread here: not what these tests count.
  const counter = { ...inProcessCounter(mine), urgent: async () => [] };
  const tui = await renderTui(mine, resolveActor(mine, 'bob'), { pollMs: 50, keysRestMs: 0, counter });
  cleanups.unshift(() => tui.unmount());
  return { tui, theirs, bob, pages: () => pages };
}

describe('live refresh under another screen', () => {
  it('the queue reads nothing while the reports cover it, and shows the change once it is back', async () => {
    const { tui, theirs, bob, pages } = await bobCountingPages();
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => f.includes('5 tickets'));
    await tui.press('queue.reports');
    await tui.waitFor((f) => f.includes('SLA by priority'), 'the reports screen');
    await new Promise((r) => setTimeout(r, 300)); // the queue's read-ahead after the tab, done
    const before = pages();
    createTicket(theirs, bob, { subject: 'Arrived under the reports', description: 'd', requester: 'ann', level: 2 });
    await tui.waitFor((f) => /^all\s+6\s/m.test(f), 'the reports of the change'); // the live refresh saw it
    await new Promise((r) => setTimeout(r, 300));
    expect(pages(), 'page reads of the hidden queue').toBe(before);
    await tui.press('reports.back');
    const back = await tui.waitFor((f) => f.includes('6 tickets') && f.includes('Arrived under the reports'), 'the queue with the change');
    expect(pages()).toBeGreaterThan(before);
    expect(back).toContain('sort:');
  });
});

describe('the tabs beside this one, read while the keys rest', () => {
  it('Tab draws the next tab without a read; a change by anyone makes it read again', async () => {
    const { tui, theirs, bob, pages } = await bobCountingPages();
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => f.includes('5 tickets'));
    await new Promise((r) => setTimeout(r, PREFETCH_REST_MS + 300)); // the keys rest: both neighbours read
    const before = pages();
    const first = tui.frame();
    await tui.press('queue.nextTab');
    await tui.waitFor((f) => f !== first, 'the next tab');
    await new Promise((r) => setTimeout(r, 150)); // its total, counted off the page
    const cached = tui.frame();
    expect(pages(), 'page reads on Tab').toBe(before);
    // What it drew is what a read gives now.
    await tui.press('queue.refresh');
    await new Promise((r) => setTimeout(r, 150));
    expect(pages()).toBeGreaterThan(before);
    expect(rowIds(tui.frame())).toEqual(rowIds(cached));
    expect(tui.frame().match(/\d+ tickets?/)?.[0]).toEqual(cached.match(/\d+ tickets?/)?.[0]);
    await tui.press('queue.prevTab');
    await tui.waitFor((f) => f.includes('5 tickets'), 'back on the tab before');
    // Someone else's change: the windows read before it are of older data.
    createTicket(theirs, bob, { subject: 'Fresh one', description: 'd', requester: 'ann', level: 2 });
    await tui.waitFor((f) => f.includes('6 tickets'), 'the change, seen by the live refresh');
    const afterChange = pages();
    await tui.press('queue.nextTab');
    await new Promise((r) => setTimeout(r, 100));
    expect(pages(), 'page reads on Tab after the change').toBeGreaterThan(afterChange);
  });
});

describe('config', () => {
  it('reads remaps and saved views from TICKETTY_CONFIG or XDG_CONFIG_HOME', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tui.json'), JSON.stringify({ keys: { 'queue.down': 'J' }, views: [{ name: 'Hot', filter: 'priority<=P2' }] }));
    const config = loadTuiConfig({ TICKETTY_CONFIG: join(dir, 'tui.json') });
    expect(config.keys).toEqual({ 'queue.down': ['J'] });
    expect(config.views).toEqual([{ name: 'Hot', filter: 'priority<=P2' }]);
    expect(loadTuiConfig({ XDG_CONFIG_HOME: tempDir() })).toEqual({ keys: {}, views: [], path: null });
    expect(() => loadTuiConfig({ TICKETTY_CONFIG: join(dir, 'missing.json') })).toThrow(/missing.json: no such file/);
  });

  it('refuses a bad config with one clear line naming the place', () => {
    const bad = (json: unknown) => () => parseTuiConfig(JSON.stringify(json), 'tui.json');
    expect(() => parseTuiConfig('{', 'tui.json')).toThrow(/^config tui.json: not valid JSON/);
    expect(bad({ keys: { 'queue.dwn': ['n'] } })).toThrow('config tui.json: keys.queue.dwn: unknown command (did you mean queue.down?)');
    expect(bad({ keys: { 'queue.down': ['ctrl+shift+alt'] } })).toThrow(/keys.queue.down.0: not a key: use one character/);
    expect(bad({ keys: { 'queue.down': ['s'] } })).toThrow("config tui.json: keys: 's' is bound to both queue.down and queue.sort");
    expect(bad({ views: [{ name: 'x', filter: 'status=bogus' }] })).toThrow(
      "config tui.json: views.0.filter: bad filter at column 8: 'bogus' is not a status",
    );
    expect(bad({ colours: true })).toThrow(/config tui.json: top level: Unrecognized key/);
  });

  it("reads a saved view's status label with the database's dictionary", () => {
    const w = testWorld();
    seedPeople(w);
    setDictionary(w.app, w.actor('admin'), 'status', 'pending', 'WAITING L1', 1);
    const json = JSON.stringify({ views: [{ name: 'Waiting on us', filter: 'status="WAITING L1"' }] });
    expect(parseTuiConfig(json, 'tui.json', w.app).views).toEqual([{ name: 'Waiting on us', filter: 'status="WAITING L1"' }]);
    expect(() => parseTuiConfig(json.replace('WAITING L1', 'WAITING L9'), 'tui.json', w.app)).toThrow(
      /^config tui.json: views.0.filter: bad filter at column 8: "WAITING L9" is not a status \(.*\) or a status label$/,
    );
    w.close();
  });
});

describe('NO_COLOR', () => {
  it('switches every colour off (attributes such as inverse stay)', () => {
    expect(themeFor({ NO_COLOR: '1' }).color('danger')).toBeUndefined();
    expect(themeFor({}).color('danger')).toBe('red');
    expect(themeFor({ NO_COLOR: '' }).colors).toBe(true);
  });
});
