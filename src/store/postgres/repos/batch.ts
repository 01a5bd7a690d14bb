// PostgreSQL twin of src/store/sqlite/repos/batch.ts: batch runs and the tickets a batch still has
// to touch. Queries only; the rules live in app/batch. A target's filter arrives as data
// (where.ts); a selection's ids as one array parameter (`= any($1)`), one statement for any count.
import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { BatchRow, BatchTarget, NewBatch, TicketRow, WorkflowRow } from '../../port/index.js';
import { batches, events, tickets } from '../schema/index.js';
import { first, type PgDb } from './db.js';
import { visibilityPg, whereSql } from './where.js';

const idsIn = (ids: readonly number[]): SQL => sql`${tickets.id} = any(${sql.param([...ids])}::integer[])`;

/** `among`: the query also names its candidates by id (a chunk, a preview's slice). */
function matching(target: BatchTarget, among?: readonly number[]): SQL | undefined {
  return and(
    whereSql(target.where, { fewRows: among !== undefined || target.ids !== undefined }),
    among ? idsIn(among) : undefined,
    target.ids ? idsIn(target.ids) : undefined,
    visibilityPg(target.scope),
    sql`${tickets.id} <= ${target.maxId}`,
  );
}

/** Closed tickets are immutable, so no batch ever targets them. */
function targetCondition(target: BatchTarget, among?: readonly number[]): SQL | undefined {
  return and(
    matching(target, among),
    ne(tickets.status, 'closed'),
    target.batchId !== undefined
      ? sql`not exists (select 1 from ${events} where ${events.batchId} = ${target.batchId} and ${events.ticketId} = ${tickets.id})`
      : undefined,
  );
}

const count = sql<number>`count(*)`.mapWith(Number);

export function createPgBatchRepo(db: PgDb) {
  return {
    /**
     * Moves whenever anything is written: the server's WAL insert position advances with every
     * commit of any connection and with this transaction's own writes. It may also move for
     * writes elsewhere on the server (another database, vacuum): then the batch rechecks versions,
     * which is only slower, never wrong.
     */
    changeMark: async (): Promise<string> =>
      String((await db.execute<{ lsn: string }>(sql`select pg_current_wal_insert_lsn()::text as lsn`)).rows[0]!.lsn),
    insert: async (row: NewBatch): Promise<BatchRow> => (await db.insert(batches).values(row).returning())[0]!,
    byId: async (id: string): Promise<BatchRow | undefined> => first(await db.select().from(batches).where(eq(batches.id, id))),
    unfinished: async (command: string, actorId: number, filter: string): Promise<BatchRow[]> =>
      db
        .select()
        .from(batches)
        .where(and(eq(batches.command, command), eq(batches.actorId, actorId), eq(batches.filter, filter), isNull(batches.finishedAt)))
        .orderBy(asc(batches.createdAt), asc(batches.id)),
    setDone: async (id: string, done: number): Promise<void> => {
      await db.update(batches).set({ done }).where(eq(batches.id, id));
    },
    finish: async (id: string, done: number, at: number): Promise<void> => {
      await db.update(batches).set({ done, finishedAt: at }).where(eq(batches.id, id));
    },
    maxTicketId: async (): Promise<number> =>
      first(await db.select({ n: sql<number>`coalesce(max(${tickets.id}), 0)`.mapWith(Number) }).from(tickets))?.n ?? 0,
    countTargets: async (target: BatchTarget): Promise<number> =>
      first(await db.select({ n: count }).from(tickets).where(targetCondition(target)))?.n ?? 0,
    countClosed: async (target: BatchTarget): Promise<number> =>
      first(
        await db
          .select({ n: count })
          .from(tickets)
          .where(and(matching(target), eq(tickets.status, 'closed'))),
      )?.n ?? 0,
    targetIds: async (target: BatchTarget): Promise<number[]> =>
      (await db.select({ id: tickets.id }).from(tickets).where(targetCondition(target)).orderBy(asc(tickets.id))).map((r) => r.id),
    targetsAmong: async (target: BatchTarget, ids: readonly number[]): Promise<TicketRow[]> =>
      ids.length ? db.select().from(tickets).where(targetCondition(target, ids)).orderBy(asc(tickets.id)) : [],
    workflowAmong: async (target: BatchTarget, ids: readonly number[]): Promise<WorkflowRow[]> =>
      ids.length
        ? db
            .select({
              id: tickets.id,
              requesterId: tickets.requesterId,
              orgId: tickets.orgId,
              level: tickets.level,
              status: tickets.status,
              waitingOn: tickets.waitingOn,
            })
            .from(tickets)
            .where(targetCondition(target, ids))
            .orderBy(asc(tickets.id))
        : [],
    versionsOf: async (ids: readonly number[]): Promise<Map<number, number>> =>
      new Map(
        ids.length
          ? (await db.select({ id: tickets.id, version: tickets.version }).from(tickets).where(idsIn(ids))).map((r) => [r.id, r.version])
          : [],
      ),
    eventCountOfBatch: async (batchId: string): Promise<number> =>
      first(await db.select({ n: count }).from(events).where(eq(events.batchId, batchId)))?.n ?? 0,
    /**
     * Batches newest first. SQLite breaks ties of a pinned --now by insertion (rowid); PostgreSQL
     * has no insertion order, so ties go by id, descending.
     */
    recent: async (filter: { actorId?: number | undefined; unfinished: boolean; limit: number }): Promise<BatchRow[]> =>
      db
        .select()
        .from(batches)
        .where(
          and(
            filter.actorId !== undefined ? eq(batches.actorId, filter.actorId) : undefined,
            filter.unfinished ? isNull(batches.finishedAt) : undefined,
          ),
        )
        .orderBy(desc(batches.createdAt), desc(batches.id))
        .limit(filter.limit),
    byIdPrefix: async (prefix: string, actorId: number | undefined): Promise<BatchRow[]> =>
      db
        .select()
        .from(batches)
        .where(
          and(
            sql`substr(${batches.id}, 1, ${prefix.length}::integer) = ${prefix}`,
            actorId !== undefined ? eq(batches.actorId, actorId) : undefined,
          ),
        )
        .limit(2),
    eventsOfBatch: async (batchId: string): Promise<{ tickets: number; byAction: Array<{ action: string; n: number }> }> => ({
      tickets:
        first(
          await db
            .select({ n: sql<number>`count(distinct ${events.ticketId})`.mapWith(Number) })
            .from(events)
            .where(eq(events.batchId, batchId)),
        )?.n ?? 0,
      byAction: await db
        .select({ action: events.action, n: count })
        .from(events)
        .where(eq(events.batchId, batchId))
        .groupBy(events.action)
        .orderBy(asc(sql`${events.action} collate "C"`)),
    }),
  };
}
