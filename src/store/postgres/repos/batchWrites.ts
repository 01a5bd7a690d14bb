// The writes a batch chunk makes many of (the port's BatchWrites), on PostgreSQL: the worker side.
// The gain is rows per statement: a chunk's ticket updates, events and outbox rows each a few
// statements from arrays (arrayWrites.ts), not a statement or a parameter per value. The
// main-thread half (withoutWrites, isWriteRefused) is in ../batch.ts.
import { and, asc, eq } from 'drizzle-orm';
import { insertFromArrays, updateFromArrays } from './arrayWrites.js';
import type { EventRow, NewEvent, NewLevel, NewOutbox, NewTicket, TicketUpdate } from '../../port/index.js';
import { events, outbox, users } from '../schema/index.js';
import type { PgDb } from './db.js';
import { createPgTicketsRepo } from './tickets.js';

export function createPgBatchWritesRepo(db: PgDb) {
  const ticketsRepo = createPgTicketsRepo(db);
  return {
    upsertLevel: async (row: NewLevel): Promise<void> => ticketsRepo.upsertLevel(row),
    updateTicket: async (id: number, version: number, fields: Partial<NewTicket>): Promise<boolean> =>
      ticketsRepo.updateTicket(id, version, fields),
    /**
     * The updates that set the same columns in one statement each (a chunk's closes are a handful
     * of statements, not one per ticket). A ticket's second update goes in a later statement, after
     * its first: one UPDATE changes a row once.
     */
    updateTickets: async (list: readonly TicketUpdate[]): Promise<boolean[]> => {
      const done = list.map(() => false);
      const statements = new Map<string, { round: number; keys: (keyof NewTicket)[]; at: number[] }>();
      const seen = new Map<number, number>();
      list.forEach((u, at) => {
        const round = seen.get(u.id) ?? 0;
        seen.set(u.id, round + 1);
        const keys = (Object.keys(u.fields) as (keyof NewTicket)[]).filter((k) => u.fields[k] !== undefined).sort();
        const key = `${round}:${keys.join(',')}`;
        const group = statements.get(key) ?? statements.set(key, { round, keys, at: [] }).get(key)!;
        group.at.push(at);
      });
      for (const { keys, at } of [...statements.values()].sort((a, b) => a.round - b.round)) {
        const updated = new Set(
          await updateFromArrays(
            db,
            keys,
            at.map((i) => list[i]!),
          ),
        );
        for (const i of at) done[i] = updated.has(list[i]!.id);
      }
      return done;
    },
    insertEvent: async (row: NewEvent): Promise<EventRow> => ticketsRepo.insertEvent(row),
    /** Writes events in order and returns their ids. */
    insertEvents: async (rows: readonly NewEvent[]): Promise<number[]> => insertFromArrays(db, events, rows),
    insertOutbox: async (rows: readonly NewOutbox[]): Promise<void> => void (await insertFromArrays(db, outbox, rows)),
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
