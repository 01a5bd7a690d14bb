// This store's side of the filter seam (store/port/filters.ts): the port's opaque condition is the
// filter itself with its context, as data, because a drizzle SQL object cannot cross to the
// worker; the worker compiles it (filterSql.ts) into the query that reads the tickets.
import { splitStatuses } from '../../domain/filter/statuses.js';
import type { FilterCompiler, FilterCondition, FilterSeeks } from '../port/index.js';
import type { PgFilter } from './filterSql.js';

const asCondition = (filter: PgFilter): FilterCondition => filter as unknown as FilterCondition;
/** PostgreSQL plans a filter's index reads itself (bitmap scans): no seeks of its own. */
const NO_SEEKS = [] as unknown as FilterSeeks;

export const postgresFilters: FilterCompiler = {
  condition: (node, ctx) => asCondition({ node, ctx }),
  ticketFilter: (node, ctx) => {
    const { statuses, rest } = splitStatuses(node);
    return { where: asCondition({ node: rest, ctx }), statuses, seeks: NO_SEEKS };
  },
};
