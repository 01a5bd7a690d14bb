// Batch runs and the tickets a batch still has to touch. Queries only; the rules live in app/batch*.
import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { batches, events, tickets } from '../schema/index.js';
import type { BatchRepo, BatchRow, BatchTarget, NewBatch, TicketRow, WorkflowRow } from '../../port/index.js';
import { sqlOf } from '../filters.js';
import { visibilitySql } from '../visibility.js';
import { idIn, rawRowReader } from './rawRows.js';

/** A selection's ids, bound as one JSON array. */
const selectionSql = (target: BatchTarget): SQL | undefined =>
  target.ids ? sql`${tickets.id} in (select value from json_each(${JSON.stringify(target.ids)}))` : undefined;

/** Closed tickets are immutable, so no batch ever targets them. */
function targetCondition(target: BatchTarget): SQL | undefined {
  return and(
    sqlOf(target.where),
    selectionSql(target),
    visibilitySql(target.scope),
    ne(tickets.status, 'closed'),
    sql`${tickets.id} <= ${target.maxId}`,
    target.batchId !== undefined
      ? sql`not exists (select 1 from ${events} where ${events.batchId} = ${target.batchId} and ${events.ticketId} = ${tickets.id})`
      : undefined,
  );
}

export function createBatchRepo(db: Db): BatchRepo {
  const totalChanges = db.$client.prepare('select total_changes()').pluck();
  const targetsAmong = new WeakMap<BatchTarget, { values: (values: { ids: string }) => unknown[][] }>();
  const ticketRow = rawRowReader<TicketRow>(tickets);
  const workflowAmong = new WeakMap<BatchTarget, { all: (values: { ids: string }) => WorkflowRow[] }>();
  return {
    /**
     * Moves whenever anything is committed or written: by another connection (data_version) or by
     * this one (total_changes). Unmoved between a plan's read and its write: nothing it read changed.
     */
    changeMark: (): string => `${db.$client.pragma('data_version', { simple: true }) as number}:${totalChanges.get() as number}`,
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
    maxTicketId: (): number =>
      db
        .select({ n: sql<number>`coalesce(max(${tickets.id}), 0)` })
        .from(tickets)
        .get()?.n ?? 0,
    countTargets: (target: BatchTarget): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(tickets)
        .where(targetCondition(target))
        .get()?.n ?? 0,
    /** Matching tickets left out because they are closed already (reported, never touched). */
    countClosed: (target: BatchTarget): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(tickets)
        .where(
          and(
            sqlOf(target.where),
            selectionSql(target),
            visibilitySql(target.scope),
            eq(tickets.status, 'closed'),
            sql`${tickets.id} <= ${target.maxId}`,
          ),
        )
        .get()?.n ?? 0,
    /**
     * Every target's id, in id order: one read, planned by SQLite with the filter's indexes, so a
     * batch picks its tickets outside any write transaction (a scan of a million rows in a chunk
     * would hold the write lock for seconds).
     */
    targetIds: (target: BatchTarget): number[] =>
      db
        .all<{ id: number }>(sql`select ${tickets.id} as id from ${tickets} where ${targetCondition(target)} order by ${tickets.id}`)
        .map((r) => r.id),
    /**
     * The tickets among `ids` that are still targets, in id order, read inside the chunk's write
     * transaction: a ticket changed since the ids were picked is judged as it is now.
     */
    targetsAmong: (target: BatchTarget, ids: readonly number[]): TicketRow[] => {
      if (!ids.length) return [];
      let query = targetsAmong.get(target);
      if (!query) {
        // Prepared once per batch: its filter is fixed, only the ids change from chunk to chunk.
        query = db
          .select()
          .from(tickets)
          .where(and(idIn(tickets.id), targetCondition(target)))
          .orderBy(asc(tickets.id))
          .prepare();
        targetsAmong.set(target, query);
      }
      return query.values({ ids: JSON.stringify(ids) }).map(ticketRow);
    },
    /** targetsAmong with only the columns the workflow rules read: a preview checks every target. */
    workflowAmong: (target: BatchTarget, ids: readonly number[]): WorkflowRow[] => {
      if (!ids.length) return [];
      let query = workflowAmong.get(target);
      if (!query) {
        query = db
          .select({
            id: tickets.id,
            requesterId: tickets.requesterId,
            orgId: tickets.orgId,
            level: tickets.level,
            status: tickets.status,
            waitingOn: tickets.waitingOn,
          })
          .from(tickets)
          .where(and(idIn(tickets.id), targetCondition(target)))
          .orderBy(asc(tickets.id))
          .prepare();
        workflowAmong.set(target, query);
      }
      return query.all({ ids: JSON.stringify(ids) });
    },
    /** The current version of each of these tickets (to see whether a planned change still fits). */
    versionsOf: (ids: readonly number[]): Map<number, number> =>
      new Map(
        ids.length
          ? db
              .all<{
                id: number;
                version: number;
              }>(
                sql`select ${tickets.id} as id, ${tickets.version} as version from ${tickets} where ${tickets.id} in (select value from json_each(${JSON.stringify(ids)}))`,
              )
              .map((r) => [r.id, r.version])
          : [],
      ),
    eventCountOfBatch: (batchId: string): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(events)
        .where(eq(events.batchId, batchId))
        .get()?.n ?? 0,
    /** Batches newest first, of one actor or everyone's, optionally only the unfinished ones. */
    recent: (filter: { actorId?: number | undefined; unfinished: boolean; limit: number }): BatchRow[] =>
      db
        .select()
        .from(batches)
        .where(
          and(
            filter.actorId !== undefined ? eq(batches.actorId, filter.actorId) : undefined,
            filter.unfinished ? isNull(batches.finishedAt) : undefined,
          ),
        )
        .orderBy(desc(batches.createdAt), sql`rowid desc`) // ties (a pinned --now): the later insert first
        .limit(filter.limit)
        .all(),
    /** Batches whose id starts with `prefix`, of one actor or anyone's: two tell a unique prefix from an ambiguous one. */
    byIdPrefix: (prefix: string, actorId: number | undefined): BatchRow[] =>
      db
        .select()
        .from(batches)
        .where(
          and(
            sql`substr(${batches.id}, 1, ${prefix.length}) = ${prefix}`,
            actorId !== undefined ? eq(batches.actorId, actorId) : undefined,
          ),
        )
        .limit(2)
        .all(),
    /** How many events of each action a batch wrote, and on how many tickets (index events_batch). */
    eventsOfBatch: (batchId: string): { tickets: number; byAction: Array<{ action: string; n: number }> } => ({
      tickets:
        db
          .select({ n: sql<number>`count(distinct ${events.ticketId})` })
          .from(events)
          .where(eq(events.batchId, batchId))
          .get()?.n ?? 0,
      byAction: db
        .select({ action: events.action, n: sql<number>`count(*)` })
        .from(events)
        .where(eq(events.batchId, batchId))
        .groupBy(events.action)
        .orderBy(asc(events.action))
        .all(),
    }),
  };
}
