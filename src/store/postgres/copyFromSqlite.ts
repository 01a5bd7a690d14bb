// `ticketty copy --from FILE.db --to postgres://…`: a whole helpdesk moved from a SQLite file into
// an empty, migrated PostgreSQL database. Every table the two schemas share, with its ids; rows
// streamed from one SQLite read snapshot (iterate, never all in memory) and written CHUNK_ROWS
// rows to an INSERT, all in one PostgreSQL transaction (a failed copy leaves the target
// empty, ready for another try); then the identity sequences are moved past the copied ids,
// every table's rows are counted on both sides, and the tables analyzed.
import { BadInput } from '../../domain/errors.js';
import { openStore } from '../sqlite/db.js';
import { openPostgresStore } from './db.js';

/**
 * Parents before children, so that every foreign key finds its row. Columns come from the
 * migrated target (information_schema), not from the drizzle schema: the command path stays
 * free of drizzle's pg-core (test/perf/startupImports.test.ts).
 */
const TABLES = [
  'organizations',
  'org_domains',
  'users',
  'config',
  'sla_plans',
  'calendars',
  'macros',
  'tickets',
  'ticket_levels',
  'ticket_tags',
  'watchers',
  'ticket_mutes',
  'comments',
  'attachments',
  'events',
  'outbox',
  'automation_firings',
  'mail_messages',
  'batches',
  'drafts',
];
/** Rows per INSERT: a few MB at most in memory (attachments aside), few round trips. */
const CHUNK_ROWS = 5_000;

export interface CopyProgress {
  table: string;
  rows: number;
  /** The table's row count in the source. */
  total: number;
}

export interface CopyResult {
  from: string;
  to: string;
  tables: Array<{ table: string; rows: number }>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function copySqliteToPostgres(from: string, to: string, onProgress?: (p: CopyProgress) => void): CopyResult {
  const source = openStore(from, { mustExist: true });
  try {
    // One transaction of a whole helpdesk: a call (a chunk of millions of events, the rollups'
    // rebuild) may take minutes on a busy server, so the bridge's 60 s guard against a stuck worker
    // would end a healthy copy (a 1M-ticket copy died that way after 8 minutes).
    const target = openPostgresStore(to, { callTimeoutMs: 12 * 60 * 60_000 });
    try {
      const tables = source.read(() => {
        refuseUnknownTables(source.sqlite);
        const counts = TABLES.map((table) => ({ table, total: countSqlite(source.sqlite, table) }));
        target.write(() => {
          refuseNonEmpty(target.query.bind(target), target.path);
          // The report rollups' triggers stay quiet for this transaction: one rebuild at the end
          // (drizzle/pg/0004_report_rollups.sql) instead of a trigger per copied row.
          target.query("select set_config('ticketty.rollups', 'off', true)");
          const forward: Array<[number, number]> = [];
          for (const { table, total } of counts) {
            copyTable(source.sqlite, target.query.bind(target), table, total, forward, onProgress);
          }
          // Follow-ups pointing at a later ticket (imports keep ids): set once every ticket is there.
          for (const [id, followUpOf] of forward) target.query('update tickets set follow_up_of = $1 where id = $2', [followUpOf, id]);
          resetSequences(target.query.bind(target), sqliteSequences(source.sqlite));
          target.query("select set_config('ticketty.rollups', 'on', true)");
          target.query('select report_rollups_recompute()');
        });
        return counts;
      });
      const copied = tables.map(({ table, total }) => {
        const rows = Number(target.query<{ n: string }>(`select count(*) as n from ${quote(table)}`)[0]!.n);
        if (rows !== total) throw new Error(`copy check failed: ${table} has ${total} rows in ${from} but ${rows} in ${target.path}`);
        return { table, rows };
      });
      // Fresh tables have no planner statistics until autovacuum gets round to them; till then a
      // queue page may be planned as a scan. The same step a restore guide asks for.
      target.query('analyze');
      return { from, to: target.path, tables: copied };
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => T[];
type Sqlite = ReturnType<typeof openStore>['sqlite'];

function countSqlite(sqlite: Sqlite, name: string): number {
  return (sqlite.prepare(`select count(*) as n from ${quote(name)}`).get() as { n: number }).n;
}

/**
 * SQLite's own tables, the text-search index (derived from tickets and comments: PostgreSQL
 * searches its own way), the report rollups (derived from tickets: rebuilt in PostgreSQL at the
 * copy's end) and drizzle's bookkeeping stay behind; any other table is data this copy
 * would lose, so it stops instead.
 */
const NOT_COPIED = /^(sqlite_|ticket_search|report_(days|minutes|backlog)$|__drizzle)/;

function refuseUnknownTables(sqlite: Sqlite): void {
  const names = (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
  const unknown = names.filter((name) => !NOT_COPIED.test(name) && !TABLES.includes(name));
  if (unknown.length) throw new Error(`copy does not know the table(s) ${unknown.join(', ')}: nothing was copied`);
}

function refuseNonEmpty(query: Query, path: string): void {
  const found = TABLES.filter((name) => query(`select exists (select 1 from ${quote(name)}) as any`)[0]!.any === true);
  if (found.length) {
    throw new BadInput(
      `${path} is not empty (${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''} have rows): copy needs an empty database`,
    );
  }
}

export interface ColumnInfo {
  name: string;
  /** The element type of the array the chunk's values travel in (int4, int8, text, bool, bytea). */
  udt: string;
  identity: boolean;
}

export function columnsOf(query: Query, table: string): ColumnInfo[] {
  const rows = query<{ column_name: string; udt_name: string; is_identity: string }>(
    `select column_name, udt_name, is_identity from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  if (!rows.length) throw new Error(`the target has no table ${table}: is it migrated?`);
  return rows.map((r) => ({ name: r.column_name, udt: r.udt_name, identity: r.is_identity === 'YES' }));
}

function copyTable(
  sqlite: Sqlite,
  query: Query,
  name: string,
  total: number,
  forward: Array<[number, number]>,
  onProgress?: (p: CopyProgress) => void,
): void {
  const columns = columnsOf(query, name);
  const names = columns.map((c) => c.name);
  // SQLite keeps booleans as 0/1; PostgreSQL's boolean columns take true/false.
  const booleans = columns.map((c) => c.udt === 'bool');
  const followUp = name === 'tickets' ? names.indexOf('follow_up_of') : -1;
  // One array parameter per column, unnested into rows: the server parses a short statement
  // whatever the chunk's size (a VALUES list of thousands of parameters parses slowly).
  const types = columns.map((c) => `${c.udt}[]`);
  const insert = (rows: unknown[][]) => {
    const arrays = names.map((_, c) => rows.map((row) => row[c]));
    query(
      `insert into ${quote(name)} (${names.map(quote).join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})`,
      arrays,
    );
  };
  const statement = sqlite.prepare(`select ${names.map(quote).join(', ')} from ${quote(name)} order by rowid`).raw(true);
  let chunk: unknown[][] = [];
  let rows = 0;
  for (const raw of statement.iterate() as Iterable<unknown[]>) {
    for (let c = 0; c < raw.length; c++) if (booleans[c] && raw[c] !== null) raw[c] = raw[c] === 1;
    if (followUp >= 0 && raw[followUp] !== null && (raw[followUp] as number) >= (raw[0] as number)) {
      forward.push([raw[0] as number, raw[followUp] as number]);
      raw[followUp] = null;
    }
    chunk.push(raw);
    if (chunk.length === CHUNK_ROWS) {
      insert(chunk);
      rows += chunk.length;
      chunk = [];
      onProgress?.({ table: name, rows, total });
    }
  }
  if (chunk.length) insert(chunk);
  rows += chunk.length;
  onProgress?.({ table: name, rows, total });
}

/**
 * Each identity column's sequence continues after the largest copied id, or after the last id
 * SQLite handed out (`floors`, its sqlite_sequence: AUTOINCREMENT never gives an id twice, and an
 * interrupted import reserves its file's ids there), whichever is higher.
 */
export function resetSequences(query: Query, floors: Record<string, number> = {}): void {
  for (const table of TABLES) {
    for (const column of columnsOf(query, table).filter((c) => c.identity)) {
      query(
        `select setval(pg_get_serial_sequence($1, $2), greatest(coalesce((select max(${quote(column.name)}) from ${quote(table)}), 0), $3) + 1, false)`,
        [table, column.name, floors[table] ?? 0],
      );
    }
  }
}

/** The last id SQLite's AUTOINCREMENT handed out, per table. */
function sqliteSequences(sqlite: Sqlite): Record<string, number> {
  const rows = sqlite.prepare('select name, seq from sqlite_sequence').all() as Array<{ name: string; seq: number }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.seq]));
}
