// The PostgreSQL store's batch plumbing on the main thread (the port's BatchWrites and
// BatchPacing). The writes run in the worker (repos/batchWrites.ts); what stays here is how a
// preview plans without writing and how chunks are paced.
import type { BatchPacing, BatchWrites } from '../port/index.js';
import { PostgresError } from './bridge.js';
import type { PostgresStore } from './db.js';

/** read_only_sql_transaction: a write inside a read transaction, refused by the server. */
const READ_ONLY = '25006';

/**
 * A batch's fast writes. `withoutWrites` needs nothing of its own: the app plans inside
 * `store.read`, which on PostgreSQL is a READ ONLY transaction, so the server refuses every write.
 * Each repository call made meanwhile runs in a savepoint of its own (the worker's guard), since
 * a refused statement would otherwise abort the whole transaction, where SQLite refuses the one
 * statement and goes on.
 */
export function postgresBatchWrites(store: PostgresStore): BatchWrites {
  const writes = store.repos.batchWrites;
  return {
    upsertLevel: (row) => writes.upsertLevel(row),
    updateTicket: (id, version, fields) => writes.updateTicket(id, version, fields),
    // Nothing to write is no round trip (a planned chunk's outbox, say).
    updateTickets: (list) => (list.length ? writes.updateTickets(list) : []),
    insertEvent: (row) => writes.insertEvent(row),
    insertEvents: (rows) => (rows.length ? writes.insertEvents(rows) : []),
    insertOutbox: (rows) => void (rows.length && writes.insertOutbox(rows)),
    superuserIdsOfOrg: (orgId) => writes.superuserIdsOfOrg(orgId),
    withoutWrites: (fn) => store.guarded(fn),
    isWriteRefused: (error) => error instanceof PostgresError && error.code === READ_ONLY,
  };
}

/**
 * Pacing on PostgreSQL is nothing: SQLite paces a batch around its WAL (checkpoints between
 * chunks, a restart when it grew), because there one file's write lock is shared by every agent
 * and a long checkpoint inside a commit holds them all. PostgreSQL has no database-wide write
 * lock: a chunk locks only the rows it writes, other agents' writes to other tickets go on during
 * it, and the server's own checkpointer and WAL recycling run in the background whatever we do.
 * What keeps others' waits short is the chunk size (app/batch), not the store.
 */
export function postgresBatchPacing(): BatchPacing {
  return {
    settle: async () => {},
    beforeWrite: async () => {},
    afterWrite: () => {},
    close: async () => {},
  };
}
