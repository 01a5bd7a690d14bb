// Where a filter reaches the PostgreSQL repositories (exchange, batch). A compiled filter crosses
// from the main thread to the worker as plain data (a drizzle SQL object does not survive
// structured cloning); the worker compiles it here with the PostgreSQL filter compiler.
import type { SQL } from 'drizzle-orm';
import { whereOf, type PgFilter } from '../filterSql.js';

export { pgVisibility as visibilityPg } from '../visibility.js';

/** `fewRows`: the query names its candidates by id (filterSql.ts). */
export function whereSql(condition: unknown, options: { fewRows?: boolean } = {}): SQL | undefined {
  if (condition === undefined || condition === null) return undefined;
  return whereOf(condition as PgFilter, options);
}
