// Key → frame on every screen of the TUI, quiet and with a concurrent writer (issue 20 item 5,
// issue 16 "Speed"), on a scratch copy of the demo database, at 100×30:
// - every queue tab (Tab to it, then `j` and PageDown 50 ms apart), the Tab key itself;
// - a text search on *Closed*: `/`, a common word, Enter: the time to the first page of matches
//   (from the Enter that submits it to the frame drawing rows), then `j`/PageDown in the matches;
// - the reports screen: `%`, then its keys (tab, w) 300 ms apart;
// - the composer (`r`, a public reply): typing at 60 ms a character in bursts, with pauses around
//   the draft's 400 ms debounce so that the saves (a write each) fall between and under keys.
// Each run goes through all of it twice in one TUI process and judges the second pass: the first
// meets each screen's code for the first time since start-up (its p99 is in the note), the second
// is a TUI at work. The search's Enter is judged as the time to the first page of matches (≤ 50 ms,
// issue 20 item 2): that page is the Enter's frame.
// The writer is this process through the real use case (as the batch bench): one open ticket's
// priority changed every second while the keys are sent. Each writer figure is printed beside the
// quiet one (as its baseline); targets: p99 ≤ 16 ms quiet, ≤ 50 ms with the writer, judged on the
// latency from the key's send (see tuiSession.ts), the in-process figure in the note.
import Database from 'better-sqlite3';
import { openSqliteApp } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { assignTicket, setPriority } from '../../src/app/tickets/ticketActions.js';
import { fixedClock } from '../../src/domain/clock.js';
import { copyDb, removeDb } from './demoDb.js';
import { BENCH_NOW, log, quantile, skipped, type Figure, type Summary } from './measure.js';
import { DEFAULT_TERM } from './tui.js';
import { sleep, TuiSession, type KeyBatch, type KeyTiming } from './tuiSession.js';

const QUIET_MS = 16;
const LOADED_MS = 50;
const TABS = ['All open', 'Waiting', 'Breaching', 'Solved', 'Closed', 'Mine', 'Unassigned'];
const SEARCH_WORD = 'printer';
/** Composer text: bursts of characters 60 ms apart, pauses around the 400 ms draft debounce. */
const REPLY = 'Thanks for the report, the printer queue is cleared now. Please try again and tell us.';

type Mode = 'quiet' | 'writer';
/** name → key timings, in the order measured. */
type Results = Map<string, { keys: KeyTiming[]; missing: number }>;

function record(results: Results, name: string, batch: KeyBatch): void {
  const r = results.get(name) ?? { keys: [], missing: 0 };
  r.keys.push(...batch.timings);
  r.missing += batch.missing;
  results.set(name, r);
}

/** Runs every screen once in `mode`; the writer (when on) changes one ticket a second meanwhile. */
async function scenario(db: string, mode: Mode, presses: number): Promise<{ results: Results; cold: Results; writes: number[] }> {
  const results: Results = new Map();
  const cold: Results = new Map();
  const writes: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  const app = openSqliteApp(db, fixedClock(BENCH_NOW));
  const session = new TuiSession(db, DEFAULT_TERM);
  try {
    await session.start();
    await sleep(1000);
    if (mode === 'writer') {
      const actor = resolveActor(app, 'admin');
      const probe = new Database(db, { readonly: true });
      const ticket = probe.prepare("SELECT id FROM tickets WHERE status = 'open' ORDER BY id LIMIT 1").pluck().get() as number;
      probe.close();
      let priority = 'P2';
      timer = setInterval(() => {
        priority = priority === 'P2' ? 'P3' : 'P2';
        const t = performance.now();
        setPriority(app, actor, ticket, priority);
        writes.push(performance.now() - t);
      }, 1000);
    }
    const js = Array.from({ length: Math.max(10, Math.round(presses / 10)) }, () => 'j');
    const pages = Array.from({ length: Math.max(5, Math.round(presses / 25)) }, () => 'PageDown');
    // Twice through every screen in the same process: the first pass meets each screen's code for
    // the first time since start-up (reported as context), the second is a TUI at work, as the
    // agents of the PostgreSQL bench are after their warm-up. Tab after the last tab is All open again.
    await walkScreens(session, cold, js, pages);
    await session.press(['Tab'], 300);
    await walkScreens(session, results, js, pages);
    return { results, cold, writes };
  } finally {
    if (timer) clearInterval(timer);
    session.close();
    app.store.close();
  }
}

/** Every queue tab from All open, a text search on Closed, the reports, the composer; back on the queue's last tab. */
async function walkScreens(session: TuiSession, results: Results, js: string[], pages: string[]): Promise<void> {
  // The admin starts on All open; Tab walks the others in TABS order.
  for (const [i, tab] of TABS.entries()) {
    if (i > 0) record(results, 'tab switch (Tab)', await session.press(['Tab'], 300));
    record(results, `tab ${tab}: j, PageDown`, await session.press([...js, ...pages], 50));
    if (tab === 'Closed') {
      await session.press(['/', ...SEARCH_WORD], 60, { literal: true });
      // The Enter's frame is the first page of matches: judged as that (issue 20 item 2, ≤ 50 ms).
      const enter = session.sentCount();
      await session.press(['Enter'], 300);
      await sleep(1000);
      const first = session.firstSearchPage(enter);
      const page = results.get('search: first page') ?? { keys: [], missing: 0 };
      if (first) page.keys.push({ name: 'Enter', ...first });
      else page.missing++;
      results.set('search: first page', page);
      record(results, `search "${SEARCH_WORD}" on Closed: j, PageDown`, await session.press([...js, ...pages], 50));
      await session.press(['Escape'], 500);
    }
  }
  record(results, 'reports: % (open)', await session.press(['%'], 500, { settleMs: 60_000 }));
  record(results, 'reports: tab, w', await session.press(['Tab', 'w', 'w', 'Tab', 'w', 'w', 'Tab', 'w'], 300, { settleMs: 60_000 }));
  await session.press(['Escape'], 500);
  await session.press(['r'], 500);
  // Typed anywhere but the composer, the text would run as commands.
  if (!session.screen().includes('PUBLIC REPLY')) throw new Error(`r opened no composer; screen:\n${session.screen()}`);
  const chars = [...REPLY];
  // Bursts of 5–9 characters; the pauses straddle the 400 ms debounce (a save may run as the next key lands).
  const gaps = chars.map((_, i) => (i % 7 === 6 ? 380 + ((i * 37) % 120) : 60));
  record(results, 'composer: typing a reply (drafts saved)', await session.press(chars, gaps, { literal: true }));
  await session.press(['Escape'], 300);
  await session.press(['d'], 300);
}

function p99Of(keys: KeyTiming[], pick: (k: KeyTiming) => number): Summary | null {
  if (!keys.length) return null;
  const sorted = keys.map(pick).sort((a, b) => a - b);
  return { median: quantile(sorted, 0.99), min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

function noteOf(keys: KeyTiming[], missing: number, cold: { keys: KeyTiming[] } | undefined): string {
  const inProcess = p99Of(keys, (k) => k.inProcess);
  const p50 = quantile(
    keys.map((k) => k.fromSend).sort((a, b) => a - b),
    0.5,
  );
  const first = cold ? p99Of(cold.keys, (k) => k.fromSend) : null;
  return (
    `${keys.length} keys${missing ? `, ${missing} without a frame` : ''}; p50 ${p50.toFixed(1)} ms; in process p99 ${inProcess?.median.toFixed(1) ?? '—'} ms` +
    (first ? `; first pass after start-up p99 ${first.median.toFixed(1)} ms` : '')
  );
}

/**
 * The demo's admin has no tickets of its own, and `j` on an empty *Mine* changes nothing, so draws
 * no frame: the bench paired those keys with the next frame drawn for another reason, seconds
 * later (the "Mine p50 155 ms" of an earlier run). The scratch copy gives the admin open tickets,
 * taken through the use case, so the tab's keys move a cursor as an agent's do.
 */
export function giveAdminWork(scratch: string, tickets = 200): void {
  const app = openSqliteApp(scratch, fixedClock(BENCH_NOW));
  try {
    const actor = resolveActor(app, 'admin');
    const probe = new Database(scratch, { readonly: true });
    const ids = probe
      .prepare("SELECT id FROM tickets WHERE status = 'open' AND assignee_id IS NOT NULL ORDER BY id DESC LIMIT ?")
      .pluck()
      .all(tickets) as number[];
    probe.close();
    for (const id of ids) assignTicket(app, actor, id, 'admin');
  } finally {
    app.store.close();
  }
}

/** Quiet and writer runs on one scratch copy; a figure per screen, the writer's beside the quiet one. */
export async function tuiUnderLoad(demoPath: string, scratch: string, presses: number): Promise<Figure[]> {
  copyDb(demoPath, scratch);
  try {
    giveAdminWork(scratch);
    log('  TUI screens, quiet …');
    const quiet = await scenario(scratch, 'quiet', presses);
    log('  TUI screens, with a writer every second …');
    const loaded = await scenario(scratch, 'writer', presses);
    const figures: Figure[] = [];
    for (const [name, q] of quiet.results) {
      const w = loaded.results.get(name) ?? { keys: [], missing: 0 };
      const qValue = p99Of(q.keys, (k) => k.fromSend);
      const wValue = p99Of(w.keys, (k) => k.fromSend);
      const label = name === 'search: first page' ? 'text search: Enter → first page of matches (Closed)' : `key → frame p99, ${name}`;
      const qTarget = name === 'search: first page' ? 50 : QUIET_MS;
      figures.push(
        qValue
          ? {
              section: 'keys',
              name: `${label}, quiet`,
              unit: 'ms',
              value: qValue,
              target: `≤ ${qTarget} ms`,
              ok: qValue.median <= qTarget && !q.missing,
              note: noteOf(q.keys, q.missing, quiet.cold.get(name)),
            }
          : skipped('keys', `${label}, quiet`, `no frame after any of ${q.missing} keys`, `≤ ${qTarget} ms`),
        wValue
          ? {
              section: 'keys',
              name: `${label}, writer every 1 s`,
              unit: 'ms',
              value: wValue,
              baseline: qValue ? { name: 'quiet', value: qValue } : undefined,
              ratio: qValue ? wValue.median / qValue.median : undefined,
              target: `≤ ${LOADED_MS} ms`,
              ok: wValue.median <= LOADED_MS && !w.missing,
              note: noteOf(w.keys, w.missing, loaded.cold.get(name)),
            }
          : skipped('keys', `${label}, writer every 1 s`, `no frame after any of ${w.missing} keys`, `≤ ${LOADED_MS} ms`),
      );
    }
    const writes = [...loaded.writes].sort((a, b) => a - b);
    if (writes.length)
      figures.push({
        section: 'keys',
        name: "the writer's priority change (context)",
        unit: 'ms',
        value: { median: quantile(writes, 0.5), min: writes[0]!, max: writes[writes.length - 1]!, runs: writes.length },
        note: `${writes.length} writes, one a second, through setPriority in the bench process`,
      });
    return figures;
  } finally {
    removeDb(scratch);
  }
}
