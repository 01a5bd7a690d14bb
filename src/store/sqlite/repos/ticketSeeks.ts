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
export function smallSeek(db: Db, seeks: readonly SQL[] | undefined, limit: number, read = false): SQL | undefined {
  if (!seeks?.length) return undefined;
  const all = intersection(seeks);
  if (read) return seekIds(db, all, limit);
  return seekSize(db, all, limit) <= limit ? all : undefined;
}

/**
 * A page's candidates themselves (a few thousand at most), read once as ids: checking their
 * number read them, and the page's query read them again (a narrowing's candidates tested
 * against `tag in (403 tags)`: 7 ms each time on the 1M demo). One parameter, one statement text.
 */
function seekIds(db: Db, seek: SQL, limit: number): SQL | undefined {
  const q = toQuery(sql`select id from (${seek}) limit ${limit + 1}`);
  const ids = db.$client
    .prepare(q.sql)
    .pluck()
    .all(...q.params) as number[];
  return ids.length <= limit ? sql`select value as id from json_each(${JSON.stringify(ids)})` : undefined;
}

/** How many candidates `seeks` name together, counted up to `limit` + 1. */
export function seeksSize(db: Db, seeks: readonly SQL[], limit: number): number {
  return seeks.length ? seekSize(db, intersection(seeks), limit) : 0;
}

const intersection = (seeks: readonly SQL[]): SQL =>
  seeks.length === 1
    ? seeks[0]!
    : sql.join(
        seeks.map((s) => sql`select id from (${s})`),
        sql` intersect `,
      );

function seekSize(db: Db, seek: SQL, limit: number): number {
  const q = toQuery(sql`select count(*) from (${seek} limit ${limit + 1})`);
  return db.$client
    .prepare(q.sql)
    .pluck()
    .get(...q.params) as number;
}

/**
 * Up to this many candidates of the other seeks a narrowing is read (filterSeeks.ts
 * `narrowingOf`): past it their matches are dense enough that the walk finds a page soon (a tag
 * on 50,000 tickets: 6 ms walking, 15 through the narrowing), below it the walk read every open
 * ticket when a page's matches were not there (a tag on 6,500: 80 ms, 14 through it).
 */
export const NARROWING_SEEK_LIMIT = 20_000;

/**
 * The narrowings' candidates that every seek names too, each tested against the seeks' indexes
 * (filterSeeks.ts `seekTestOf`) before any ticket row is read: the Breaching tab's 6,000 probe
 * `ticket_tags` for a tag in 3 ms, where reading their rows took 20.
 */
export function narrowedSeek(narrowings: readonly SQL[], seekTests: readonly SQL[]): SQL {
  const base = sql.join(
    narrowings.map((n) => sql`select id from (${n})`),
    sql` intersect `,
  );
  return sql`select narrowed.id as id from (${base}) as narrowed where ${sql.join([...seekTests], sql` and `)}`;
}

/**
 * The candidates, each once, joined to their tickets in that order (`cross join` keeps SQLite
 * from walking a tickets index instead): `condition` is the rest of the filter, the statuses, the
 * scope and the keyset.
 */
export function throughSeek(seek: SQL, select: SQL, condition: SQL | undefined): SQL {
  return sql`select ${select} from (select distinct id from (${seek})) as seek cross join ${tickets} on ${tickets.id} = seek.id${condition ? sql` where ${condition}` : sql``}`;
}
