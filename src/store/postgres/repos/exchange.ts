// PostgreSQL twin of src/store/sqlite/repos/exchange.ts: export reads tickets with everything
// hanging off them a page at a time; import inserts keep ticket ids. A ticket inserted with its
// own id leaves the identity sequence behind (SQLite's AUTOINCREMENT moves on by itself), so the
// insert moves the sequence past it, never back: the next ticket created gets a fresh id.
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { AttachmentRow, CommentRow, EventRow, ImportedTicket, LevelRow, TicketRow } from '../../port/index.js';
import {
  attachments,
  comments,
  events,
  organizations,
  orgDomains,
  ticketLevels,
  tickets,
  ticketTags,
  users,
  watchers,
} from '../schema/index.js';
import { insertFromArrays, insertRowsFromArrays } from './arrayWrites.js';
import type { PgDb } from './db.js';
import { whereSql } from './where.js';

function group<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(key(row)) ?? [];
    list.push(row);
    map.set(key(row), list);
  }
  return map;
}

export function createPgExchangeRepo(db: PgDb) {
  /**
   * Moves the ticket id sequence to `atLeast` and past every ticket, never back: an import's
   * reservation (another import's, still to be finished, may reach further) stays, as SQLite's
   * AUTOINCREMENT keeps its highest.
   */
  const advanceTicketIds = (atLeast: number) =>
    db.execute(sql`select setval(s, greatest(${atLeast}, coalesce(pg_sequence_last_value(s::regclass), 1),
        (select coalesce(max(${tickets.id}), 1) from ${tickets}))) from (select pg_get_serial_sequence('tickets', 'id') as s) q`);
  return {
    ticketsPage: async (where: unknown, afterId: number, limit: number): Promise<TicketRow[]> =>
      db
        .select()
        .from(tickets)
        .where(and(whereSql(where), gt(tickets.id, afterId)))
        .orderBy(asc(tickets.id))
        .limit(limit),
    levelsOf: async (ids: number[]): Promise<Map<number, LevelRow[]>> =>
      group(
        ids.length
          ? await db
              .select()
              .from(ticketLevels)
              .where(inArray(ticketLevels.ticketId, ids))
              .orderBy(asc(ticketLevels.ticketId), asc(ticketLevels.level))
          : [],
        (r) => r.ticketId,
      ),
    commentsOf: async (ids: number[]): Promise<Map<number, CommentRow[]>> =>
      group(
        ids.length ? await db.select().from(comments).where(inArray(comments.ticketId, ids)).orderBy(asc(comments.id)) : [],
        (r) => r.ticketId,
      ),
    /** The bytes are Buffers here and reach the main thread as Uint8Arrays (structured clone). */
    attachmentsOf: async (commentIds: number[]): Promise<Map<number, AttachmentRow[]>> =>
      group(
        commentIds.length
          ? await db.select().from(attachments).where(inArray(attachments.commentId, commentIds)).orderBy(asc(attachments.id))
          : [],
        (r) => r.commentId,
      ),
    eventsOf: async (ids: number[]): Promise<Map<number, EventRow[]>> =>
      group(
        ids.length ? await db.select().from(events).where(inArray(events.ticketId, ids)).orderBy(asc(events.id)) : [],
        (r) => r.ticketId,
      ),
    /** Everyone the matching tickets name, in id order. */
    referencedUserIds: async (condition: unknown): Promise<number[]> => {
      const where = whereSql(condition);
      const filtered = where ? sql`where ${where}` : sql``;
      const matching = sql`select ${tickets.id} from ${tickets} ${filtered}`;
      const result = await db.execute<{ id: number | null }>(
        sql`select id from (
              select requester_id as id from ${tickets} ${filtered}
              union select assignee_id from ${tickets} ${filtered}
              union select user_id from ${watchers} where ticket_id in (${matching})
              union select author_id from ${comments} where ticket_id in (${matching})
              union select actor_id from ${events} where ticket_id in (${matching})
              union select picked_up_by from ${ticketLevels} where ticket_id in (${matching})
              union select last_assignee_id from ${ticketLevels} where ticket_id in (${matching})
            ) people where id is not null order by id`,
      );
      return result.rows.map((r) => Number(r.id));
    },
    ticketIdsTaken: async (ids: number[]): Promise<number[]> =>
      ids.length
        ? (await db.select({ id: tickets.id }).from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.id))).map((r) => r.id)
        : [],
    reserveTicketIds: async (maxId: number): Promise<void> => {
      // At the start of a chunked import: the file's ids are the import's.
      await advanceTicketIds(maxId);
    },
    usersByHandles: async (handles: string[]) =>
      handles.length ? db.select().from(users).where(inArray(users.handle, handles)).orderBy(asc(users.id)) : [],
    orgsByNames: async (names: string[]) =>
      names.length ? db.select().from(organizations).where(inArray(organizations.name, names)).orderBy(asc(organizations.id)) : [],
    domainsTaken: async (domains: string[]) =>
      domains.length ? db.select().from(orgDomains).where(inArray(orgDomains.domain, domains)) : [],

    /** A statement per table for the whole chunk; the comments' ids come back in the rows' order. */
    insertTickets: async (list: ImportedTicket[]): Promise<void> => {
      if (!list.length) return;
      await insertRowsFromArrays(
        db,
        tickets,
        list.map((t) => t.ticket),
      );
      await advanceTicketIds(1);
      await insertRowsFromArrays(
        db,
        ticketTags,
        list.flatMap((t) => t.tags.map((tag) => ({ ticketId: t.ticket.id, tag }))),
      );
      await insertRowsFromArrays(
        db,
        watchers,
        list.flatMap((t) => t.watcherIds.map((userId) => ({ ticketId: t.ticket.id, userId }))),
      );
      await insertRowsFromArrays(
        db,
        ticketLevels,
        list.flatMap((t) => t.levels),
      );
      const ids = await insertFromArrays(
        db,
        comments,
        list.flatMap((t) => t.comments.map((c) => c.row)),
      );
      let next = 0;
      const commentIds = list.map((t) => t.comments.map(() => ids[next++]!));
      await insertFromArrays(
        db,
        attachments,
        list.flatMap((t, i) =>
          t.comments.flatMap((c, j) => c.attachments.map((a) => ({ ...a, commentId: commentIds[i]![j]!, data: Buffer.from(a.data) }))),
        ),
      );
      await insertFromArrays(
        db,
        events,
        list.flatMap((t, i) =>
          t.events.map(({ comment, ...e }) => ({ ...e, commentId: comment === null ? null : commentIds[i]![comment]! })),
        ),
      );
    },
    setFollowUps: async (pairs: Array<[number, number]>): Promise<void> => {
      if (!pairs.length) return;
      await db.execute(sql`update ${tickets} t set follow_up_of = v.of
        from unnest(${sql.param(pairs.map((p) => p[0]))}::int[], ${sql.param(pairs.map((p) => p[1]))}::int[]) as v(id, of) where t.id = v.id`);
    },
  };
}
