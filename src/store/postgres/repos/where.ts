// Where a filter reaches the PostgreSQL repositories (exchange, batch). A compiled filter must
// cross from the main thread to the worker as plain data (a drizzle SQL object does not survive
// structured cloning), so the repositories receive the condition as data and turn it into SQL
// here, in the worker. The PostgreSQL filter compiler plugs in through `usePgFilterCompiler`;
// until one is registered only "no filter" is understood.
import type { SQL } from 'drizzle-orm';
import type { Visibility } from '../../../domain/permissions.js';
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { tickets } from '../schema/index.js';

type Compile = (condition: unknown) => SQL;
let compile: Compile | undefined;

/** Registers how the worker turns a crossed filter condition into SQL (the PostgreSQL filter compiler). */
export function usePgFilterCompiler(fn: Compile): void {
  compile = fn;
}

export function whereSql(condition: unknown): SQL | undefined {
  if (condition === undefined || condition === null) return undefined;
  if (!compile) throw new Error('filters are not compiled for PostgreSQL yet');
  return compile(condition);
}

/** The visibility rule (domain/permissions.ts isVisible) on the tickets table or on `columns`; undefined: every ticket. */
export function visibilityPg(
  scope: Visibility | undefined,
  columns: { requesterId: AnyPgColumn | SQL; orgId: AnyPgColumn | SQL } = tickets,
): SQL | undefined {
  if (!scope) return undefined;
  if (scope.orgId === undefined) return sql`${columns.requesterId} = ${scope.requesterId}`;
  return sql`(${columns.requesterId} = ${scope.requesterId} or ${columns.orgId} = ${scope.orgId})`;
}
