// The one SQL compiler of the visibility rule (domain/permissions.ts visibilityOf / isVisible):
// every read that returns tickets to a reader restricts them through this.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from '../port/index.js';
import { tickets } from './schema/index.js';

interface OwnerColumns {
  requesterId: SQLiteColumn | SQL;
  orgId: SQLiteColumn | SQL;
}

/** The condition of a visibility on the tickets table (or on `columns`); undefined: every ticket. */
export function visibilitySql(scope: Scope, columns: OwnerColumns = tickets): SQL | undefined {
  if (!scope) return undefined;
  if (scope.orgId === undefined) return sql`${columns.requesterId} = ${scope.requesterId}`;
  return sql`(${columns.requesterId} = ${scope.requesterId} or ${columns.orgId} = ${scope.orgId})`;
}
