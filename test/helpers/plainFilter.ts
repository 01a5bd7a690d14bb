// What a filter must give, whatever plan the repository chooses: the plain compiled condition,
// sorted by SLA due time then id, in one query (no status split, no seek).
import { asc } from 'drizzle-orm';
import type { FilterNode } from '../../src/domain/filter/index.js';
import type { Store } from '../../src/store/sqlite/db.js';
import { compileFilter, type FilterContext } from '../../src/store/sqlite/filterSql.js';
import { tickets } from '../../src/store/sqlite/schema/index.js';

export function plainFilterIds(store: Store, node: FilterNode, ctx: FilterContext): number[] {
  return store.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(compileFilter(node, ctx))
    .orderBy(asc(tickets.slaDueAt), asc(tickets.id))
    .all()
    .map((r) => r.id);
}
