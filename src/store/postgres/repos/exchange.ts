// PostgreSQL twin of src/store/sqlite/repos/exchange.ts: export reads tickets with everything
// hanging off them a page at a time; import inserts keep ticket ids. A ticket inserted with its
// own id leaves the identity sequence behind (SQLite's AUTOINCREMENT moves on by itself), so the
// insert moves the sequence past it: the next ticket created gets a fresh id.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type {
  AttachmentRow,
  CommentRow,
  EventRow,
  LevelRow,
  NewAttachment,
  NewComment,
  NewEvent,
  NewLevel,
  NewTicket,
  TicketRow,
} from '../../port/index.js';
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
    usersByHandles: async (handles: string[]) =>
      handles.length ? db.select().from(users).where(inArray(users.handle, handles)).orderBy(asc(users.id)) : [],
    orgsByNames: async (names: string[]) =>
      names.length ? db.select().from(organizations).where(inArray(organizations.name, names)).orderBy(asc(organizations.id)) : [],
    domainsTaken: async (domains: string[]) =>
      domains.length ? db.select().from(orgDomains).where(inArray(orgDomains.domain, domains)) : [],

    insertTicket: async (row: NewTicket): Promise<void> => {
      await db.insert(tickets).values(row);
      if (row.id !== undefined) {
        await db.execute(sql`select setval(pg_get_serial_sequence('tickets', 'id'), (select max(${tickets.id}) from ${tickets}))`);
      }
    },
    setFollowUpOf: async (id: number, followUpOf: number): Promise<void> => {
      await db.update(tickets).set({ followUpOf }).where(eq(tickets.id, id));
    },
    insertLevel: async (row: NewLevel): Promise<void> => {
      await db.insert(ticketLevels).values(row);
    },
    insertTag: async (ticketId: number, tag: string): Promise<void> => {
      await db.insert(ticketTags).values({ ticketId, tag });
    },
    insertWatcher: async (ticketId: number, userId: number): Promise<void> => {
      await db.insert(watchers).values({ ticketId, userId });
    },
    insertComment: async (row: NewComment): Promise<number> =>
      (await db.insert(comments).values(row).returning({ id: comments.id }))[0]!.id,
    insertAttachment: async (row: NewAttachment): Promise<void> => {
      await db.insert(attachments).values({ ...row, data: Buffer.from(row.data) });
    },
    insertEvent: async (row: NewEvent): Promise<void> => {
      await db.insert(events).values(row);
    },
  };
}
