// The visibility rule (domain/permissions.ts visibilityOf / isVisible) compiled for PostgreSQL, as
// store/sqlite/visibility.ts compiles it for SQLite: every read that returns tickets to a reader
// restricts them through this.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Scope } from '../port/index.js';
import { tickets } from './schema/index.js';

interface OwnerColumns {
  requesterId: AnyPgColumn | SQL;
  orgId: AnyPgColumn | SQL;
}

/** The condition of a visibility on the tickets table (or on `columns`); undefined: every ticket. */
export function pgVisibility(scope: Scope, columns: OwnerColumns = tickets): SQL | undefined {
  if (!scope) return undefined;
  if (scope.orgId === undefined) return sql`${columns.requesterId} = ${scope.requesterId}`;
  // `=` (the organization is never null here), so that the organization's index serves it.
  return sql`(${columns.requesterId} = ${scope.requesterId} or ${columns.orgId} = ${scope.orgId})`;
}
