// Reads for `ticketty audit verify`: tickets in id order with their events, tags and watcher
// handles, a page at a time, so a million tickets never sit in memory at once.
import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Db } from './db.js';
import type { AuditPage, AuditRepo } from '../port/index.js';
import { events, tickets, ticketTags, users, watchers } from './schema/index.js';
import type { AuditEvent, AuditTicket } from '../../domain/auditReplay.js';

export function createAuditQueries(db: Db): AuditRepo {
  return {
    page(afterId: number, limit: number, onlyId?: number): AuditPage {
      const rows = db
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
        .limit(limit)
        .all();
      const byId = new Map<number, AuditTicket>(rows.map((r) => [r.id, { ...r, tags: [], watchers: [] }]));
      const eventsOf = new Map<number, AuditEvent[]>(rows.map((r) => [r.id, []]));
      if (rows.length) {
        const first = rows[0]!.id;
        const last = rows[rows.length - 1]!.id;
        const range = (column: typeof events.ticketId) => and(gt(column, first - 1), lte(column, last));
        for (const e of db
          .select({
            id: events.id,
            ticketId: events.ticketId,
            action: events.action,
            before: events.before,
            after: events.after,
            version: events.version,
          })
          .from(events)
          .where(range(events.ticketId))
          .orderBy(asc(events.ticketId), asc(events.id))
          .all()) {
          eventsOf.get(e.ticketId)?.push(e);
        }
        const ids = rows.map((r) => r.id);
        for (const t of db.select().from(ticketTags).where(inArray(ticketTags.ticketId, ids)).all()) byId.get(t.ticketId)!.tags.push(t.tag);
        for (const w of db
          .select({ ticketId: watchers.ticketId, handle: users.handle })
          .from(watchers)
          .innerJoin(users, eq(users.id, watchers.userId))
          .where(inArray(watchers.ticketId, ids))
          .all()) {
          byId.get(w.ticketId)!.watchers.push(w.handle);
        }
      }
      return {
        tickets: [...byId.values()],
        events: eventsOf,
        next: rows.length === limit && onlyId === undefined ? rows[rows.length - 1]!.id : null,
      };
    },
  };
}
