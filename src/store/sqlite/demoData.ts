// The raw bulk writer behind `ticketty demo` (SPEC 8). SQLite-specific on purpose: multi-row
// prepared INSERTs, explicit ids, chunked transactions, and a bulk mode that relaxes durability
// and rebuilds secondary indexes once at the end instead of maintaining them row by row.
import type Database from 'better-sqlite3';
import type { Store } from './db.js';
import { REBUILD_ROLLUPS } from './repos/slaRollupsRebuild.js';
import { writeTicketSearchDocuments } from './textSearch.js';
import {
  TICKET_COLUMNS,
  type DemoBulkLoad,
  type DemoIdBase,
  type DemoLoader,
  type DemoPersonRow,
  type DemoPreconditions,
  type DemoWriter,
} from '../port/index.js';

const COMMENT_COLUMNS = ['id', 'ticket_id', 'author_id', 'body', 'internal', 'channel', 'created_at'];
const EVENT_COLUMNS = ['id', 'ticket_id', 'actor_id', 'at', 'action', 'before', 'after', 'text', 'comment_id', 'version'];
const LEVEL_COLUMNS = [
  'ticket_id',
  'level',
  'entered_at',
  'pickup_due_at',
  'picked_up_at',
  'picked_up_by',
  'pickup_minutes',
  'last_assignee_id',
];
const OUTBOX_COLUMNS = [
  'ticket_id',
  'event_id',
  'recipient_id',
  'kind',
  'state',
  'attempts',
  'next_attempt_at',
  'created_at',
  'sent_at',
  'message_id',
];
/** Tables whose secondary indexes are dropped during a bulk load and rebuilt after it. */
const BULK_TABLES = ['tickets', 'comments', 'events', 'ticket_tags', 'ticket_levels', 'watchers'];
/**
 * Indexes kept during the load: rows arrive in their key order (ticket by ticket), so each insert
 * appends to the right edge of the b-tree, cheaper than sorting millions of keys afterwards.
 */
const APPEND_ORDER_INDEXES = new Set(['events_ticket', 'events_batch', 'comments_ticket']);

/** Buffers rows and writes them with one multi-row INSERT per `rowsPerStatement` rows. */
class RowBuffer {
  private readonly values: unknown[] = [];
  private readonly statements = new Map<number, Database.Statement>();
  constructor(
    private readonly sqlite: Database.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement: number,
  ) {}

  /** Appends one row; `row` is read at once, so callers may reuse the array. */
  add(row: ArrayLike<unknown>): void {
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
    if (this.values.length >= this.rowsPerStatement * this.columns.length) this.flush();
  }

  /** Forgets buffered rows (after a failed chunk, so they never reach a later one). */
  clear(): void {
    this.values.length = 0;
  }

  flush(): void {
    const rows = this.values.length / this.columns.length;
    if (rows === 0) return;
    this.statement(rows).run(this.values);
    this.values.length = 0;
  }

  private statement(rows: number): Database.Statement {
    let stmt = this.statements.get(rows);
    if (!stmt) {
      const one = `(${this.columns.map(() => '?').join(',')})`;
      stmt = this.sqlite.prepare(`INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array(rows).fill(one).join(',')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }
}

/** What a demo load needs to know about the database before it starts. */
function demoPreconditions(store: Store): DemoPreconditions {
  const s = store.sqlite;
  return {
    tickets: (s.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,
    organizations: (s.prepare('SELECT count(*) AS n FROM organizations').get() as { n: number }).n,
    users: s.prepare('SELECT id, handle, email, role FROM users ORDER BY id').all() as Array<{
      id: number;
      handle: string;
      email: string | null;
      role: string;
    }>,
  };
}

/** Inserts organizations, their mail domains and users with explicit ids, in one transaction. */
function insertDemoPeople(
  store: Store,
  orgs: Array<{ id: number; name: string; domain: string; createdAt: number }>,
  people: DemoPersonRow[],
): void {
  const s = store.sqlite;
  const org = s.prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)');
  const domain = s.prepare('INSERT INTO org_domains (domain, org_id) VALUES (?, ?)');
  const user = s.prepare('INSERT INTO users (id, handle, name, email, role, tier, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  store.write(() => {
    for (const o of orgs) {
      org.run(o.id, o.name, o.createdAt);
      domain.run(o.domain, o.id);
    }
    for (const p of people) user.run(p.id, p.handle, p.name, p.email, p.role, p.tier, p.orgId, p.createdAt);
  });
}

function nextDemoIds(store: Store): DemoIdBase {
  const s = store.sqlite;
  const max = (table: string) => (s.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    users: max('users') + 1,
    organizations: max('organizations') + 1,
    tickets: max('tickets') + 1,
    comments: max('comments') + 1,
    events: max('events') + 1,
  };
}

/**
 * Starts a bulk load: foreign-key checks and fsyncs off, a bigger cache, secondary indexes of the
 * ticket tables dropped (recreated from their own stored SQL by `finish`). Rows are written in
 * `chunk` transactions so that a crash loses at most one chunk and readers are not blocked long.
 */
function startDemoBulkLoad(store: Store): DemoBulkLoad {
  const s = store.sqlite;
  const saved = {
    synchronous: s.pragma('synchronous', { simple: true }) as number,
    cacheSize: s.pragma('cache_size', { simple: true }) as number,
    foreignKeys: s.pragma('foreign_keys', { simple: true }) as number,
    autocheckpoint: s.pragma('wal_autocheckpoint', { simple: true }) as number,
  };
  s.pragma('synchronous = OFF');
  // Fewer, larger WAL checkpoints while loading.
  s.pragma('wal_autocheckpoint = 20000');
  // Without a WAL every page is written once instead of twice. A rollback journal still (not
  // MEMORY, which left a file killed mid-commit malformed): the load only appends pages to an
  // empty database, so it journals almost nothing, and a killed run rolls back its last chunk.
  // Only possible while no other connection reads: else the load keeps the WAL.
  const journal = s.pragma('journal_mode', { simple: true }) as string;
  if (journal === 'wal') switchJournal(s, 'TRUNCATE');
  s.pragma('cache_size = -262144');
  s.pragma('foreign_keys = OFF');
  const list = BULK_TABLES.map((t) => `'${t}'`).join(',');
  const indexes = s
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${list}) ORDER BY name`)
    .all()
    .filter((index) => !APPEND_ORDER_INDEXES.has((index as { name: string }).name)) as Array<{ name: string; sql: string }>;
  for (const index of indexes) s.exec(`DROP INDEX IF EXISTS "${index.name}"`);
  // The text-search and report-rollup triggers re-index a ticket's whole document on each of its
  // comments and upsert rollups row by row: most of a million-ticket load (580 s of CPU against
  // 34 s without them). They are dropped while loading; `finish` builds both in bulk, then
  // recreates the triggers from their own stored SQL.
  const triggers = s
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${list}) ORDER BY name`)
    .all() as Array<{ name: string; sql: string }>;
  for (const trigger of triggers) s.exec(`DROP TRIGGER IF EXISTS "${trigger.name}"`);

  const tickets = new RowBuffer(s, 'tickets', TICKET_COLUMNS, 25);
  const comments = new RowBuffer(s, 'comments', COMMENT_COLUMNS, 100);
  const events = new RowBuffer(s, 'events', EVENT_COLUMNS, 80);
  const levels = new RowBuffer(s, 'ticket_levels', LEVEL_COLUMNS, 100);
  const tags = new RowBuffer(s, 'ticket_tags', ['ticket_id', 'tag'], 200);
  const watchers = new RowBuffer(s, 'watchers', ['ticket_id', 'user_id'], 200);
  const outbox = new RowBuffer(s, 'outbox', OUTBOX_COLUMNS, 50);
  const buffers = [tickets, comments, events, levels, tags, watchers, outbox];
  const row: unknown[] = [];
  const put = (buffer: RowBuffer, ...values: unknown[]) => buffer.add(values);

  const writer: DemoWriter = {
    ticket: (values) => tickets.add(values),
    comment: (id, ticketId, authorId, body, internal, channel, createdAt) => {
      row.length = 0;
      row.push(id, ticketId, authorId, body, internal ? 1 : 0, channel, createdAt);
      comments.add(row);
    },
    event: (id, ticketId, actorId, at, action, before, after, text, commentId, version) => {
      row.length = 0;
      row.push(id, ticketId, actorId, at, action, before, after, text, commentId, version);
      events.add(row);
    },
    level: (...values) => put(levels, ...values),
    tag: (ticketId, tag) => put(tags, ticketId, tag),
    watcher: (ticketId, userId) => put(watchers, ticketId, userId),
    outbox: (...values) => put(outbox, ...values),
  };
  let finished = false;
  return {
    writer,
    chunk: (fill) => {
      try {
        store.write(() => {
          fill();
          for (const buffer of buffers) buffer.flush();
        });
      } catch (error) {
        for (const buffer of buffers) buffer.clear();
        throw error;
      }
    },
    finish: () => {
      if (finished) return;
      finished = true;
      try {
        // SQLite's sorter may use a helper thread per extra core for these index builds.
        s.pragma('threads = 2');
        for (const index of indexes) s.exec(index.sql);
        if (triggers.length > 0) rebuildDerivedTables(s);
        for (const trigger of triggers) s.exec(trigger.sql);
        // Sampled statistics: enough for the planner, seconds cheaper than a full ANALYZE.
        s.pragma('analysis_limit = 1000');
        s.exec('ANALYZE');
      } finally {
        s.pragma('threads = 0');
        s.pragma(`foreign_keys = ${saved.foreignKeys}`);
        s.pragma(`cache_size = ${saved.cacheSize}`);
        s.pragma(`synchronous = ${saved.synchronous}`);
        s.pragma(`wal_autocheckpoint = ${saved.autocheckpoint}`);
        // Should a reader hold the file now, the next open of the store (db.ts) turns the WAL back on.
        if (journal === 'wal') switchJournal(s, 'WAL');
        if (s.pragma('journal_mode', { simple: true }) === 'wal') s.pragma('wal_checkpoint(TRUNCATE)');
      }
    },
  };
}

/**
 * Changes the journal mode, or leaves it as it is when another connection is reading at that
 * moment: SQLite then refuses at once ("database is locked", no busy wait), and a demo that a
 * reader's look at the file made fail would leave a database marked as interrupted.
 */
export function switchJournal(s: Store['sqlite'], mode: 'TRUNCATE' | 'WAL'): void {
  try {
    s.pragma(`journal_mode = ${mode}`);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  }
}

/** What the triggers keep, built for every ticket at once: the text-search documents and the report rollups. */
function rebuildDerivedTables(s: Store['sqlite']): void {
  s.transaction(() => {
    s.exec(`INSERT INTO ticket_search (ticket_search) VALUES ('delete-all')`);
    writeTicketSearchDocuments(s);
    for (const statement of REBUILD_ROLLUPS) s.exec(statement);
  })();
}

export function sqliteDemoLoader(store: Store): DemoLoader {
  return {
    countOutbox: () => store.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    startOverAdvice: () => `delete ${store.path} (with ${store.path}-wal and ${store.path}-shm)`,
    preconditions: () => demoPreconditions(store),
    insertPeople: (orgs, people) => insertDemoPeople(store, orgs, people),
    nextIds: () => nextDemoIds(store),
    startBulkLoad: () => startDemoBulkLoad(store),
  };
}
