// Many rows in one statement, one array parameter per column (unnest): drizzle's multi-row VALUES
// binds a parameter per value and builds each, which for a batch chunk's outbox (thousands of
// values, a JSON snapshot each) cost more than the server's work, and an UPDATE per ticket is a
// round trip per ticket.
import { getTableColumns, sql, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { NewTicket, TicketUpdate } from '../../port/index.js';
import { tickets } from '../schema/index.js';
import type { PgDb } from './db.js';

/** A column's values as one typed array parameter. */
function arrayOf(column: PgColumn, values: unknown[]): SQL {
  const driver = values.map((v) => (v === null || v === undefined ? null : column.mapToDriverValue(v)));
  return sql`${sql.param(driver)}::${sql.raw(column.getSQLType())}[]`;
}

/** The INSERT of `rows` from one array parameter per column; `id` only when the rows give it. */
function insertSql<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], withIds: boolean): SQL {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(([key]) => withIds || key !== 'id');
  const arrays = columns.map(([key, column]) =>
    arrayOf(
      column,
      rows.map((row) => {
        const value = (row as Record<string, unknown>)[key];
        if (value !== undefined) return value;
        if (column.defaultFn) return column.defaultFn();
        if (column.hasDefault && !(column.default instanceof SQL)) return column.default;
        return null;
      }),
    ),
  );
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`;
}

/**
 * Inserts `rows` in order and returns their ids (`id`, an identity column, is left to the
 * server). One statement numbers its rows in the order it reads them, the arrays' order, so the
 * ids sorted are the rows' ids in order. A value a row leaves out takes its column's default (a
 * plain value: `state`, `attempts`), or null.
 */
export async function insertFromArrays<T extends PgTable>(db: PgDb, table: T, rows: readonly T['$inferInsert'][]): Promise<number[]> {
  if (!rows.length) return [];
  const result = await db.execute<{ id: number }>(sql`${insertSql(table, rows, false)} returning id`);
  return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Inserts `rows` as they are, ids included (an import's tickets; tables keyed by their columns). */
export async function insertRowsFromArrays<T extends PgTable>(db: PgDb, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  if (rows.length) await db.execute(insertSql(table, rows, true));
}

/**
 * `updates` (distinct tickets, each setting `keys`) as one UPDATE: each row only if it is still
 * at its version, as TicketsRepo.updateTicket. Returns the ids updated.
 */
export async function updateFromArrays(db: PgDb, keys: (keyof NewTicket)[], updates: readonly TicketUpdate[]): Promise<number[]> {
  const columns = keys.map((k) => tickets[k] as PgColumn);
  const arrays = [
    arrayOf(
      tickets.id,
      updates.map((u) => u.id),
    ),
    arrayOf(
      tickets.version,
      updates.map((u) => u.version),
    ),
    ...columns.map((column, c) =>
      arrayOf(
        column,
        updates.map((u) => u.fields[keys[c]!]),
      ),
    ),
  ];
  const names = columns.map((_, c) => sql.raw(`c${c}`));
  const sets = [...columns.map((column, c) => sql`${sql.identifier(column.name)} = v.${names[c]!}`), sql`version = v.version + 1`];
  const result = await db.execute<{ id: number }>(
    sql`update ${tickets} t set ${sql.join(sets, sql`, `)}
      from unnest(${sql.join(arrays, sql`, `)}) as v(id, version${sql.join(names.map((n) => sql`, ${n}`))})
      where t.id = v.id and t.version = v.version returning t.id`,
  );
  return result.rows.map((r) => Number(r.id));
}
