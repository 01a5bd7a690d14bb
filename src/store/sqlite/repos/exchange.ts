// Queries for export and import: tickets with everything hanging off them, read a page at a time,
// and raw inserts that keep ticket ids (so references such as #123 and followUpOf survive).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db.js';
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
import type {
  AttachmentRow,
  CommentRow,
  EventRow,
  ExchangeRepo,
  FilterCondition,
  ImportedTicket,
  LevelRow,
  TicketRow,
} from '../../port/index.js';
import { sqlOf } from '../filters.js';

function group<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(key(row)) ?? [];
    list.push(row);
    map.set(key(row), list);
  }
  return map;
}

/**
 * An insert prepared once per set of columns (with placeholders, so drizzle still encodes each
 * value): an import writes millions of rows, and building and preparing the statement for each
 * took longer than running it.
 */
function preparedInsert<T extends SQLiteTable>(db: Db, table: T, returningId = false) {
  const cache = new Map<string, { run(values: Record<string, unknown>): unknown; get(values: Record<string, unknown>): unknown }>();
  return (row: Record<string, unknown>): number | undefined => {
    const keys = Object.keys(row).filter((k) => row[k] !== undefined);
    // A null is written as a literal: drizzle would encode a bound null (a boolean column's null became 0).
    const key = keys.map((k) => (row[k] === null ? `${k}=null` : k)).join(',');
    let statement = cache.get(key);
    if (!statement) {
      const shape = Object.fromEntries(keys.map((k) => [k, row[k] === null ? sql`null` : sql.placeholder(k)]));
      const insert = db.insert(table).values(shape as T['$inferInsert']);
      statement = (returningId ? insert.returning({ id: (table as unknown as { id: SQLiteColumn }).id }) : insert).prepare() as never;
      cache.set(key, statement);
    }
    const values = Object.fromEntries(keys.filter((k) => row[k] !== null).map((k) => [k, row[k]]));
    if (!returningId) {
      statement.run(values);
      return undefined;
    }
    return (statement.get(values) as { id: number }).id;
  };
}

export function createExchangeRepo(db: Db): ExchangeRepo {
  const insertTicket = preparedInsert(db, tickets);
  const insertLevel = preparedInsert(db, ticketLevels);
  const insertTag = preparedInsert(db, ticketTags);
  const insertWatcher = preparedInsert(db, watchers);
  const insertComment = preparedInsert(db, comments, true);
  const insertAttachment = preparedInsert(db, attachments);
  const insertEvent = preparedInsert(db, events);
  return {
    ticketsPage: (where: FilterCondition | undefined, afterId: number, limit: number): TicketRow[] =>
      db
        .select()
        .from(tickets)
        .where(and(sqlOf(where), sql`${tickets.id} > ${afterId}`))
        .orderBy(asc(tickets.id))
        .limit(limit)
        .all(),
    levelsOf: (ids: number[]): Map<number, LevelRow[]> =>
      group(
        ids.length
          ? db
              .select()
              .from(ticketLevels)
              .where(inArray(ticketLevels.ticketId, ids))
              .orderBy(asc(ticketLevels.ticketId), asc(ticketLevels.level))
              .all()
          : [],
        (r) => r.ticketId,
      ),
    commentsOf: (ids: number[]): Map<number, CommentRow[]> =>
      group(
        ids.length ? db.select().from(comments).where(inArray(comments.ticketId, ids)).orderBy(asc(comments.id)).all() : [],
        (r) => r.ticketId,
      ),
    attachmentsOf: (commentIds: number[]): Map<number, AttachmentRow[]> =>
      group(
        commentIds.length
          ? db.select().from(attachments).where(inArray(attachments.commentId, commentIds)).orderBy(asc(attachments.id)).all()
          : [],
        (r) => r.commentId,
      ),
    eventsOf: (ids: number[]): Map<number, EventRow[]> =>
      group(
        ids.length ? db.select().from(events).where(inArray(events.ticketId, ids)).orderBy(asc(events.id)).all() : [],
        (r) => r.ticketId,
      ),
    /** Everyone the matching tickets name: requesters, assignees, watchers, authors, actors, per-level people. */
    referencedUserIds: (condition: FilterCondition | undefined): number[] => {
      const where = sqlOf(condition);
      const matching = sql`select ${tickets.id} from ${tickets} ${where ? sql`where ${where}` : sql``}`;
      return db
        .all<{ id: number }>(
          sql`select requester_id as id from ${tickets} ${where ? sql`where ${where}` : sql``}
              union select assignee_id from ${tickets} ${where ? sql`where ${where}` : sql``}
              union select user_id from ${watchers} where ticket_id in (${matching})
              union select author_id from ${comments} where ticket_id in (${matching})
              union select actor_id from ${events} where ticket_id in (${matching})
              union select picked_up_by from ${ticketLevels} where ticket_id in (${matching})
              union select last_assignee_id from ${ticketLevels} where ticket_id in (${matching})`,
        )
        .map((r) => r.id)
        .filter((id) => id !== null);
    },
    ticketIdsTaken: (ids: number[]): number[] =>
      ids.length
        ? db
            .select({ id: tickets.id })
            .from(tickets)
            .where(inArray(tickets.id, ids))
            .all()
            .map((r) => r.id)
        : [],
    reserveTicketIds: (maxId: number): void => {
      // AUTOINCREMENT takes the next id above sqlite_sequence's.
      db.run(sql`update sqlite_sequence set seq = max(seq, ${maxId}) where name = 'tickets'`);
      db.run(sql`insert into sqlite_sequence (name, seq) select 'tickets', ${maxId}
                 where not exists (select 1 from sqlite_sequence where name = 'tickets')`);
    },
    usersByHandles: (handles: string[]) => (handles.length ? db.select().from(users).where(inArray(users.handle, handles)).all() : []),
    orgsByNames: (names: string[]) => (names.length ? db.select().from(organizations).where(inArray(organizations.name, names)).all() : []),
    domainsTaken: (domains: string[]) =>
      domains.length ? db.select().from(orgDomains).where(inArray(orgDomains.domain, domains)).all() : [],

    insertTickets: (list: ImportedTicket[]): void => {
      for (const t of list) {
        insertTicket(t.ticket);
        for (const tag of t.tags) insertTag({ ticketId: t.ticket.id, tag });
        for (const userId of t.watcherIds) insertWatcher({ ticketId: t.ticket.id, userId });
        for (const level of t.levels) insertLevel(level);
        const commentIds = t.comments.map(({ row, attachments }) => {
          const id = insertComment(row)!;
          for (const a of attachments) insertAttachment({ ...a, commentId: id });
          return id;
        });
        for (const { comment, ...event } of t.events) insertEvent({ ...event, commentId: comment === null ? null : commentIds[comment]! });
      }
    },
    setFollowUps: (pairs: Array<[number, number]>): void => {
      for (const [id, followUpOf] of pairs) db.update(tickets).set({ followUpOf }).where(eq(tickets.id, id)).run();
    },
  };
}
