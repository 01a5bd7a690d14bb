// A table's rows as the app's schema types them, on either store: what a test checks the database
// holds without speaking one store's dialect. SQLite reads through drizzle on the store's own
// connection; PostgreSQL sends `select *` through the store's worker (its raw `query`) and maps
// each column as drizzle would (snake_case name → field, bigint millis → number, bytea → Buffer).
// Rows come in primary-key order on both, so tests may compare whole lists.
import Database from 'better-sqlite3';
import { and, asc, count, eq, getTableColumns, getTableName, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { getTableConfig as pgTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../../src/store/sqlite/schema/index.js';
import * as pgSchema from '../../src/store/postgres/schema/index.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';
import type { StorePort } from '../../src/store/port/index.js';

type Schema = typeof sqliteSchema;
/** The schema's tables by export name (`outbox`, `mailMessages`, …). */
export type TableName = { [K in keyof Schema]: Schema[K] extends SQLiteTable ? K : never }[keyof Schema];
export type Row<N extends TableName> = Schema[N] extends { $inferSelect: infer R } ? R : never;

/** A `where` value: the field is set (SQL `is not null`). */
export const NOT_NULL = Symbol('not null');
/** Equality on each field given (`null`: the field is unset), or NOT_NULL. */
export type Where<N extends TableName> = { [K in keyof Row<N>]?: Row<N>[K] | null | typeof NOT_NULL };

type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => T[];
/** A store a test holds: the SQLite store (its better-sqlite3 connection), the PostgreSQL port (its raw query), or either as the port. */
export type RowSource = { sqlite: Database.Database } | { query: RawQuery } | StorePort;

/** The primary key's columns: rows are ordered by them on both stores. */
function keyColumns(config: { columns: { name: string; primary: boolean }[]; primaryKeys: { columns: { name: string }[] }[] }): string[] {
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  return single.length ? single : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.map((c) => c.name));
}

function sqliteWhere(
  name: TableName,
  where: object,
): { table: SQLiteTable; columns: Record<string, SQLiteColumn>; condition: SQL | undefined } {
  const table = sqliteSchema[name] as unknown as SQLiteTable;
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const condition = and(
    ...Object.entries(where).map(([key, value]) =>
      value === NOT_NULL ? isNotNull(columns[key]!) : value === null ? isNull(columns[key]!) : eq(columns[key]!, value),
    ),
  );
  return { table, columns, condition };
}

/** The PostgreSQL store's raw query (through its worker). */
function rawQuery(source: RowSource): RawQuery {
  if ('query' in source && typeof source.query === 'function') return source.query as RawQuery;
  throw new Error('tableRows: the store has neither a SQLite connection nor a raw PostgreSQL query');
}

/** `select <what> from <table> where <column> = $n and …` in PostgreSQL's names. */
function pgSelect(
  name: TableName,
  where: object,
  what: string,
): { table: PgTable; columns: Record<string, PgColumn>; text: string; params: unknown[] } {
  const table = pgSchema[name] as unknown as PgTable;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const params: unknown[] = [];
  const conditions = Object.entries(where).map(([key, value]) => {
    const column = columns[key]!;
    if (value === null) return `"${column.name}" is null`;
    if (value === NOT_NULL) return `"${column.name}" is not null`;
    params.push(column.mapToDriverValue(value));
    return `"${column.name}" = $${params.length}`;
  });
  const text = `select ${what} from "${getTableName(table)}"${conditions.length ? ` where ${conditions.join(' and ')}` : ''}`;
  return { table, columns, text, params };
}

/** Rows of table `name` whose fields equal `where`'s (all of them), in primary-key order. */
export function tableRows<N extends TableName>(source: RowSource, name: N, where: Where<N> = {}): Row<N>[] {
  if ('sqlite' in source && source.sqlite instanceof Database) {
    const { table, columns, condition } = sqliteWhere(name, where);
    const order = keyColumns(sqliteTableConfig(table)).map((n) => asc(Object.values(columns).find((c) => c.name === n)!));
    return drizzle(source.sqlite)
      .select()
      .from(table)
      .where(condition)
      .orderBy(...order)
      .all() as Row<N>[];
  }
  const query = rawQuery(source);
  const { table, columns, text, params } = pgSelect(name, where, '*');
  const order = keyColumns(pgTableConfig(table))
    .map((n) => `"${n}"`)
    .join(', ');
  return query(`${text} order by ${order}`, params).map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(columns)) {
      // Bytes cross the worker bridge as plain Uint8Arrays; the app reads Buffers.
      const value = raw[column.name] instanceof Uint8Array ? Buffer.from(raw[column.name] as Uint8Array) : raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row<N>;
  });
}

/** How many rows of table `name` have `where`'s fields: counted by the store, so no row crosses the PostgreSQL worker. */
export function tableCount<N extends TableName>(source: RowSource, name: N, where: Where<N> = {}): number {
  if ('sqlite' in source && source.sqlite instanceof Database) {
    const { table, condition } = sqliteWhere(name, where);
    return drizzle(source.sqlite).select({ n: count() }).from(table).where(condition).get()!.n;
  }
  const { text, params } = pgSelect(name, where, 'count(*)::int as n');
  return rawQuery(source)<{ n: number }>(text, params)[0]!.n;
}

/**
 * A read session on a database a spawned CLI writes: a SQLite path (opened read-only) or a
 * postgres:// URL (opened without migrating). For tests that poll while a command runs.
 */
export function openRowSource(database: string): RowSource & { close(): void } {
  if (/^postgres(ql)?:\/\//.test(database)) return openPostgresStorePort(database, { migrate: false });
  const sqlite = new Database(database, { readonly: true, fileMustExist: true });
  return { sqlite, close: () => sqlite.close() };
}

function once<T>(database: string, read: (source: RowSource) => T): T {
  const source = openRowSource(database);
  try {
    return read(source);
  } finally {
    source.close();
  }
}

/** tableRows on a database a spawned CLI wrote, in a session of its own. */
export function databaseRows<N extends TableName>(database: string, name: N, where: Where<N> = {}): Row<N>[] {
  return once(database, (source) => tableRows(source, name, where));
}

/** tableCount on a database a spawned CLI wrote, in a session of its own. */
export function databaseCount<N extends TableName>(database: string, name: N, where: Where<N> = {}): number {
  return once(database, (source) => tableCount(source, name, where));
}
