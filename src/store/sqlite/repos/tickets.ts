// Queries on tickets and everything hanging off them. Typed rows in and out; no policy.
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { unionAll, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from '../db.js';
import { comments, events, outbox, ticketLevels, ticketMutes, tickets, ticketTags, watchers, attachments } from '../schema/index.js';
import { idIn, rawRowReader } from './rawRows.js';
import { visibilitySql } from '../visibility.js';
import { seeksOf, sqlOf, type SqliteSeeks } from '../filters.js';
import {
  valuesByTicket,
  type FilterCondition,
  type FilterSeeks,
  type ListQuery,
  type NewTicket,
  type Scope,
  type TicketRow,
  type TicketsRepo,
  type LevelRow,
  type CommentRow,
  type EventRow,
  type NewOutbox,
  type AttachmentRow,
} from '../../port/index.js';
import {
  NARROWING_SEEK_LIMIT,
  narrowedSeek,
  seeksSize,
  SEEK_COUNT_LIMIT,
  SEEK_PAGE_LIMIT,
  smallSeek,
  throughSeek,
  toQuery,
} from './ticketSeeks.js';
import { createTextMatchSets } from './textMatchSet.js';
import { createTextProbes } from './textProbe.js';

const sortColumn = {
  sla: tickets.slaDueAt,
  priority: tickets.priority,
  updated: tickets.updatedAt,
  created: tickets.createdAt,
} as const;

/**
 * A requester sees only their own tickets: few, so their pages read them by requester and sort
 * them. Left to itself, with sampled statistics SQLite walked a status index in sort order and
 * filtered by requester: 2.7 s for a page of Closed on a million tickets.
 */
const requesterOnly = (scope: Scope | undefined): boolean => scope?.requesterId !== undefined && scope.orgId === undefined;

/**
 * A superuser sees their own tickets and their company's: when those are few (most companies),
 * their pages and counts read them as candidates (the requester's and the organization's indexes),
 * as a filter's seeks are read. Walking a status index in SLA order for them read most open
 * tickets to fill a page: 34 ms for *All open*, 56 ms for *Breaching* on a million tickets.
 */
const companySeek = (scope: Scope | undefined): SQL | undefined =>
  scope?.orgId === undefined
    ? undefined
    : sql`select ${tickets.id} as id from ${tickets} where ${tickets.requesterId} = ${scope.requesterId} union all select ${tickets.id} as id from ${tickets} where ${tickets.orgId} = ${scope.orgId}`;

/**
 * The repository but its summaryLookups, notificationLookups, chunkLookups and conversationOf, which the store port composes
 * from these and the people's (store/port/lookups.ts). `textPlan` forces a text search's page plan (tests:
 * both give the same page).
 */
export function createTicketsRepo(
  db: Db,
  options: {
    textPlan?: 'walk' | 'table';
    /** Tests: smaller seek limits (ticketSeeks.ts), so that a few hundred tickets take every path. */
    seekLimits?: { page: number; narrowing: number };
  } = {},
): Omit<TicketsRepo, 'summaryLookups' | 'notificationLookups' | 'chunkLookups' | 'conversationOf'> {
  // countTelling's probe: a condition after all others (so the plan is the count's own) that
  // calls back for each row counted. Not deterministic: SQLite evaluates it per row.
  let counted: () => void = () => undefined;
  const pageLimit = options.seekLimits?.page ?? SEEK_PAGE_LIMIT;
  const narrowingLimit = options.seekLimits?.narrowing ?? NARROWING_SEEK_LIMIT;
  db.$client.function('ticketty_counted', { deterministic: false }, () => {
    counted();
    return 1;
  });
  const byId = db
    .select()
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .prepare();
  const levelRow = db
    .select()
    .from(ticketLevels)
    .where(and(eq(ticketLevels.ticketId, sql.placeholder('ticketId')), eq(ticketLevels.level, sql.placeholder('level'))))
    .prepare();
  const mutedByTicket = db
    .select({ userId: ticketMutes.userId })
    .from(ticketMutes)
    .where(eq(ticketMutes.ticketId, sql.placeholder('ticketId')))
    .prepare();
  const mutedByIds = db
    .select()
    .from(ticketMutes)
    .where(idIn(ticketMutes.ticketId))
    .orderBy(asc(ticketMutes.ticketId), asc(ticketMutes.userId))
    .prepare();
  const levelsOfTicket = db
    .select()
    .from(ticketLevels)
    .where(eq(ticketLevels.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(ticketLevels.level))
    .prepare();
  // The lookups of every queue page, prepared once: a list of ids is one JSON array parameter.
  const ticketsByIds = db.select().from(tickets).where(idIn(tickets.id)).prepare();
  const levelsByIds = db
    .select()
    .from(ticketLevels)
    .where(idIn(ticketLevels.ticketId))
    .orderBy(asc(ticketLevels.ticketId), asc(ticketLevels.level))
    .prepare();
  const levelFromRaw = rawRowReader<LevelRow>(ticketLevels);
  const tagsByIds = db.select().from(ticketTags).where(idIn(ticketTags.ticketId)).orderBy(asc(ticketTags.tag)).prepare();
  const watchersByIds = db
    .select()
    .from(watchers)
    .where(idIn(watchers.ticketId))
    .orderBy(asc(watchers.ticketId), asc(watchers.userId))
    .prepare();
  // A page's query is built per call (its filter varies) but has few shapes: prepared once per
  // SQL text (a compound of 8 arms costs more to prepare than to run).
  const pageStatements = new Map<string, Database.Statement>();
  const pageKeys = (query: { sql: string; params: unknown[] }): number[] => {
    let statement = pageStatements.get(query.sql);
    if (!statement) {
      statement = db.$client.prepare(query.sql).pluck();
      if (pageStatements.size >= 64) pageStatements.delete(pageStatements.keys().next().value!);
      pageStatements.set(query.sql, statement);
    }
    return statement.all(...query.params) as number[];
  };

  // The filter as a page or a count reads it, and its candidates when they are at most `limit`.
  // A word search's matches are read once per query into a table (kept while the text index is
  // the same, repos/textMatchSet.ts) and tested there, unless the other seeks already name few tickets:
  // then the one query that reads those tests the search itself, reading its matches once, or
  // never when no ticket is left to test.
  // A page of a common word's search walks the sort index and probes each row (textProbe.ts).
  const textMatchSet = createTextMatchSets(db);
  const textProbe = createTextProbes(db);
  const filterOf = (
    where: FilterCondition | undefined,
    seeks: FilterSeeks | undefined,
    limit: number,
    page = false,
    scope?: Scope,
  ): { where?: SQL; seek?: SQL } => {
    const compiled = seeksOf(seeks);
    const company = companySeek(scope);
    const ids = company ? [...(compiled?.ids ?? []), company] : compiled?.ids;
    // A page reads its few candidates once, as ids; a count only counts them.
    const others = smallSeek(db, ids, limit, page) ?? narrowed(compiled, limit, page);
    if (!compiled?.text || others) return { where: sqlOf(where), seek: others };
    // A count reads the match table too, filled with the prefix's words when they are known.
    const plan = textProbe(compiled.text, options.textPlan);
    if (page && plan.probe) return { where: and(compiled.text.rest, plan.probe) };
    const matches = textMatchSet(compiled.text, plan.words);
    return { where: and(compiled.text.rest, matches.member), seek: smallSeek(db, [...compiled.ids, matches.seek], limit, page) };
  };

  // A narrowing (`sla=breached`, `assignee=none`) reads the page only in place of seeks that name too many, and
  // not far too many (ticketSeeks.ts NARROWING_SEEK_LIMIT): alone, the walk finds the Breaching
  // tab's tickets first.
  const narrowed = (compiled: SqliteSeeks | undefined, limit: number, page: boolean): SQL | undefined => {
    if (!compiled?.ids.length || !compiled.narrowings.length || compiled.text) return undefined;
    if (seeksSize(db, compiled.ids, narrowingLimit) > narrowingLimit) return undefined;
    return smallSeek(db, [narrowedSeek(compiled.narrowings, compiled.seekTests)], limit, page);
  };

  const countOf = (
    where: FilterCondition | undefined,
    scope: Scope | undefined,
    statuses: readonly string[] | undefined,
    seeks: FilterSeeks | undefined,
    probe?: SQL,
  ): number => {
    if (statuses?.length === 0) return 0;
    const filter = filterOf(where, seeks, SEEK_COUNT_LIMIT, false, scope);
    const condition = and(statuses ? inArray(tickets.status, [...statuses]) : undefined, filter.where, visibilitySql(scope), probe);
    const seek = filter.seek;
    if (seek) {
      const q = toQuery(throughSeek(seek, sql`count(*)`, condition));
      return db.$client
        .prepare(q.sql)
        .pluck()
        .get(...q.params) as number;
    }
    return (
      db
        .select({ n: sql<number>`count(*)` })
        .from(tickets)
        .where(condition)
        .get()?.n ?? 0
    );
  };

  const byIds = (ids: number[]): TicketRow[] => {
    if (!ids.length) return [];
    const rows = new Map(ticketsByIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id)!);
  };

  return {
    ticketById: (id: number): TicketRow | undefined => byId.get({ id }),
    insertTicket: (row: NewTicket): TicketRow => db.insert(tickets).values(row).returning().get(),
    /** Optimistic update: applies only if the row still has `version`; returns whether it did. */
    updateTicket: (id: number, version: number, fields: Partial<NewTicket>): boolean =>
      db
        .update(tickets)
        .set({ ...fields, version: version + 1 })
        .where(and(eq(tickets.id, id), eq(tickets.version, version)))
        .run().changes === 1,

    /**
     * One page in sort order after a keyset, as a compound SELECT that SQLite merges in order,
     * stopping at the limit. Each arm is one index range read in order:
     * - a list of statuses gives one arm per status (`status = ?` on a `(status, sort, id)`
     *   index); with `status in (…)` no index gives the order, and every match is sorted first;
     * - the keyset `(sort, id) > (v, i)` becomes `sort = v and id > i`, then `sort > v`: SQLite
     *   bounds an index range by a row value only on its first column when the second is the
     *   rowid, so ties on `v` (every closed ticket has the same SLA due) were scanned.
     */
    list: (query: ListQuery): TicketRow[] => {
      const column = sortColumn[query.sort.key];
      const direction = query.sort.descending ? desc : asc;
      const beyond = (a: SQLiteColumn, b: unknown) => (query.sort.descending ? lt(a, b) : gt(a, b));
      const keysets: Array<SQL | undefined> = query.after
        ? [and(eq(column, query.after.value), beyond(tickets.id, query.after.id)), beyond(column, query.after.value)]
        : [undefined];
      const filter = filterOf(query.where, query.seeks, pageLimit, true, query.scope);
      const seek = filter.seek;
      if (seek) {
        const keyset = query.after ? or(keysets[0], keysets[1]) : undefined;
        const condition = and(
          query.statuses ? inArray(tickets.status, [...query.statuses]) : undefined,
          filter.where,
          visibilitySql(query.scope),
          keyset,
        );
        const order = query.sort.descending ? sql`desc` : sql`asc`;
        const page = sql`${throughSeek(seek, sql`${tickets.id}`, condition)} order by ${column} ${order}, ${tickets.id} ${order} limit ${query.limit}`;
        return byIds(pageKeys(toQuery(page)));
      }
      const statuses: ReadonlyArray<string | undefined> = query.statuses ?? [undefined];
      // Arms read the id and the sort key only: off the index alone when the filter needs no
      // other column; the page's rows are then read by id.
      const arms = statuses.flatMap((status) =>
        keysets.map((keyset) =>
          db
            .select({ id: tickets.id, key: column })
            .from(tickets)
            .where(and(status === undefined ? undefined : eq(tickets.status, status), filter.where, visibilitySql(query.scope), keyset)),
        ),
      );
      const [first, second, ...rest] = arms;
      if (!first) return [];
      const ordered = second ? unionAll(first, second, ...rest) : first;
      const page = ordered.orderBy(direction(column), direction(tickets.id)).limit(query.limit).toSQL();
      return byIds(
        pageKeys(
          requesterOnly(query.scope)
            ? { ...page, sql: page.sql.replaceAll('from "tickets" where', 'from "tickets" indexed by "tickets_requester" where') }
            : page,
        ),
      );
    },
    count: (where: FilterCondition | undefined, scope?: Scope, statuses?: readonly string[], seeks?: FilterSeeks): number =>
      countOf(where, scope, statuses, seeks),
    countTelling: (
      where: FilterCondition | undefined,
      scope: Scope | undefined,
      statuses: readonly string[] | undefined,
      seeks: FilterSeeks | undefined,
      onMatch: () => void,
    ): number => {
      counted = onMatch;
      try {
        return countOf(where, scope, statuses, seeks, sql`ticketty_counted()`);
      } finally {
        counted = () => undefined;
      }
    },

    tagsOf: (ticketIds: number[]): Map<number, string[]> => {
      const map = new Map<number, string[]>();
      if (!ticketIds.length) return map;
      for (const row of tagsByIds.all({ ids: JSON.stringify(ticketIds) })) {
        const list = map.get(row.ticketId) ?? [];
        list.push(row.tag);
        map.set(row.ticketId, list);
      }
      return map;
    },
    addTag: (ticketId: number, tag: string): void => {
      db.insert(ticketTags).values({ ticketId, tag }).onConflictDoNothing().run();
    },
    removeTag: (ticketId: number, tag: string): void => {
      db.delete(ticketTags)
        .where(and(eq(ticketTags.ticketId, ticketId), eq(ticketTags.tag, tag)))
        .run();
    },
    watchersOf: (ticketIds: number[]): Map<number, number[]> =>
      ticketIds.length ? valuesByTicket(watchersByIds.all({ ids: JSON.stringify(ticketIds) }), (r) => r.userId) : new Map(),
    addWatcher: (ticketId: number, userId: number): void => {
      db.insert(watchers).values({ ticketId, userId }).onConflictDoNothing().run();
    },
    removeWatcher: (ticketId: number, userId: number): void => {
      db.delete(watchers)
        .where(and(eq(watchers.ticketId, ticketId), eq(watchers.userId, userId)))
        .run();
    },
    /** People who opted out of a ticket's notifications. */
    mutedOf: (ticketId: number): number[] => mutedByTicket.all({ ticketId }).map((r) => r.userId),
    mutedOfTickets: (ticketIds: number[]): Map<number, number[]> =>
      ticketIds.length ? valuesByTicket(mutedByIds.all({ ids: JSON.stringify(ticketIds) }), (r) => r.userId) : new Map(),
    setMuted: (ticketId: number, userId: number, muted: boolean): void => {
      if (muted) db.insert(ticketMutes).values({ ticketId, userId }).onConflictDoNothing().run();
      else
        db.delete(ticketMutes)
          .where(and(eq(ticketMutes.ticketId, ticketId), eq(ticketMutes.userId, userId)))
          .run();
    },

    level: (ticketId: number, level: number): LevelRow | undefined => levelRow.get({ ticketId, level }),
    levelsOf: (ticketId: number): LevelRow[] => levelsOfTicket.all({ ticketId }),
    /** The level rows of many tickets at once (a queue page), each ticket's in level order. */
    levelsOfTickets: (ticketIds: number[]): Map<number, LevelRow[]> => {
      const map = new Map<number, LevelRow[]>(ticketIds.map((id) => [id, []]));
      if (!ticketIds.length) return map;
      for (const raw of levelsByIds.values({ ids: JSON.stringify(ticketIds) })) {
        const row = levelFromRaw(raw);
        map.get(row.ticketId)?.push(row);
      }
      return map;
    },
    upsertLevel: (row: typeof ticketLevels.$inferInsert): void => {
      const { ticketId: _t, level: _l, ...rest } = row;
      db.insert(ticketLevels)
        .values(row)
        .onConflictDoUpdate({ target: [ticketLevels.ticketId, ticketLevels.level], set: rest })
        .run();
    },

    insertComment: (row: typeof comments.$inferInsert): CommentRow => db.insert(comments).values(row).returning().get(),
    commentsOf: (ticketId: number, includeInternal: boolean): CommentRow[] =>
      db
        .select()
        .from(comments)
        .where(and(eq(comments.ticketId, ticketId), includeInternal ? undefined : eq(comments.internal, false)))
        .orderBy(asc(comments.id))
        .all(),
    lastCommentsOf: (ticketId: number, includeInternal: boolean, limit: number): CommentRow[] =>
      db
        .select()
        .from(comments)
        .where(and(eq(comments.ticketId, ticketId), includeInternal ? undefined : eq(comments.internal, false)))
        .orderBy(desc(comments.id))
        .limit(limit)
        .all(),
    insertAttachment: (row: typeof attachments.$inferInsert): void => {
      db.insert(attachments).values(row).run();
    },
    attachmentsOf: (commentIds: number[]) =>
      commentIds.length
        ? db
            .select({
              id: attachments.id,
              commentId: attachments.commentId,
              filename: attachments.filename,
              contentType: attachments.contentType,
              size: attachments.size,
            })
            .from(attachments)
            .where(inArray(attachments.commentId, commentIds))
            .all()
        : [],
    attachmentById: (id: number): AttachmentRow | undefined => db.select().from(attachments).where(eq(attachments.id, id)).get(),

    insertEvent: (row: typeof events.$inferInsert): EventRow => db.insert(events).values(row).returning().get(),
    eventsOf: (ticketId: number): EventRow[] => db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id)).all(),
    insertOutbox: (rows: NewOutbox[]): void => {
      if (rows.length) db.insert(outbox).values(rows).run();
    },
    /** Staff of a tier with their count of unsolved tickets assigned at that level (routing, escalation view). */
    openLoadByAssignee: (level: number): Map<number, number> =>
      new Map(
        db
          .select({ id: tickets.assigneeId, n: sql<number>`count(*)` })
          .from(tickets)
          .where(and(eq(tickets.level, level), inArray(tickets.status, ['new', 'open', 'pending', 'on_hold'])))
          .groupBy(tickets.assigneeId)
          .all()
          .filter((r): r is { id: number; n: number } => r.id !== null)
          .map((r) => [r.id, r.n]),
      ),
  };
}
