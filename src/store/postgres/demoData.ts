// The bulk writer behind `ticketty demo` on PostgreSQL, the twin of store/sqlite/demoData.ts: the
// same generator's rows (explicit ids), buffered per table and written one INSERT … SELECT FROM
// unnest(one array per column) per few thousand rows, as `ticketty copy` writes them, in the
// generator's chunk transactions. The report rollups' triggers stay quiet while loading; `finish`
// rebuilds them once (drizzle/pg/0004_report_rollups.sql) and moves the id sequences past the ids.
import type { DemoBulkLoad, DemoLoader, DemoPersonRow, DemoPreconditions, DemoWriter } from '../port/index.js';
import { TICKET_COLUMNS } from '../port/index.js';
import { columnsOf, resetSequences, type Query } from './copyFromSqlite.js';
import type { PostgresStore } from './db.js';

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
/** Rows per INSERT: a few MB of parameters at most, few round trips through the bridge. */
const ROWS_PER_INSERT = 2_000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Buffers rows of one table, written with one unnest INSERT when full (at the next story boundary: see startBulkLoad). */
class RowBuffer {
  private readonly columns: unknown[][];
  private readonly booleans: boolean[];
  private readonly text: string;
  private rows = 0;
  constructor(
    private readonly query: Query,
    table: string,
    names: readonly string[],
  ) {
    const info = new Map(columnsOf(query, table).map((c) => [c.name, c.udt]));
    const types = names.map((n) => info.get(n)!);
    this.booleans = types.map((t) => t === 'bool');
    this.columns = names.map(() => []);
    this.text = `insert into ${quote(table)} (${names.map(quote).join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  }

  /** Appends one row (the caller flushes when `full`); `row` is read at once, so callers may reuse the array. */
  add(row: ArrayLike<unknown>): void {
    for (let c = 0; c < this.columns.length; c++) {
      const v = row[c];
      // The generator keeps SQLite's 0/1 flags; PostgreSQL's boolean columns take true/false.
      this.columns[c]!.push(this.booleans[c] && v !== null && v !== undefined ? v === 1 || v === true : (v ?? null));
    }
    this.rows++;
  }

  get full(): boolean {
    return this.rows >= ROWS_PER_INSERT;
  }

  clear(): void {
    for (const column of this.columns) column.length = 0;
    this.rows = 0;
  }

  flush(): void {
    if (this.rows === 0) return;
    this.query(this.text, this.columns);
    this.clear();
  }
}

function startBulkLoad(store: PostgresStore): DemoBulkLoad {
  const query: Query = store.query.bind(store);
  const tickets = new RowBuffer(query, 'tickets', TICKET_COLUMNS);
  const comments = new RowBuffer(query, 'comments', COMMENT_COLUMNS);
  const events = new RowBuffer(query, 'events', EVENT_COLUMNS);
  const levels = new RowBuffer(query, 'ticket_levels', LEVEL_COLUMNS);
  const tags = new RowBuffer(query, 'ticket_tags', ['ticket_id', 'tag']);
  const watchers = new RowBuffer(query, 'watchers', ['ticket_id', 'user_id']);
  const outbox = new RowBuffer(query, 'outbox', OUTBOX_COLUMNS);
  // Parents before children (foreign keys are checked per statement): every buffer is written, in
  // this order, once one is full and the story that filled it has written its ticket. A story
  // writes its comments, events and notifications before its ticket's row (which holds where the
  // story ended): a full buffer written mid-story held comments of a ticket not yet inserted, and
  // the default demo failed on PostgreSQL.
  const buffers = [tickets, comments, events, levels, tags, watchers, outbox];
  const flushAll = () => {
    for (const b of buffers) b.flush();
  };
  let full = false;
  const put = (buffer: RowBuffer, ...values: unknown[]) => {
    buffer.add(values);
    full ||= buffer.full;
  };
  const writer: DemoWriter = {
    ticket: (values) => {
      tickets.add(values);
      if (full || tickets.full) {
        flushAll();
        full = false;
      }
    },
    comment: (id, ticketId, authorId, body, internal, channel, createdAt) =>
      put(comments, id, ticketId, authorId, body, internal, channel, createdAt),
    event: (...values) => put(events, ...values),
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
          query("select set_config('ticketty.rollups', 'off', true)");
          fill();
          flushAll();
        });
      } catch (error) {
        for (const buffer of buffers) buffer.clear();
        full = false;
        throw error;
      }
    },
    finish: () => {
      if (finished) return;
      finished = true;
      store.write(() => {
        query('select report_rollups_recompute()');
        resetSequences(query);
      });
      query('analyze');
    },
  };
}

export function postgresDemoLoader(store: PostgresStore): DemoLoader {
  const query: Query = store.query.bind(store);
  const count = (table: string) => Number(query<{ n: string }>(`select count(*) as n from ${table}`)[0]!.n);
  return {
    countOutbox: () => count('outbox'),
    startOverAdvice: () => {
      const name = databaseName(store.path);
      return name ? `drop the database and create it again (dropdb ${name}; createdb ${name})` : 'drop the database and create it again';
    },
    preconditions: (): DemoPreconditions => ({
      tickets: count('tickets'),
      organizations: count('organizations'),
      users: query<{ id: number; handle: string; email: string | null; role: string }>(
        'select id, handle, email, role from users order by id',
      ),
    }),
    insertPeople: (orgs, people: DemoPersonRow[]) =>
      store.write(() => {
        for (const o of orgs) {
          query('insert into organizations (id, name, created_at) values ($1, $2, $3)', [o.id, o.name, o.createdAt]);
          query('insert into org_domains (domain, org_id) values ($1, $2)', [o.domain, o.id]);
        }
        for (const p of people)
          query('insert into users (id, handle, name, email, role, tier, org_id, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
            p.id,
            p.handle,
            p.name,
            p.email,
            p.role,
            p.tier,
            p.orgId,
            p.createdAt,
          ]);
        resetSequences(query);
      }),
    nextIds: () => {
      const max = (table: string) => Number(query<{ n: string }>(`select coalesce(max(id), 0) as n from ${table}`)[0]!.n) + 1;
      return {
        users: max('users'),
        organizations: max('organizations'),
        tickets: max('tickets'),
        comments: max('comments'),
        events: max('events'),
      };
    },
    startBulkLoad: () => startBulkLoad(store),
  };
}

/** The database a URL names (`store.path` never holds the password), if it can be read. */
function databaseName(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
}
