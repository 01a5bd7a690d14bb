// This store's side of the filter seam (store/port/filters.ts): the port's opaque condition is a
// drizzle SQL fragment compiled by filterSql.ts, and only this file converts between the two.
import type { SQL } from 'drizzle-orm';
import type { FilterCompiler, FilterCondition } from '../port/index.js';
import { compileFilter, compileTicketFilter } from './filterSql.js';

export const asCondition = (where: SQL): FilterCondition => where as unknown as FilterCondition;
export const sqlOf = (condition: FilterCondition | undefined): SQL | undefined => condition as unknown as SQL | undefined;

export const sqliteFilters: FilterCompiler = {
  condition: (node, ctx) => asCondition(compileFilter(node, ctx)),
  ticketFilter: (node, ctx) => {
    const compiled = compileTicketFilter(node, ctx);
    return { where: asCondition(compiled.where), statuses: compiled.statuses };
  },
};
