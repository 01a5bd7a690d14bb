// PostgreSQL twin of src/store/sqlite/auditQueries.ts: `audit verify` reads tickets in id order
// with their events, tags and watcher handles, a page at a time.
import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { AuditEvent, AuditTicket } from '../../../domain/auditReplay.js';
import type { AuditPage } from '../../port/index.js';
import { events, tickets, ticketTags, users, watchers } from '../schema/index.js';
import { bytewise, type PgDb } from './db.js';

export function createPgAuditRepo(db: PgDb) {
  return {
    page: async (afterId: number, limit: number, onlyId?: number): Promise<AuditPage> => {
      const rows = await db
        .select({
          id: tickets.id,
          status: tickets.status,
          level: tickets.level,
          priority: tickets.priority,
          type: tickets.type,
          assigneeId: tickets.assigneeId,
          waitingOn: tickets.waitingOn,
          resolution: tickets.resolution,
          closingReason: tickets.closingReason,
          version: tickets.version,
        })
        .from(tickets)
        .where(onlyId !== undefined ? eq(tickets.id, onlyId) : gt(tickets.id, afterId))
        .orderBy(asc(tickets.id))
        .limit(limit);
      const byId = new Map<number, AuditTicket>(rows.map((r) => [r.id, { ...r, tags: [], watchers: [] }]));
      const eventsOf = new Map<number, AuditEvent[]>(rows.map((r) => [r.id, []]));
      if (rows.length) {
        const firstId = rows[0]!.id;
        const lastId = rows[rows.length - 1]!.id;
        const ids = rows.map((r) => r.id);
        // One after another: in a transaction the three share one connection.
        const eventRows = await db
          .select({
            id: events.id,
            ticketId: events.ticketId,
            action: events.action,
            before: events.before,
            after: events.after,
            version: events.version,
          })
          .from(events)
          .where(and(gt(events.ticketId, firstId - 1), lte(events.ticketId, lastId)))
          .orderBy(asc(events.ticketId), asc(events.id));
        const tagRows = await db
          .select()
          .from(ticketTags)
          .where(inArray(ticketTags.ticketId, ids))
          .orderBy(asc(ticketTags.ticketId), asc(bytewise(ticketTags.tag)));
        const watcherRows = await db
          .select({ ticketId: watchers.ticketId, handle: users.handle })
          .from(watchers)
          .innerJoin(users, eq(users.id, watchers.userId))
          .where(inArray(watchers.ticketId, ids))
          .orderBy(asc(watchers.ticketId), asc(watchers.userId));
        for (const e of eventRows) eventsOf.get(e.ticketId)?.push(e);
        for (const t of tagRows) byId.get(t.ticketId)!.tags.push(t.tag);
        for (const w of watcherRows) byId.get(w.ticketId)!.watchers.push(w.handle);
      }
      return {
        tickets: [...byId.values()],
        events: eventsOf,
        next: rows.length === limit && onlyId === undefined ? rows[rows.length - 1]!.id : null,
      };
    },
  };
}
