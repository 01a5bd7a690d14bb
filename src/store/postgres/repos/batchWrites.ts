// The writes a batch chunk makes many of (the port's BatchWrites), on PostgreSQL: the worker side.
// Each is already one statement through the query builder, and a round trip to the server costs
// more than building it, so the gain here is rows per statement: events and outbox rows many to
// an INSERT. The main-thread half (withoutWrites, isWriteRefused) is in ../batch.ts.
import { and, asc, eq } from 'drizzle-orm';
import type { EventRow, NewEvent, NewLevel, NewOutbox, NewTicket } from '../../port/index.js';
import { events, outbox, users } from '../schema/index.js';
import type { PgDb } from './db.js';
import { createPgTicketsRepo } from './tickets.js';

/** Rows per multi-row INSERT: far below PostgreSQL's 65,535 parameters (about 11 per row). */
const BLOCK = 500;

export function createPgBatchWritesRepo(db: PgDb) {
  const tickets = createPgTicketsRepo(db);
  return {
    upsertLevel: async (row: NewLevel): Promise<void> => tickets.upsertLevel(row),
    updateTicket: async (id: number, version: number, fields: Partial<NewTicket>): Promise<boolean> =>
      tickets.updateTicket(id, version, fields),
    insertEvent: async (row: NewEvent): Promise<EventRow> => tickets.insertEvent(row),
    /** Writes events in order and returns their ids (RETURNING gives a multi-row INSERT's rows in VALUES order). */
    insertEvents: async (rows: readonly NewEvent[]): Promise<number[]> => {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += BLOCK) {
        const written = await db
          .insert(events)
          .values(rows.slice(i, i + BLOCK))
          .returning({ id: events.id });
        ids.push(...written.map((r) => r.id));
      }
      return ids;
    },
    insertOutbox: async (rows: readonly NewOutbox[]): Promise<void> => {
      for (let i = 0; i < rows.length; i += BLOCK) await db.insert(outbox).values(rows.slice(i, i + BLOCK));
    },
    superuserIdsOfOrg: async (orgId: number): Promise<number[]> =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.orgId, orgId), eq(users.role, 'superuser')))
          .orderBy(asc(users.id))
      ).map((r) => r.id),
  };
}
