// `ticketty copy` moves a demo helpdesk from its SQLite file into PostgreSQL, as a user runs it:
// every table's rows, ids and event chain arrive, the replayed history matches every ticket (what
// `audit verify` checks), new rows continue after the copied ids, and a second copy is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { auditTicket } from '../../src/domain/auditReplay.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { runCli, tempDb } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let temp: ReturnType<typeof tempDb>;
let target: PostgresStore | undefined;
const TABLES = ['organizations', 'org_domains', 'users', 'config', 'sla_plans', 'calendars', 'macros', 'tickets', 'ticket_levels'];
const MORE = ['ticket_tags', 'watchers', 'ticket_mutes', 'comments', 'attachments', 'events', 'outbox', 'automation_firings'];
const ALL = [...TABLES, ...MORE, 'mail_messages', 'batches', 'drafts'];

beforeAll(async () => {
  server = await startPostgres();
  temp = tempDb();
  const demo = runCli({ db: temp.db }, ['demo', '--tickets', '300']);
  expect(demo.code, demo.stderr).toBe(0);
  // A batch, a draft-free close and its notifications: rows in batches and in the outbox too.
  const closed = runCli({ db: temp.db }, ['close', '-w', 'status=solved', '--yes'], { as: 'admin' });
  expect(closed.code, closed.stderr).toBe(0);
  // Bytes and awkward text the demo has none of: an attachment, a kept rejected mail, a comment
  // whose text looks like an array literal or a null.
  const file = new Database(temp.db);
  const comment = file
    .prepare("insert into comments (ticket_id, author_id, body, internal, channel, created_at) values (1, 1, ?, 0, 'web', 1) returning id")
    .get('he said "NULL" \\ {a,b}\nNULL') as { id: number };
  file
    .prepare(
      "insert into attachments (comment_id, filename, content_type, size, data) values (?, 'x.bin', 'application/octet-stream', 4, ?)",
    )
    .run(comment.id, Buffer.from([0, 1, 92, 255]));
  file
    .prepare("insert into mail_messages (message_id, received_at, outcome, reason, raw) values ('<r@x>', 1, 'rejected', 'unknown', ?)")
    .run(Buffer.from('Subject: hi\r\n\r\nbody'));
  // Ids SQLite handed out beyond the last ticket, as an interrupted import reserves its file's:
  // AUTOINCREMENT never gives them again, and neither may the copy's sequence.
  file.prepare("update sqlite_sequence set seq = seq + 50 where name = 'tickets'").run();
  file.close();
}, 120_000);
afterAll(() => {
  target?.close();
  server?.stop();
  temp?.cleanup();
});

describe('ticketty copy --from FILE.db --to postgres://…', () => {
  it('copies every table with its ids, checks the counts and says so in one line', () => {
    const copy = runCli({ db: temp.db }, ['copy', '--from', temp.db, '--to', server.url]);
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stderr).toMatch(
      /^copied \d+ rows into postgres:\/\/ticketty@127\.0\.0\.1:\d+\/ticketty, every table's count checked: organizations \d+/,
    );
    expect(copy.stderr.trim().split('\n')).toHaveLength(1);

    const sqlite = new Database(temp.db, { readonly: true });
    target = openPostgresStore(server.url, { migrate: false });
    try {
      for (const table of ALL) {
        const want = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        const got = Number(target.query<{ n: string }>(`select count(*) as n from ${table}`)[0]!.n);
        expect(got, table).toBe(want);
      }
      for (const table of ['tickets', 'events', 'outbox', 'comments', 'users']) {
        expect((sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n, table).toBeGreaterThan(0);
      }
      // Analyzed by the copy, so the first queue pages are planned on statistics (last_analyze is a
      // manual ANALYZE's; autovacuum's is last_autoanalyze).
      const analyzed = target.query<{ relname: string }>('select relname from pg_stat_user_tables where last_analyze is not null');
      expect(analyzed.map((r) => r.relname)).toEqual(expect.arrayContaining(['tickets', 'events', 'ticket_tags', 'comments']));
      // The event chain, id for id; tickets and outbox rows keep their ids and states.
      // (bigint times read as float8 on PostgreSQL: node-postgres gives int8 as text; every time is below 2^53.)
      const events = (at: string) =>
        `select id, ticket_id, actor_id, ${at} as at, action, before, after, text, comment_id, batch_id, version from events order by id`;
      expect(target.query(events('at::float8'))).toEqual(sqlite.prepare(events('at')).all());
      const tickets = (due: string) => `select id, status, level, version, pickup_breached, ${due} as sla_due_at from tickets order by id`;
      expect(target.query(tickets('sla_due_at::float8'))).toEqual(
        (sqlite.prepare(tickets('sla_due_at')).all() as Array<Record<string, unknown>>).map((r) => ({
          ...r,
          pickup_breached: bool(r.pickup_breached),
        })),
      );
      const outbox = 'select id, event_id, recipient_id, state, attempts, snapshot from outbox order by id';
      expect(target.query(outbox)).toEqual(sqlite.prepare(outbox).all());
      const bytes = (table: string, column: string) => `select encode(${column}, 'hex') as hex from ${table} order by 1`;
      expect(target.query(bytes('attachments', 'data'))).toEqual([{ hex: '00015cff' }]);
      expect(target.query(bytes('mail_messages', 'raw'))).toEqual(
        sqlite.prepare('select lower(hex(raw)) as hex from mail_messages order by 1').all(),
      );
      const awkward = 'select body from comments where body like $1';
      expect(target.query(awkward, ['%NULL%'])).toEqual([{ body: 'he said "NULL" \\ {a,b}\nNULL' }]);
      expect(target.query('select key, value from config order by key')).toEqual(
        sqlite.prepare('select key, value from config order by key').all(),
      );
    } finally {
      sqlite.close();
    }
  });

  it('the copy passes the audit: every ticket replays from its events without drift', () => {
    const verify = runCli({ db: temp.db }, ['audit', 'verify'], { as: 'admin' });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const store = (target ??= openPostgresStore(server.url, { migrate: false }));
    let after: number | null = 0;
    let tickets = 0;
    while (after !== null) {
      const page = store.read(() => store.repos.audit.page(after!, 100));
      for (const ticket of page.tickets) {
        tickets++;
        expect(auditTicket(ticket, page.events.get(ticket.id) ?? []), `#${ticket.id}`).toEqual([]);
      }
      after = page.next;
    }
    expect(tickets).toBe(300);
  });

  it('new rows continue after the copied ids, and after the ids SQLite had handed out', () => {
    const store = (target ??= openPostgresStore(server.url, { migrate: false }));
    const max = Number(store.query<{ n: number }>('select max(id) as n from tickets')[0]!.n);
    const maxEvent = Number(store.query<{ n: number }>('select max(id) as n from events')[0]!.n);
    store.write(() => {
      const ticket = store.repos.tickets.insertTicket({
        subject: 'after the move',
        description: '',
        requesterId: 1,
        type: 'question',
        priority: 'P3',
        status: 'new',
        level: 1,
        channel: 'web',
        createdAt: 1,
        updatedAt: 1,
        statusSince: 1,
      });
      expect(ticket.id).toBe(max + 50 + 1);
      expect(store.repos.tickets.insertEvent({ ticketId: ticket.id, at: 1, action: 'create', version: 1 }).id).toBe(maxEvent + 1);
    });
  });

  it('refuses a database that is not empty, or a target that is no PostgreSQL URL, in one line (exit 2)', () => {
    const again = runCli({ db: temp.db }, ['copy', '--from', temp.db, '--to', server.url]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toMatch(
      /^ticketty: postgres:\/\/.*is not empty \(organizations, org_domains, users, … have rows\): copy needs an empty database$/,
    );
    const file = runCli({ db: temp.db }, ['copy', '--from', temp.db, '--to', `${temp.dir}/other.db`]);
    expect(file.code).toBe(2);
    expect(file.stderr.trim().split('\n')).toHaveLength(1);
    expect(file.stderr).toContain('give the PostgreSQL database to copy into');
    // A table this copy does not know would be lost: it stops before writing anything.
    const extra = `${temp.dir}/extra.db`;
    copyFileSync(temp.db, extra);
    const db = new Database(extra);
    db.exec('create table notes_of_the_future (id integer primary key, text text)');
    db.close();
    const empty = server.createDatabase('empty');
    const refused = runCli({ db: extra }, ['copy', '--from', extra, '--to', empty]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('ticketty: copy does not know the table(s) notes_of_the_future: nothing was copied');
    const left = openPostgresStore(empty, { migrate: false });
    try {
      expect(left.query('select count(*)::int as n from tickets')).toEqual([{ n: 0 }]);
    } finally {
      left.close();
    }
  });
});

const bool = (v: unknown) => (v === null ? null : v === 1);
