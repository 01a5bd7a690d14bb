// PostgreSQL twin of src/store/sqlite/repos/tickets.ts. Asynchronous: runs in the worker. A filter
// arrives as data (`PgFilter`) and is compiled here (filterSql.ts); a reader's scope through the
// one visibility rule (visibility.ts).
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { attachments, comments, events, outbox, ticketLevels, ticketMutes, tickets, ticketTags, watchers } from '../schema/index.js';
import { bytewise, first, type PgDb } from './db.js';
import { whereOf, type PgFilter } from '../filterSql.js';
import { pgVisibility } from '../visibility.js';
import { MAX_ROW_ID, valuesByTicket, type Scope } from '../../port/index.js';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type CommentRow = typeof comments.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type LevelRow = typeof ticketLevels.$inferSelect;
export type NewOutbox = typeof outbox.$inferInsert;
export type SortKey = 'sla' | 'priority' | 'updated' | 'created';

/** The port's ListQuery as it crosses to the worker: the filter as data; seeks are SQLite's alone. */
export interface PgListQuery {
  where?: PgFilter | undefined;
  statuses?: readonly string[] | undefined;
  scope?: Scope | undefined;
  seeks?: unknown;
  sort: { key: SortKey; descending: boolean };
  limit: number;
  after?: { value: number | string; id: number } | undefined;
}

const sortColumn: Record<SortKey, AnyPgColumn> = {
  sla: tickets.slaDueAt,
  priority: tickets.priority,
  updated: tickets.updatedAt,
  created: tickets.createdAt,
};

export function createPgTicketsRepo(db: PgDb) {
  return {
    // A number past the integer column names no ticket (as on SQLite), instead of failing the query.
    ticketById: async (id: number): Promise<TicketRow | undefined> =>
      Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID
        ? first(await db.select().from(tickets).where(eq(tickets.id, id)))
        : undefined,
    insertTicket: async (row: NewTicket): Promise<TicketRow> => (await db.insert(tickets).values(row).returning())[0]!,
    /** Optimistic update: applies only if the row still has `version`; returns whether it did. */
    updateTicket: async (id: number, version: number, fields: Partial<NewTicket>): Promise<boolean> =>
      (
        await db
          .update(tickets)
          .set({ ...fields, version: version + 1 })
          .where(and(eq(tickets.id, id), eq(tickets.version, version)))
      ).rowCount === 1,

    /**
     * One page in sort order after a keyset. PostgreSQL bounds an index range by the row value
     * `(sort, id) > (v, i)` itself, and reads `status = any(…)` as one range per status; the
     * priority sort compares bytewise, as SQLite does.
     */
    list: async (query: PgListQuery): Promise<TicketRow[]> => {
      if (query.statuses?.length === 0) return [];
      const key = query.sort.key === 'priority' ? bytewise(tickets.priority) : sql`${sortColumn[query.sort.key]}`;
      const direction = query.sort.descending ? desc : asc;
      const beyond = (a: SQL, b: SQL) => (query.sort.descending ? lt(a, b) : gt(a, b));
      const keyset = query.after
        ? beyond(sql`(${key}, ${tickets.id})`, sql`(${query.after.value}, ${query.after.id}::integer)`)
        : undefined;
      // One status (*Closed*, *Solved*): ordered by it first, which only a (status, sort, id) index
      // gives. Left to choose, PostgreSQL walked the sort's own index and skipped every open ticket
      // due sooner to reach the first closed one (22,000 rows, 17 ms on the million-ticket demo;
      // test/postgres/pagePlans.test.ts). Written `= any(array)`: an `=` would make the status a
      // known constant, and PostgreSQL drops a constant from the order.
      const oneStatus = query.statuses?.length === 1;
      return db
        .select()
        .from(tickets)
        .where(
          and(
            oneStatus
              ? sql`${tickets.status} = any(${sql.param([...query.statuses!])}::text[])`
              : query.statuses
                ? inArray(tickets.status, [...query.statuses])
                : undefined,
            pgVisibility(query.scope),
            whereOf(query.where),
            keyset,
          ),
        )
        .orderBy(...(oneStatus ? [direction(tickets.status)] : []), direction(key), direction(tickets.id))
        .limit(query.limit);
    },
    count: async (where: PgFilter | undefined, scope?: Scope, statuses?: readonly string[]): Promise<number> =>
      statuses?.length === 0
        ? 0
        : (first(
            await db
              .select({ n: sql<number>`count(*)`.mapWith(Number) })
              .from(tickets)
              .where(and(statuses ? inArray(tickets.status, [...statuses]) : undefined, pgVisibility(scope), whereOf(where))),
          )?.n ?? 0),

    tagsOf: async (ticketIds: number[]): Promise<Map<number, string[]>> =>
      ticketIds.length
        ? valuesByTicket(
            await db
              .select()
              .from(ticketTags)
              .where(inArray(ticketTags.ticketId, ticketIds))
              .orderBy(asc(bytewise(ticketTags.tag))),
            (r) => r.tag,
          )
        : new Map(),
    addTag: async (ticketId: number, tag: string): Promise<void> => {
      await db.insert(ticketTags).values({ ticketId, tag }).onConflictDoNothing();
    },
    removeTag: async (ticketId: number, tag: string): Promise<void> => {
      await db.delete(ticketTags).where(and(eq(ticketTags.ticketId, ticketId), eq(ticketTags.tag, tag)));
    },
    watchersOf: async (ticketIds: number[]): Promise<Map<number, number[]>> =>
      ticketIds.length
        ? valuesByTicket(
            await db
              .select()
              .from(watchers)
              .where(inArray(watchers.ticketId, ticketIds))
              .orderBy(asc(watchers.ticketId), asc(watchers.userId)),
            (r) => r.userId,
          )
        : new Map(),
    addWatcher: async (ticketId: number, userId: number): Promise<void> => {
      await db.insert(watchers).values({ ticketId, userId }).onConflictDoNothing();
    },
    removeWatcher: async (ticketId: number, userId: number): Promise<void> => {
      await db.delete(watchers).where(and(eq(watchers.ticketId, ticketId), eq(watchers.userId, userId)));
    },
    /** People who opted out of a ticket's notifications (SPEC 3). */
    mutedOf: async (ticketId: number): Promise<number[]> =>
      (
        await db
          .select({ userId: ticketMutes.userId })
          .from(ticketMutes)
          .where(eq(ticketMutes.ticketId, ticketId))
          .orderBy(asc(ticketMutes.userId))
      ).map((r) => r.userId),
    mutedOfTickets: async (ticketIds: number[]): Promise<Map<number, number[]>> =>
      ticketIds.length
        ? valuesByTicket(
            await db
              .select()
              .from(ticketMutes)
              .where(inArray(ticketMutes.ticketId, ticketIds))
              .orderBy(asc(ticketMutes.ticketId), asc(ticketMutes.userId)),
            (r) => r.userId,
          )
        : new Map(),
    setMuted: async (ticketId: number, userId: number, muted: boolean): Promise<void> => {
      if (muted) await db.insert(ticketMutes).values({ ticketId, userId }).onConflictDoNothing();
      else await db.delete(ticketMutes).where(and(eq(ticketMutes.ticketId, ticketId), eq(ticketMutes.userId, userId)));
    },

    level: async (ticketId: number, level: number): Promise<LevelRow | undefined> =>
      first(
        await db
          .select()
          .from(ticketLevels)
          .where(and(eq(ticketLevels.ticketId, ticketId), eq(ticketLevels.level, level))),
      ),
    levelsOf: async (ticketId: number): Promise<LevelRow[]> =>
      db.select().from(ticketLevels).where(eq(ticketLevels.ticketId, ticketId)).orderBy(asc(ticketLevels.level)),
    levelsOfTickets: async (ticketIds: number[]): Promise<Map<number, LevelRow[]>> => {
      const map = new Map<number, LevelRow[]>(ticketIds.map((id) => [id, []]));
      if (!ticketIds.length) return map;
      const rows = await db
        .select()
        .from(ticketLevels)
        .where(inArray(ticketLevels.ticketId, ticketIds))
        .orderBy(asc(ticketLevels.ticketId), asc(ticketLevels.level));
      for (const row of rows) map.get(row.ticketId)?.push(row);
      return map;
    },
    upsertLevel: async (row: typeof ticketLevels.$inferInsert): Promise<void> => {
      const { ticketId: _t, level: _l, ...rest } = row;
      await db
        .insert(ticketLevels)
        .values(row)
        .onConflictDoUpdate({ target: [ticketLevels.ticketId, ticketLevels.level], set: rest });
    },

    insertComment: async (row: typeof comments.$inferInsert): Promise<CommentRow> =>
      (await db.insert(comments).values(row).returning())[0]!,
    commentsOf: async (ticketId: number, includeInternal: boolean): Promise<CommentRow[]> =>
      db
        .select()
        .from(comments)
        .where(and(eq(comments.ticketId, ticketId), includeInternal ? undefined : eq(comments.internal, false)))
        .orderBy(asc(comments.id)),
    lastCommentsOf: async (ticketId: number, includeInternal: boolean, limit: number): Promise<CommentRow[]> =>
      db
        .select()
        .from(comments)
        .where(and(eq(comments.ticketId, ticketId), includeInternal ? undefined : eq(comments.internal, false)))
        .orderBy(desc(comments.id))
        .limit(limit),
    insertAttachment: async (row: typeof attachments.$inferInsert): Promise<void> => {
      await db.insert(attachments).values({ ...row, data: Buffer.from(row.data) });
    },
    attachmentsOf: async (commentIds: number[]) =>
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
            .orderBy(asc(attachments.id))
        : [],
    attachmentById: async (id: number) => first(await db.select().from(attachments).where(eq(attachments.id, id))),

    insertEvent: async (row: typeof events.$inferInsert): Promise<EventRow> => (await db.insert(events).values(row).returning())[0]!,
    eventsOf: async (ticketId: number): Promise<EventRow[]> =>
      db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id)),
    insertOutbox: async (rows: NewOutbox[]): Promise<void> => {
      if (rows.length) await db.insert(outbox).values(rows);
    },
    openLoadByAssignee: async (level: number): Promise<Map<number, number>> =>
      new Map(
        (
          await db
            .select({ id: tickets.assigneeId, n: sql<number>`count(*)`.mapWith(Number) })
            .from(tickets)
            .where(and(eq(tickets.level, level), inArray(tickets.status, ['new', 'open', 'pending', 'on_hold'])))
            .groupBy(tickets.assigneeId)
        )
          .filter((r): r is { id: number; n: number } => r.id !== null)
          .map((r) => [r.id, r.n]),
      ),
  };
}

export type PgTicketsRepo = ReturnType<typeof createPgTicketsRepo>;
