// This store's side of the filter seam (store/port/filters.ts): the port's opaque condition is a
// drizzle SQL fragment compiled by filterSql.ts, and only this file converts between the two.
import type { SQL } from 'drizzle-orm';
import type { FilterCompiler, FilterCondition, FilterSeeks } from '../port/index.js';
import { compileFilter, compileTicketFilter, type TextSearchSeek } from './filterSql.js';

/** What this store's FilterSeeks are: the index seeks, and the word search read once per query. */
export interface SqliteSeeks {
  /** Every seek but the word search's (filterSql.ts `seeks`). */
  ids: readonly SQL[];
  /** filterSql.ts `narrowings`. */
  narrowings: readonly SQL[];
  /** filterSql.ts `seekTests`, one per entry of `ids`. */
  seekTests: readonly SQL[];
  text?: TextSearchSeek;
}

export const asCondition = (where: SQL): FilterCondition => where as unknown as FilterCondition;
export const sqlOf = (condition: FilterCondition | undefined): SQL | undefined => condition as unknown as SQL | undefined;
export const seeksOf = (seeks: FilterSeeks | undefined): SqliteSeeks | undefined => seeks as unknown as SqliteSeeks | undefined;

export const sqliteFilters: FilterCompiler = {
  condition: (node, ctx) => asCondition(compileFilter(node, ctx)),
  ticketFilter: (node, ctx) => {
    const compiled = compileTicketFilter(node, ctx);
    const seeks: SqliteSeeks = {
      ids: compiled.seeks.filter((seek) => seek !== compiled.text?.seek),
      narrowings: compiled.narrowings,
      seekTests: compiled.seekTests,
      ...(compiled.text ? { text: compiled.text } : {}),
    };
    return { where: asCondition(compiled.where), statuses: compiled.statuses, seeks: seeks as unknown as FilterSeeks };
  },
};
