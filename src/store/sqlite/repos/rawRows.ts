// Reading many rows by id: the condition prepared statements share, and rows from raw arrays for
// the queries a batch repeats for hundreds of tickets a chunk. drizzle's mapping dispatches on
// every field of every row (path walks, entity checks), a third of reading a chunk's tickets; the
// reader is compiled once per table into one object literal, with drizzle's own decoders for the
// columns that have one (booleans, …).
import { Column, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** `column in (the ids)`, the ids bound as one JSON array (placeholder `ids`): one statement for any count. */
export const idIn = (column: SQLiteColumn): SQL => sql`${column} in (select value from json_each(${sql.placeholder('ids')}))`;

/** Reads the raw rows of `select()` from `table` (its columns, in their order) as drizzle would. */
export function rawRowReader<T>(table: SQLiteTable): (raw: unknown[]) => T {
  const columns = Object.entries(getTableColumns(table));
  const decoders = columns.map(([, column]) =>
    column.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : (v: unknown) => column.mapFromDriverValue(v),
  );
  const fields = columns.map(
    ([key], i) => `${JSON.stringify(key)}: ${decoders[i] ? `r[${i}] === null ? null : d[${i}](r[${i}])` : `r[${i}]`}`,
  );
  // Generated from the schema's own column names, never from data.
  return new Function('d', `return (r) => ({ ${fields.join(', ')} });`)(decoders) as (raw: unknown[]) => T;
}
