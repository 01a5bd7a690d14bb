// One chunk of a batch run, two ways. `workChunk`: every ticket's change runs inside the chunk's
// write transaction, each in its savepoint. `planChunk` + `writePlannedChunk`: the changes are
// planned from a read snapshot outside the write lock (the use cases run, their writes are
// recorded), then written inside it, each ticket guarded by its version; only a ticket that moved
// meanwhile, or whose change planning does not model, runs the first way. The lock is then held
// for the writes alone, so a chunk of the same lock time holds several times more tickets.
import { DomainError } from '../../domain/errors.js';
import type { BatchRepo, BatchTarget } from '../../store/port/index.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { NeedsLock, type BatchContext, type PlannedWrite } from './batchContext.js';
import type { BatchSpec } from './batch.js';
import type { WriteOptions } from '../tickets/ticketWrite.js';

export interface Outcome {
  id: number;
  reason: string | undefined;
}

export function refusalOf(error: unknown): string | undefined {
  if (error instanceof DomainError && error.kind !== 'busy') return error.message;
  return undefined;
}

/** Applies one ticket in a savepoint, so a refusal midway through several steps writes nothing. */
export function applyOne(fast: BatchContext, spec: BatchSpec, id: number, options: WriteOptions): string | undefined {
  try {
    fast.attempt(id, () => spec.apply(id, options, fast.ctx));
    return undefined;
  } catch (error) {
    const reason = refusalOf(error);
    if (reason === undefined) throw error;
    return reason;
  }
}

/**
 * One chunk inside the caller's transaction: the tickets among `ids` that are still targets, each
 * applied in its savepoint until the budget is spent. Returns the outcomes and how many of `ids`
 * it got through (the rest go to the next chunk).
 */
export function workChunk(
  repo: BatchRepo,
  fast: BatchContext | undefined,
  target: BatchTarget,
  ids: readonly number[],
  budgetMs: number,
  each: (row: TicketRow) => string | undefined,
) {
  const started = performance.now();
  const rows = repo.targetsAmong(target, ids);
  fast?.begin(rows);
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    outcomes.push({ id: row.id, reason: each(row) });
    if (performance.now() - started > budgetMs && row !== rows[rows.length - 1]) {
      fast?.end();
      return { outcomes, through: ids.indexOf(row.id) + 1 };
    }
  }
  fast?.end();
  return { outcomes, through: ids.length };
}

interface PlannedTicket {
  id: number;
  /** The version the plan was made from. */
  version: number;
  writes?: PlannedWrite[];
  reason?: string;
  /** Planning does not model this change: run it in the lock. */
  inLock?: true;
}

export interface ChunkPlan {
  tickets: PlannedTicket[];
  /** How many of the ids the plan covers (the rest go to the next chunk). */
  through: number;
  /** The repo's change mark at the snapshot: unchanged in the lock means nothing was written since. */
  changeMark: string;
}

/** Plans the targets among `ids` from one read snapshot, until `budgetMs` is spent. Writes nothing. */
export function planChunk(
  ctx: AppContext,
  repo: BatchRepo,
  fast: BatchContext,
  spec: BatchSpec,
  target: BatchTarget,
  ids: readonly number[],
  budgetMs: number,
  options: WriteOptions,
): ChunkPlan {
  return ctx.store.read(() =>
    fast.planning(() => {
      const started = performance.now();
      const rows = repo.targetsAmong(target, ids);
      fast.begin(rows);
      const tickets: PlannedTicket[] = [];
      let through = ids.length;
      for (const row of rows) {
        const planned: PlannedTicket = { id: row.id, version: row.version };
        try {
          planned.writes = fast.plan(row.id, () => spec.apply(row.id, options, fast.ctx));
        } catch (error) {
          if (error instanceof NeedsLock) planned.inLock = true;
          else if ((planned.reason = refusalOf(error)) === undefined) throw error;
        }
        tickets.push(planned);
        if (performance.now() - started > budgetMs && row !== rows[rows.length - 1]) {
          through = ids.indexOf(row.id) + 1;
          break;
        }
      }
      fast.end();
      return { tickets, through, changeMark: repo.changeMark() };
    }),
  );
}

/**
 * Writes a plan inside the caller's write transaction, in ticket order: planned changes whose
 * ticket is still at the planned version as recorded (a refusal stands too), the others through
 * `workChunk`'s way. `ids` are the ones the plan covers.
 */
export function writePlannedChunk(
  ctx: AppContext,
  repo: BatchRepo,
  fast: BatchContext,
  spec: BatchSpec,
  target: BatchTarget,
  ids: readonly number[],
  plan: ChunkPlan,
  options: WriteOptions,
): Outcome[] {
  const moved = repo.changeMark() !== plan.changeMark;
  const versions = moved ? repo.versionsOf(plan.tickets.map((t) => t.id)) : undefined;
  let tickets = plan.tickets;
  if (moved) {
    // Ids that were no target in the snapshot may be one now: judge them as they are.
    const planned = new Set(tickets.map((t) => t.id));
    const others = ids.filter((id) => !planned.has(id));
    if (others.length) {
      const now = repo.targetsAmong(target, others).map((row): PlannedTicket => ({ id: row.id, version: row.version, inLock: true }));
      if (now.length) tickets = [...tickets, ...now].sort((a, b) => a.id - b.id);
    }
  }
  const outcomes: Outcome[] = [];
  let pending: PlannedWrite[] = [];
  let redo: number[] = [];
  const flushPending = () => {
    if (pending.length) fast.replay(pending);
    pending = [];
  };
  const flushRedo = () => {
    if (!redo.length) return;
    const rows = repo.targetsAmong(target, redo);
    fast.begin(rows);
    for (const row of rows) outcomes.push({ id: row.id, reason: applyOne(fast, spec, row.id, options) });
    fast.end();
    redo = [];
  };
  for (const ticket of tickets) {
    const stale = versions !== undefined && !ticket.inLock && versions.get(ticket.id) !== ticket.version;
    if (ticket.inLock || stale) {
      flushPending();
      redo.push(ticket.id);
      continue;
    }
    flushRedo();
    outcomes.push({ id: ticket.id, reason: ticket.reason });
    if (ticket.writes) pending.push(...ticket.writes);
  }
  flushPending();
  flushRedo();
  return outcomes;
}
