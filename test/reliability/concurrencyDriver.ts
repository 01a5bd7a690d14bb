// One writer process of the concurrency test: N random valid-looking actions through the app layer
// on a shared database (a SQLite file or a postgres:// URL), with its own connection. Run with
//   node --import tsx test/reliability/concurrencyDriver.ts DB WORKER SEED ACTIONS OUT.json
// It records every action that succeeded (ticket, version after, event action) and every error by
// kind; a Busy error or an unexpected exception is what the test fails on.
import { writeFileSync } from 'node:fs';
import { openApp, type App } from '../../src/app/createApp.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { ingestMail } from '../../src/app/mail/mailIngest.js';
import { parseMail } from '../../src/mail/parseMail.js';
import { runBatch } from '../../src/app/batch/batch.js';
import { batchCloseSpec } from '../../src/app/batch/batchClose.js';
import { runAutomations } from '../../src/app/automation/automation.js';

export interface DriverRecord {
  /** Ticket id, version after the change (null when the use case does not return it) and event action. */
  t: number;
  v: number | null;
  a: string;
}

export interface DriverReport {
  worker: number;
  records: DriverRecord[];
  refused: Record<string, number>;
  busy: string[];
  crashes: string[];
  automationRuns: number;
}

const [dbPath, workerText, seedText, countText, outPath] = process.argv.slice(2);
const worker = Number(workerText);
let seed = Number(seedText) >>> 0;
/** mulberry32: reproducible from the seed the test prints. */
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

let now = Date.parse('2026-03-02T09:00:00Z') + worker * 60_000;
const app: App = await openApp(dbPath!, { now: () => new Date(now) }, { mustExist: true });
const actor = (handle: string): Actor => actorFromUser(app.people.userByHandle(handle)!);
const STAFF = ['admin', 'sam', 'una', 'bob', 'bea', 'eve'].map(actor);
const REQUESTERS = ['ann', 'abe', 'gus'].map(actor);
const report: DriverReport = { worker, records: [], refused: {}, busy: [], crashes: [], automationRuns: 0 };
const record = (t: number, v: number | null, a: string) => report.records.push({ t, v, a });

function target(): number {
  const max = app.tickets.count(undefined);
  // Most actions hit the newest tickets, so the processes collide on the same rows.
  return Math.max(1, max - Math.floor(random() * Math.min(max, 120)));
}

async function act(n: number): Promise<void> {
  const id = target();
  const row = app.tickets.ticketById(id);
  const staff = pick(STAFF);
  const requester = pick(REQUESTERS);
  const roll = random();
  const text = `w${worker} n${n} ${'x'.repeat(Math.floor(random() * 40))}`;
  const one = (result: verbs.ActionResult, action: string) => {
    if (result.followUpOf !== undefined) {
      // A comment on a closed ticket opens a follow-up: its create event, and a note's own event.
      record(result.ticket.id, 1, 'create');
      if (action === 'note') record(result.ticket.id, result.ticket.version, 'note');
    } else record(result.ticket.id, result.ticket.version, action);
  };
  if (roll < 0.08) {
    const who = random() < 0.5 ? requester : staff;
    const t = createTicket(app, who, {
      subject: `load ${worker}/${n}`,
      description: text,
      ...(who.role === 'requester' ? {} : { requester: pick(['ann', 'abe', 'gus']) }),
    });
    record(t.id, t.version, 'create');
  } else if (roll < 0.2) one(verbs.acceptTicket(app, staff, id), 'accept');
  else if (roll < 0.3) one(verbs.replyToTicket(app, random() < 0.5 ? staff : requester, id, text), 'reply');
  else if (roll < 0.36) one(verbs.addNote(app, staff, id, text), 'note');
  else if (roll < 0.44) one(verbs.escalateTicket(app, staff, id, text), 'escalate');
  else if (roll < 0.5) one(verbs.requestInfo(app, staff, id, text), 'request_info');
  else if (roll < 0.54) one(verbs.provideInfo(app, requester, id, text), 'provide_info');
  else if (roll < 0.62) one(verbs.solveTicket(app, staff, id, text), 'solve');
  else if (roll < 0.7) one(verbs.closeTicket(app, random() < 0.3 ? requester : staff, id, pick(['resolved', 'duplicate'])), 'close');
  else if (roll < 0.73) one(verbs.reopenTicket(app, requester, id, undefined), 'reopen');
  else if (roll < 0.8 && row) {
    // Tagging with a tag already there changes nothing and writes no event: not a change to count.
    const result = verbs.tagTicket(app, staff, id, [random() < 0.5 ? `bc${worker}` : `w${worker}-${n}`], { ifVersion: row.version });
    if (result.ticket.version !== row.version) one(result, 'tag');
  } else if (roll < 0.85 && row) {
    // Against the version just read: a stale read is a conflict, never a silent overwrite.
    const priority = pick(['P1', 'P2', 'P3', 'P4', 'P5'].filter((p) => p !== row.priority));
    one(verbs.setPriority(app, staff, id, priority, { ifVersion: row.version }), 'priority');
  } else if (roll < 0.93) await mail(n, id);
  else if (roll < 0.96) await batchClose();
  else {
    // `ticketty automate` as cron runs it, two days on: solved tickets close, pending ones get reminders.
    const saved = now;
    now += 2 * 86_400_000;
    try {
      runAutomations(app);
      report.automationRuns++;
    } finally {
      now = saved;
    }
  }
}

async function mail(n: number, id: number): Promise<void> {
  const from = pick(['ann@acme.test', 'abe@acme.test', 'gus@globex.test', `new${worker}-${n}@acme.test`]);
  const subject = random() < 0.6 ? `Re: [#${id}] about it` : `mail ${worker}/${n}`;
  const raw = `From: ${from}\r\nTo: support@vendor.test\r\nSubject: ${subject}\r\nMessage-ID: <w${worker}-n${n}@load.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nmail body ${n}\r\n`;
  const outcome = ingestMail(app, await parseMail(Buffer.from(raw)));
  if (outcome.outcome === 'created' || outcome.outcome === 'follow_up') record(outcome.ticketId, 1, 'create');
  else if (outcome.outcome === 'commented') record(outcome.ticketId, null, 'reply');
}

async function batchClose(): Promise<void> {
  // Tickets this worker tagged bc<worker>: several processes' batches run at once on different sets.
  const spec = batchCloseSpec(app, actor('admin'), { where: `tag=bc${worker} and status=solved`, reason: 'duplicate' });
  const result = await runBatch(app, actor('admin'), spec, { chunkBudgetMs: 5, pauseMs: 1 });
  for (let i = 0; i < result.changed; i++) record(0, null, 'close');
}

const count = Number(countText);
for (let n = 0; n < count; n++) {
  now += 60_000;
  const started = performance.now();
  try {
    await act(n);
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (error instanceof DomainError && error.kind === 'busy')
      report.busy.push(
        `action ${n} after ${ms} ms: ${error.message} (${String((error as { cause?: { code?: string } }).cause?.code ?? '')})`,
      );
    else if (error instanceof DomainError) report.refused[error.kind] = (report.refused[error.kind] ?? 0) + 1;
    else report.crashes.push(`${n}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
app.store.close();
writeFileSync(outPath!, JSON.stringify(report));
