// One simulated agent of the PostgreSQL load benchmark (pgAgents.ts starts 50 of these, each its
// own process, as 50 agents' TUIs are): through the real app layer, a loop of opening a queue
// tab's page, opening a ticket, acting on it with the version it showed (the TUI's --if-version),
// then thinking. Prints `ready`, waits for `go START MEASURE END` on stdin, prints one JSON line at
// the end. Before MEASURE it warms up (a TUI at work has been open for hours: its code compiled, its
// server sessions' caches filled); what it does then is reported (the lost-update check needs every
// acknowledged step) but kept out of the latencies and the CPU figures.
//
//   node --import tsx test/bench/pgAgent.ts URL HANDLE SEED THINK_MS
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { openApp } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { loadQueueWindow, type QueueWindow } from '../../src/app/tickets/queuePage.js';
import { queueTabs } from '../../src/app/tickets/queueTabs.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { addNote, assignTicket, replyToTicket, setPriority, solveTicket, type ActionResult } from '../../src/app/tickets/ticketActions.js';
import { DemoRandom } from '../../src/domain/demoText.js';
import { Conflict } from '../../src/domain/errors.js';
import { BENCH_NOW } from './measure.js';

export interface AgentAction {
  kind: string;
  ticket: number;
  /** The version the action was made against (--if-version) and the one it produced. */
  from: number;
  to: number;
  ms: number;
  /** For a comment or a reply: the text, unique, to find it afterwards. */
  text?: string;
  /** Made during the warm-up: checked, not timed. */
  warmUp?: true;
}

export interface AgentReport {
  handle: string;
  actions: AgentAction[];
  queueMs: number[];
  showMs: number[];
  conflicts: number;
  errors: string[];
  /** CPU of this process (main and worker threads, user and system) from MEASURE to the end. */
  cpuMs: number;
}

// As bin/ticketty sets for every command (an agent's TUI is that process).
setFlagsFromString('--no-memory-reducer');
const [url, handle, seedText, thinkText] = process.argv.slice(2);
if (!url || !handle) throw new Error('usage: pgAgent.ts URL HANDLE SEED THINK_MS');
const rng = new DemoRandom(Number(seedText ?? 1));
const thinkMs = Number(thinkText ?? 2000);

const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
// Every agent's clock is the bench's instant plus the run's elapsed time, the same in every process.
let startedAt = Date.now();
const clock = { now: () => new Date(Date.parse(BENCH_NOW) + Date.now() - startedAt) };
const app = await openApp(url, clock, { mustExist: true });
const actor = resolveActor(app, handle);
const colleagues = app.people
  .listUsers()
  .filter((u) => u.role === actor.role && u.tier === actor.tier && u.handle !== handle)
  .map((u) => u.handle);
const tabs = queueTabs(actor);
const mine = tabs.find((t) => t.id === 'mine')!;
const unassigned = tabs.find((t) => t.id === 'unassigned')!;
process.stdout.write('ready\n');

const go = (await lines.next()).value as string;
const [, start, measureFrom, end] = go.split(' ').map(Number) as [string, number, number, number];
startedAt = start!;
const report: AgentReport = { handle, actions: [], queueMs: [], showMs: [], conflicts: 0, errors: [], cpuMs: 0 };
let cpuAtMeasure = process.cpuUsage();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
let warmingUp = true;
const timed = <T>(list: number[], fn: () => T): T => {
  const t = performance.now();
  const value = fn();
  if (!warmingUp) list.push(performance.now() - t);
  return value;
};
await sleep(start! - Date.now() + rng.int(thinkMs));
let n = 0;
while (Date.now() < end!) {
  if (warmingUp && Date.now() >= measureFrom!) {
    warmingUp = false;
    cpuAtMeasure = process.cpuUsage();
  }
  n++;
  // Mostly one's own tickets; now and then a new one from the level's unassigned tab (where
  // agents of a level meet: the conflicts come from there).
  const fromUnassigned = rng.next() < 0.3;
  const tab = fromUnassigned ? unassigned : mine;
  const sort = { key: 'sla' as const, descending: false };
  const page: QueueWindow = timed(report.queueMs, () =>
    loadQueueWindow(app, actor, { where: tab.filter, sort, size: 40 }, { kind: 'first' }),
  );
  const pick = page.rows[rng.int(Math.min(page.rows.length, 10))];
  if (pick) {
    try {
      const ticket = timed(report.showMs, () => showTicket(app, actor, pick.ticket.id));
      const opts = { ifVersion: ticket.version };
      const handles = actor.tier === null || actor.tier === ticket.level;
      const roll = rng.next();
      const text = `bench ${handle} ${n}: checked the logs, details below.`;
      let kind: string;
      let act: () => ActionResult;
      // Solved by someone between the page and the ticket: a note is what the TUI still offers.
      if (ticket.status === 'solved') [kind, act] = ['note', () => addNote(app, actor, ticket.id, text, opts)];
      else if (fromUnassigned || (!ticket.assignee && handles))
        [kind, act] = ['assign', () => assignTicket(app, actor, ticket.id, handle, opts)];
      else if (roll < 0.3) [kind, act] = ['note', () => addNote(app, actor, ticket.id, text, opts)];
      else if (roll < 0.6) [kind, act] = ['reply', () => replyToTicket(app, actor, ticket.id, text, opts)];
      else if (roll < 0.8 || !handles)
        [kind, act] = ['priority', () => setPriority(app, actor, ticket.id, ticket.priority === 'P2' ? 'P3' : 'P2', opts)];
      else if (roll < 0.95 && ticket.status !== 'new')
        [kind, act] = ['solve', () => solveTicket(app, actor, ticket.id, 'fixed in the bench', opts)];
      else if (colleagues.length) [kind, act] = ['assign', () => assignTicket(app, actor, ticket.id, rng.pick(colleagues), opts)];
      else [kind, act] = ['note', () => addNote(app, actor, ticket.id, text, opts)];
      const t = performance.now();
      const result = act();
      const ms = performance.now() - t;
      report.actions.push({
        kind,
        ticket: ticket.id,
        from: ticket.version,
        to: result.ticket.version,
        ms,
        ...(kind === 'note' || kind === 'reply' ? { text } : {}),
        ...(warmingUp ? { warmUp: true as const } : {}),
      });
    } catch (error) {
      if (error instanceof Conflict) report.conflicts += warmingUp ? 0 : 1;
      else report.errors.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  // Thinking: reading the ticket, typing. Uniform around the mean.
  await sleep(thinkMs * (0.5 + rng.next()));
}
const cpu = process.cpuUsage(cpuAtMeasure);
report.cpuMs = (cpu.user + cpu.system) / 1000;
app.store.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
input.close();
