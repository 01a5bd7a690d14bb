// Batch runs and the tickets a batch still has to touch. Queries only; the rules live in app/batch*.
import { and, asc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { batches, events, tickets } from '../schema/index.js';
import type { Scope, TicketRow } from './tickets.js';

export type BatchRow = typeof batches.$inferSelect;
export type NewBatch = typeof batches.$inferInsert;

/** What a batch targets: a filter condition, the reader's scope, and the pins recorded at its start. */
export interface BatchTarget {
  where: SQL | undefined;
  scope: Scope | undefined;
  /** Tickets created after the batch started are not part of it. */
  maxId: number;
  /** Tickets that already carry an event of this batch are done (resuming after a crash). */
  batchId?: string | undefined;
}

function scopeCondition(scope: Scope | undefined): SQL | undefined {
  if (!scope) return undefined;
  const parts: SQL[] = [];
  if (scope.requesterId !== undefined) parts.push(eq(tickets.requesterId, scope.requesterId));
  if (scope.orgId !== undefined) parts.push(eq(tickets.orgId, scope.orgId));
  return parts.length ? or(...parts) : sql`0`;
}

/** Closed tickets are immutable, so no batch ever targets them. */
function targetCondition(target: BatchTarget): SQL | undefined {
  return and(
    target.where,
    scopeCondition(target.scope),
    ne(tickets.status, 'closed'),
    sql`${tickets.id} <= ${target.maxId}`,
    target.batchId !== undefined
      ? sql`not exists (select 1 from ${events} where ${events.batchId} = ${target.batchId} and ${events.ticketId} = ${tickets.id})`
      : undefined,
  );
}

export function createBatchRepo(db: Db) {
  return {
    insert: (row: NewBatch): BatchRow => db.insert(batches).values(row).returning().get(),
    byId: (id: string): BatchRow | undefined => db.select().from(batches).where(eq(batches.id, id)).get(),
    /** Unfinished batches of one command, actor and filter: candidates for a resume. */
    unfinished: (command: string, actorId: number, filter: string): BatchRow[] =>
      db
        .select()
        .from(batches)
        .where(and(eq(batches.command, command), eq(batches.actorId, actorId), eq(batches.filter, filter), isNull(batches.finishedAt)))
        .orderBy(asc(batches.createdAt))
        .all(),
    setDone: (id: string, done: number): void => {
      db.update(batches).set({ done }).where(eq(batches.id, id)).run();
    },
    finish: (id: string, done: number, at: number): void => {
      db.update(batches).set({ done, finishedAt: at }).where(eq(batches.id, id)).run();
    },
    maxTicketId: (): number => db.select({ n: sql<number>`coalesce(max(${tickets.id}), 0)` }).from(tickets).get()?.n ?? 0,
    countTargets: (target: BatchTarget): number =>
      db.select({ n: sql<number>`count(*)` }).from(tickets).where(targetCondition(target)).get()?.n ?? 0,
    /** Matching tickets left out because they are closed already (reported, never touched). */
    countClosed: (target: BatchTarget): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(tickets)
        .where(and(target.where, scopeCondition(target.scope), eq(tickets.status, 'closed'), sql`${tickets.id} <= ${target.maxId}`))
        .get()?.n ?? 0,
    /**
     * The next targets in id order within one window of ids after `afterId`. The table is read in
     * rowid order (NOT INDEXED): a filter index would make every page re-sort all matches, and
     * the window bounds the rows one call scans however rare the matches are. `scannedTo` is where
     * the next call starts.
     */
    nextTargets: (target: BatchTarget, afterId: number, limit: number, window = 20_000): { rows: TicketRow[]; scannedTo: number } => {
      const upTo = Math.min(afterId + window, target.maxId);
      const ids = db
        .all<{ id: number }>(
          sql`select ${tickets.id} as id from ${tickets} not indexed where ${targetCondition(target)} and ${tickets.id} > ${afterId} and ${tickets.id} <= ${upTo} order by ${tickets.id} limit ${limit}`,
        )
        .map((r) => r.id);
      const rows = ids.length ? db.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.id)).all() : [];
      return { rows, scannedTo: ids.length === limit ? ids[ids.length - 1]! : upTo };
    },
    eventCountOfBatch: (batchId: string): number =>
      db.select({ n: sql<number>`count(*)` }).from(events).where(eq(events.batchId, batchId)).get()?.n ?? 0,
  };
}

export type BatchRepo = ReturnType<typeof createBatchRepo>;
