// Pages and counts read through a filter's seek (filterSql.ts `seeks`): when a conjunct such as
// `org=acme`, `requester=x` or `tag in (…)` limits the matches to few tickets, walking a sort
// index and testing each row (the default, see tickets.ts `list`) can read the whole status range
// for one page; reading those few tickets by index, then sorting them, costs what they number.
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db.js';
import { tickets } from '../schema/index.js';

/**
 * Up to this many candidates a page is read through the seek. Walking a sort index costs about
 * limit × table ÷ candidates rows, the seek about the candidates: they cross near √(50 × 10⁶) ≈ 7,000.
 */
export const SEEK_PAGE_LIMIT = 5_000;
/** Up to this many a count is (the alternative counts every ticket of the statuses). */
export const SEEK_COUNT_LIMIT = 200_000;

const dialect = new SQLiteSyncDialect();

export const toQuery = (query: SQL): { sql: string; params: unknown[] } => dialect.sqlToQuery(query);

/**
 * The candidates of all the seeks at once (their intersection: each reads an index alone, so
 * intersecting costs their index entries, not a row each), when they are at most `limit`.
 */
export function smallSeek(db: Db, seeks: readonly SQL[] | undefined, limit: number): SQL | undefined {
  if (!seeks?.length) return undefined;
  const all =
    seeks.length === 1
      ? seeks[0]!
      : sql.join(
          seeks.map((s) => sql`select id from (${s})`),
          sql` intersect `,
        );
  const q = toQuery(sql`select count(*) from (${all} limit ${limit + 1})`);
  const n = db.$client
    .prepare(q.sql)
    .pluck()
    .get(...q.params) as number;
  return n <= limit ? all : undefined;
}

/**
 * The candidates, each once, joined to their tickets in that order (`cross join` keeps SQLite
 * from walking a tickets index instead): `condition` is the rest of the filter, the statuses, the
 * scope and the keyset.
 */
export function throughSeek(seek: SQL, select: SQL, condition: SQL | undefined): SQL {
  return sql`select ${select} from (select distinct id from (${seek})) as seek cross join ${tickets} on ${tickets.id} = seek.id${condition ? sql` where ${condition}` : sql``}`;
}
