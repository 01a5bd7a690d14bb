// A table's rows as the app's schema types them, on either store: what a test checks the database
// holds without speaking one store's dialect. SQLite reads through drizzle on the store's own
// connection; PostgreSQL sends `select *` through the store's worker (its raw `query`) and maps
// each column as drizzle would (snake_case name → field, bigint millis → number, bytea → Buffer).
// Rows come in primary-key order on both, so tests may compare whole lists.
import Database from 'better-sqlite3';
import { asc, and, eq, getTableColumns, getTableName, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { getTableConfig as pgTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../../src/store/sqlite/schema/index.js';
import * as pgSchema from '../../src/store/postgres/schema/index.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';

type Schema = typeof sqliteSchema;
/** The schema's tables by export name (`outbox`, `mailMessages`, …). */
export type TableName = { [K in keyof Schema]: Schema[K] extends SQLiteTable ? K : never }[keyof Schema];
export type Row<N extends TableName> = Schema[N] extends { $inferSelect: infer R } ? R : never;

/** A store a test holds: the SQLite store (its better-sqlite3 connection) or the PostgreSQL port (its raw query). */
export type RowSource = { sqlite: Database.Database } | { query<T = Record<string, unknown>>(text: string, params?: unknown[]): T[] };

/** The primary key's columns: rows are ordered by them on both stores. */
function keyColumns(config: { columns: { name: string; primary: boolean }[]; primaryKeys: { columns: { name: string }[] }[] }): string[] {
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  return single.length ? single : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.map((c) => c.name));
}

/** Rows of table `name` whose fields equal `where`'s (all of them), in primary-key order. */
export function tableRows<N extends TableName>(source: RowSource, name: N, where: Partial<Row<N>> = {}): Row<N>[] {
  if ('sqlite' in source) {
    const table = sqliteSchema[name] as unknown as SQLiteTable;
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const conditions = Object.entries(where).map(([key, value]) => eq(columns[key]!, value));
    const order = keyColumns(sqliteTableConfig(table)).map((n) => asc(Object.values(columns).find((c) => c.name === n)!));
    return drizzle(source.sqlite)
      .select()
      .from(table)
      .where(and(...conditions) as SQL | undefined)
      .orderBy(...order)
      .all() as Row<N>[];
  }
  const table = pgSchema[name] as unknown as PgTable;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const params: unknown[] = [];
  const conditions = Object.entries(where).map(([key, value]) => {
    const column = columns[key]!;
    if (value === null) return `"${column.name}" is null`;
    params.push(column.mapToDriverValue(value));
    return `"${column.name}" = $${params.length}`;
  });
  const order = keyColumns(pgTableConfig(table))
    .map((n) => `"${n}"`)
    .join(', ');
  const text = `select * from "${getTableName(table)}"${conditions.length ? ` where ${conditions.join(' and ')}` : ''} order by ${order}`;
  return source.query(text, params).map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(columns)) {
      // Bytes cross the worker bridge as plain Uint8Arrays; the app reads Buffers.
      const value = raw[column.name] instanceof Uint8Array ? Buffer.from(raw[column.name] as Uint8Array) : raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row<N>;
  });
}

/**
 * The same for a database a spawned CLI wrote: a SQLite path (opened read-only) or a postgres://
 * URL (opened without migrating), closed again after the read.
 */
export function databaseRows<N extends TableName>(database: string, name: N, where: Partial<Row<N>> = {}): Row<N>[] {
  if (/^postgres(ql)?:\/\//.test(database)) {
    const store = openPostgresStorePort(database, { migrate: false });
    try {
      return tableRows(store, name, where);
    } finally {
      store.close();
    }
  }
  const sqlite = new Database(database, { readonly: true });
  try {
    return tableRows({ sqlite }, name, where);
  } finally {
    sqlite.close();
  }
}
