// The floor of issue 19's load: one simulated agent (pgAgents.ts starts 50) that sends the same
// statements as pgAgent.ts's agent through the real app layer, as plain node-postgres calls on one
// connection: asynchronous, no store worker thread, no drizzle, no use case around them. A round:
// the queue page (begin with the settings' fingerprint, the page, its look-ups; the commit not
// waited for), the ticket (begin, the row, its look-ups, its conversation, its people; commit),
// then one action as a serializable transaction (the row, the versioned update, the level row, a
// comment for a note or a reply, the event, the notification look-ups, an outbox row, notify and
// commit; rerun on a serialization failure). What the app decides between them (who may act, the
// workflow, SLA clocks, recipients) is left out: this is what the server and the wire cost.
// Same protocol as pgAgent.ts: `ready`, then `go START MEASURE END` on stdin, one JSON line at the end.
//
//   node --import tsx test/bench/pgFloorAgent.ts URL HANDLE SEED THINK_MS
import { createInterface } from 'node:readline';
import pg from 'pg';
import { DemoRandom } from '../../src/domain/demoText.js';
import { SETTINGS_FINGERPRINT } from '../../src/store/postgres/settingsSql.js';
import type { AgentReport } from './pgAgent.js';

const [url, handle, seedText, thinkText] = process.argv.slice(2);
if (!url || !handle) throw new Error('usage: pgFloorAgent.ts URL HANDLE SEED THINK_MS');
const rng = new DemoRandom(Number(seedText ?? 1));
const thinkMs = Number(thinkText ?? 2000);
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();

const OPEN = `status in ('new', 'open', 'pending', 'on_hold')`;
const COLUMNS = `id, subject, description, requester_id, org_id, type, priority, status, level, assignee_id, channel,
  waiting_on, resolution, closing_reason, follow_up_of, created_at, updated_at, status_since, solved_at, closed_at, version,
  pickup_due_at, first_pickup_at, pickup_minutes, pickup_breached, resolution_start_at, resolution_due_at,
  resolution_paused_minutes, paused_since, resolution_minutes, resolution_breached, sla_due_at, sla_risk_at`;
const SUMMARY = `select
  (select coalesce(json_agg(json_build_array(ticket_id, tag) order by tag collate "C"), '[]') from ticket_tags where ticket_id = any($1::int[])) as tags,
  (select coalesce(json_agg(json_build_array(ticket_id, user_id) order by ticket_id, user_id), '[]') from watchers where ticket_id = any($1::int[])) as watchers,
  (select coalesce(json_agg(l order by l.ticket_id, l.level), '[]') from ticket_levels l where l.ticket_id = any($1::int[])) as levels,
  (select coalesce(json_agg(u order by u.id), '[]') from users u
     where u.id = any($2::int[]) or u.id in (select user_id from watchers where ticket_id = any($1::int[]))) as users,
  (select coalesce(json_agg(o order by o.id), '[]') from organizations o where o.id = any($3::int[])) as organizations`;
const CONVERSATION = `select
  (select coalesce(json_agg(c order by c.id), '[]') from comments c where c.ticket_id = $1) as comments,
  (select coalesce(json_agg(c.id order by c.id), '[]') from comments c where c.ticket_id = $1 and c.internal) as internal_ids,
  (select coalesce(json_agg(e order by e.id), '[]') from events e where e.ticket_id = $1) as events,
  (select coalesce(json_agg(json_build_array(a.id, a.comment_id, a.filename, a.content_type, a.size) order by a.id), '[]')
     from attachments a join comments c on c.id = a.comment_id where c.ticket_id = $1) as attachments`;
const NOTIFICATION = `select
  (select coalesce(json_agg(user_id order by user_id), '[]') from watchers where ticket_id = $1) as watcher_ids,
  (select coalesce(json_agg(u order by u.id), '[]') from users u where u.id = $2 or u.id = $3) as parties,
  (select coalesce(json_agg(o), '[]') from organizations o where o.id = $4) as organization,
  (select coalesce(json_agg(l order by l.level), '[]') from ticket_levels l where l.ticket_id = $1) as levels,
  (select coalesce(json_agg(id order by id), '[]') from users where org_id = $4 and role = 'superuser') as superuser_ids,
  (select coalesce(json_agg(id order by id), '[]') from users where role = 'admin' and notify_all) as notify_all_admin_ids,
  (select coalesce(json_agg(user_id order by user_id), '[]') from ticket_mutes where ticket_id = $1) as muted_ids`;

interface Ticket {
  id: number;
  requester_id: number;
  org_id: number | null;
  assignee_id: number | null;
  level: number;
  version: number;
  status: string;
}

const client = new pg.Client({ connectionString: url });
await client.connect();
const me = (await client.query<{ id: number; tier: number | null }>('select id, tier from users where handle = $1', [handle])).rows[0]!;
process.stdout.write('ready\n');
const go = (await lines.next()).value as string;
const [, start, measureFrom, end] = go.split(' ').map(Number) as [string, number, number, number];
const report: AgentReport = { handle, actions: [], queueMs: [], showMs: [], conflicts: 0, errors: [], cpuMs: 0 };
let cpuAtMeasure = process.cpuUsage();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
let warmingUp = true;
const nowMs = () => Date.now() + 400 * 86_400_000; // after the demo's last change, as the agents' clock
const ids = (values: number[]) => `{${values.join(',')}}`;

/** A read-only snapshot as the store's: begin with the fingerprint, the reads, the commit not waited for. */
async function read<T>(fn: () => Promise<T>): Promise<T> {
  await client.query(`begin isolation level repeatable read read only; ${SETTINGS_FINGERPRINT}`);
  const value = await fn();
  void client.query('commit');
  return value;
}

async function page(fromUnassigned: boolean): Promise<Ticket[]> {
  return read(async () => {
    const where = fromUnassigned
      ? `assignee_id is null and status in ('new', 'open')${me.tier !== null ? ` and level = ${me.tier}` : ''}`
      : `${OPEN} and assignee_id = ${me.id}`;
    const rows = (await client.query<Ticket>(`select ${COLUMNS} from tickets where ${where} order by sla_due_at, id limit 41`)).rows;
    const people = [...new Set(rows.flatMap((r) => [r.requester_id, r.assignee_id ?? -1]))];
    const orgs = [...new Set(rows.map((r) => r.org_id ?? -1))];
    if (rows.length) await client.query(SUMMARY, [ids(rows.map((r) => r.id)), ids(people), ids(orgs)]);
    return rows.slice(0, 40);
  });
}

async function show(id: number): Promise<Ticket> {
  return read(async () => {
    const ticket = (await client.query<Ticket>(`select ${COLUMNS} from tickets where id = $1`, [id])).rows[0]!;
    await client.query(SUMMARY, [ids([id]), ids([ticket.requester_id, ticket.assignee_id ?? -1]), ids([ticket.org_id ?? -1])]);
    await client.query(CONVERSATION, [id]);
    await client.query(
      `select id, handle, name, email, role, tier, org_id, away, notify_all, created_at from users where id = any($1::int[])`,
      [ids([ticket.requester_id, ticket.assignee_id ?? -1, me.id])],
    );
    return ticket;
  });
}

/** One action's writes; false when the ticket moved since it was shown (a conflict, as --if-version). */
async function act(seen: Ticket, kind: string, text: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`begin isolation level serializable; ${SETTINGS_FINGERPRINT}`);
      const row = (await client.query<Ticket>(`select ${COLUMNS} from tickets where id = $1`, [seen.id])).rows[0]!;
      if (row.version !== seen.version) {
        await client.query('rollback');
        return false;
      }
      const now = nowMs();
      const assignee = kind === 'assign' ? me.id : row.assignee_id;
      await client.query('update tickets set updated_at = $1, version = $2, assignee_id = $3 where id = $4 and version = $5', [
        now,
        row.version + 1,
        assignee,
        row.id,
        row.version,
      ]);
      await client.query('select * from ticket_levels where ticket_id = $1 and level = $2', [row.id, row.level]);
      const comment =
        kind === 'note' || kind === 'reply'
          ? (
              await client.query<{ id: number }>(
                `insert into comments (ticket_id, author_id, body, internal, channel, created_at) values ($1, $2, $3, $4, 'tui', $5) returning *`,
                [row.id, me.id, text, kind === 'note', now],
              )
            ).rows[0]!.id
          : null;
      const event = (
        await client.query<{ id: number }>(
          `insert into events (ticket_id, actor_id, at, action, before, after, text, comment_id, batch_id, version) values ($1, $2, $3, $4, null, null, null, $5, null, $6) returning *`,
          [row.id, me.id, now, kind, comment, row.version + 1],
        )
      ).rows[0]!.id;
      await client.query(NOTIFICATION, [row.id, row.requester_id, assignee ?? -1, row.org_id ?? -1]);
      await client.query(
        `insert into outbox (ticket_id, event_id, recipient_id, kind, state, next_attempt_at, created_at, snapshot) values ($1, $2, $3, 'update', 'queued', $4, $4, '{}')`,
        [row.id, event, row.requester_id, now],
      );
      await client.query('notify ticketty_changes; commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      if ((error as { code?: string }).code !== '40001' || attempt >= 40) throw error;
      await sleep(Math.min(100, 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

await sleep(start - Date.now() + rng.int(thinkMs));
let n = 0;
while (Date.now() < end) {
  if (warmingUp && Date.now() >= measureFrom) {
    warmingUp = false;
    cpuAtMeasure = process.cpuUsage();
  }
  n++;
  const fromUnassigned = rng.next() < 0.3;
  let t = performance.now();
  const rows = await page(fromUnassigned);
  if (!warmingUp) report.queueMs.push(performance.now() - t);
  const pick = rows[rng.int(Math.min(rows.length, 10))];
  if (pick) {
    try {
      t = performance.now();
      const ticket = await show(pick.id);
      if (!warmingUp) report.showMs.push(performance.now() - t);
      const roll = rng.next();
      const kind = fromUnassigned || ticket.assignee_id === null ? 'assign' : roll < 0.3 ? 'note' : roll < 0.6 ? 'reply' : 'priority';
      const text = `floor ${handle} ${n}: checked the logs, details below.`;
      t = performance.now();
      const done = await act(ticket, kind, text);
      const ms = performance.now() - t;
      if (!done) report.conflicts += warmingUp ? 0 : 1;
      else
        report.actions.push({
          kind,
          ticket: ticket.id,
          from: ticket.version,
          to: ticket.version + 1,
          ms,
          ...(kind === 'note' || kind === 'reply' ? { text } : {}),
          ...(warmingUp ? { warmUp: true as const } : {}),
        });
    } catch (error) {
      report.errors.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  await sleep(thinkMs * (0.5 + rng.next()));
}
const cpu = process.cpuUsage(cpuAtMeasure);
report.cpuMs = (cpu.user + cpu.system) / 1000;
await client.end();
process.stdout.write(`${JSON.stringify(report)}\n`);
input.close();
