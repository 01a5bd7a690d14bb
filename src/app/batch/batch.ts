// The batch engine behind `close --where`, `bulk` and the TUI's batch actions (SPEC 8): a preview
// (count, sample, refusals), then a run in short transactions with one batch id on every event,
// resumable after a crash. A run that follows its preview changes what the preview counted: the
// filter evaluated at the preview's time, over the tickets that existed then.
//
// Resuming: a run records its command, actor, filter and parameters in `batches`, together with
// the clock it evaluated the filter at and the highest ticket id at its start. A later run of the
// same command by the same actor picks that unfinished batch up, evaluates the filter at the same
// pinned time over the same id range, and skips every ticket that already carries an event of the
// batch. Each ticket's change and its events commit together, so a ticket is either done (it has
// the batch's events) or untouched: nothing is done twice.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Channel } from '../../domain/types.js';
import type { Actor } from '../../domain/permissions.js';
import { seesInternal, visibilityOf } from '../../domain/permissions.js';
import { parseFilter } from '../../domain/filter/index.js';
import { type BatchRepo, type BatchRow, type BatchTarget } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { batchContext } from './batchContext.js';
import { applyOne, planChunk, refusalOf, workChunk, writePlannedChunk } from './batchChunk.js';
import type { WriteOptions } from '../tickets/ticketWrite.js';
import type { WorkflowRow } from '../../store/port/index.js';
import { summarize, type TicketSummary } from '../tickets/ticketQueries.js';

export interface BatchSpec {
  /** `close`, `bulk`: part of the resume key. */
  command: string;
  where: string;
  /** A selection (the TUI's): only these tickets, in id order; the filter then is usually empty. */
  ids?: readonly number[];
  /** JSON-serializable parameters; a resume needs the same ones. */
  params: Record<string, unknown>;
  /**
   * A cheap check that throws the refusal `apply` would throw, without writing. Without it, the
   * preview runs `apply` for real in transactions that are rolled back (exact, but as slow as a run).
   */
  check?: (row: WorkflowRow) => void;
  /**
   * Applies the change to one ticket inside the caller's transaction; a DomainError refuses it.
   * `via` is the batch's context (prepared queries); without it the spec uses its own.
   */
  apply: (ticketId: number, options: WriteOptions, via?: AppContext) => void;
  /**
   * `apply` may be planned outside the write lock (app/batch/batchChunk.ts): its writes all go through
   * the ticket repository's row, tag, level, event and outbox writes, which a plan records.
   */
  plannable?: boolean;
}

export interface Refusals {
  count: number;
  /** Up to a few tickets with the reason each was refused. */
  examples: Array<{ id: number; reason: string }>;
}

export interface BatchPreview {
  /** Tickets the batch targets (matching, visible, not closed, not yet done). */
  total: number;
  /** Of those, the ones the actor may change: what a run will change. */
  permitted: number;
  refused: Refusals;
  /** Matching tickets left alone because they are closed already. */
  alreadyClosed: number;
  /** The first permitted tickets, for a look before confirming. */
  sample: TicketSummary[];
  /** Set when an unfinished run of the same command will be resumed. */
  resuming: { batchId: string; done: number } | null;
}

export interface BatchProgress {
  processed: number;
  total: number;
  changed: number;
  refused: number;
}

export interface BatchResult {
  batchId: string;
  /** Tickets changed by this run (plus `previouslyDone` by the run it resumed). */
  changed: number;
  previouslyDone: number;
  refused: Refusals;
  /** Set when the run stopped early on its `signal`: running the same command again finishes it. */
  interrupted?: true;
}

export interface RunOptions {
  onProgress?: (progress: BatchProgress) => void;
  /** Work per transaction, so other writers wait little (SPEC 8). */
  chunkBudgetMs?: number;
  /** Pause between chunks: the window in which other writers take the lock. */
  pauseMs?: number;
  /** Receives one line per chunk with where its time went (`TICKETTY_BATCH_TRACE`). */
  trace?: (line: string) => void;
  /** Stops the run after the chunk in progress (Ctrl-C): what is done stays done, resumable. */
  signal?: AbortSignal;
  /** The channel recorded on the run's comments (default `cli`). */
  channel?: Channel;
  /**
   * The preview this run follows (previewBatch's result): the run changes the tickets it counted,
   * with the filter evaluated at its time, rather than picking them again.
   */
  after?: BatchPreview;
}

const MAX_EXAMPLES = 5;
/**
 * The free window between chunks. A writer waiting for the lock polls every 1–5 ms (store/sqlite/db.ts
 * retryBusy, after SQLite's first polls 1, 2 and 5 ms apart), so 10 ms lets a concurrent
 * single-ticket action in after at most about one chunk. (With SQLite's own busy handler, which
 * sleeps 20–100 ms between polls, it took 25 ms, and waiters still missed windows.)
 */
const PAUSE_MS = 10;

/** The canonical JSON of a batch's parameters: the resume key compares these texts. */
const paramsKey = (params: Record<string, unknown>): string => JSON.stringify(params, Object.keys(params).sort());

interface Pinned {
  nowMs: number;
  maxId: number;
}

/** What a preview picked, for the run that follows it: one scan of the targets, not two. */
interface Picked {
  pinned: Pinned;
  /** The unfinished batch the preview would resume, if any. */
  batchId: string | undefined;
  ids: number[];
}
const pickedBy = new WeakMap<BatchPreview, Picked>();

function findResumable(repo: BatchRepo, actor: Actor, spec: BatchSpec): { row: BatchRow; pinned: Pinned } | undefined {
  const key = paramsKey(spec.params);
  for (const row of repo.unfinished(spec.command, actor.id, filterLabel(spec))) {
    const stored = JSON.parse(row.params) as { params: string; pinned: Pinned };
    if (stored.params === key) return { row, pinned: stored.pinned };
  }
  return undefined;
}

/** What a batch's record names as its filter: the filter text, or the size of a selection. */
const filterLabel = (spec: BatchSpec): string => (spec.ids ? `selection of ${spec.ids.length}` : spec.where);

/** The filter text of a batch, checked up front so a bad one is refused before anything is written. */
export function batchFilter(where: string): string {
  const text = where.trim();
  if (text) parseFilter(text);
  return text;
}

function targetOf(ctx: AppContext, actor: Actor, spec: BatchSpec, pinned: Pinned, batchId?: string): BatchTarget {
  const node = spec.where.trim() ? parseFilter(spec.where) : null;
  const where = node
    ? ctx.store.filters.condition(node, { actorId: actor.id, nowMs: pinned.nowMs, includeInternal: seesInternal(actor) })
    : undefined;
  return { where, scope: visibilityOf(actor), maxId: pinned.maxId, batchId, ids: spec.ids };
}

function noteRefusal(refused: Refusals, id: number, reason: string): void {
  refused.count++;
  if (refused.examples.length < MAX_EXAMPLES) refused.examples.push({ id, reason });
}

/**
 * Chunk sizes from the time the last chunk took per ticket, so that each holds the write lock for
 * about the budget (a fixed count is too long on a slow ticket and wasteful on a fast one).
 */
function chunkSizer(budgetMs: number) {
  let size = 50;
  return {
    next: () => size,
    took(tickets: number, ms: number) {
      if (tickets === 0) return;
      const fit = Math.floor((budgetMs * tickets) / Math.max(ms, 0.01));
      size = Math.max(1, Math.min(size * 2, fit, 5000));
    },
  };
}

function checkOne(check: (row: WorkflowRow) => void, row: WorkflowRow): string | undefined {
  try {
    check(row);
    return undefined;
  } catch (error) {
    const reason = refusalOf(error);
    if (reason === undefined) throw error;
    return reason;
  }
}

/** What a run would do now: counts, refusals and a sample. Writes nothing. */
export async function previewBatch(
  ctx: AppContext,
  actor: Actor,
  spec: BatchSpec,
  options: RunOptions & { sampleSize?: number } = {},
): Promise<BatchPreview> {
  const repo = ctx.batch;
  const resumable = findResumable(repo, actor, spec);
  const pinned = resumable?.pinned ?? { nowMs: ctx.nowMs(), maxId: repo.maxTicketId() };
  const target = targetOf(ctx, actor, spec, pinned, resumable?.row.id);
  const { ids, alreadyClosed } = ctx.store.read(() => ({ ids: repo.targetIds(target), alreadyClosed: repo.countClosed(target) }));
  const refused: Refusals = { count: 0, examples: [] };
  const sampleIds: number[] = [];
  const sampleSize = options.sampleSize ?? 10;
  const budgetMs = options.chunkBudgetMs ?? 50;
  const fast = batchContext(ctx);
  const sizer = chunkSizer(spec.check ? budgetMs * 4 : budgetMs);
  let next = 0;
  let processed = 0;
  let turned = performance.now();
  while (next < ids.length && !options.signal?.aborted) {
    const slice = ids.slice(next, next + (spec.check ? 2000 : sizer.next()));
    const started = performance.now();
    const chunk = spec.check
      ? ctx.store.read(() => ({
          outcomes: repo.workflowAmong(target, slice).map((row) => ({ id: row.id, reason: checkOne(spec.check!, row) })),
          through: slice.length,
        }))
      : trialChunk(ctx, () => workChunk(repo, fast, target, slice, budgetMs, (row) => applyOne(fast, spec, row.id, {})));
    sizer.took(chunk.through, performance.now() - started);
    for (const { id, reason } of chunk.outcomes) {
      if (reason !== undefined) noteRefusal(refused, id, reason);
      else if (sampleIds.length < sampleSize) sampleIds.push(id);
    }
    next += chunk.through;
    processed += chunk.outcomes.length;
    options.onProgress?.({ processed: next, total: ids.length, changed: processed - refused.count, refused: refused.count });
    options.trace?.(`preview ${chunk.through} tickets: ${(performance.now() - started).toFixed(1)} ms`);
    if (!spec.check) await sleep(options.pauseMs ?? PAUSE_MS);
    else if (performance.now() - turned > 50) {
      // The checks never wait on anything: give the event loop a turn now and then, so a signal
      // (Ctrl-C) reaches its handler and stops the preview.
      await sleep(0);
      turned = performance.now();
    }
  }
  const sample = ctx.store.read(() =>
    summarize(
      ctx,
      sampleIds.map((id) => ctx.tickets.ticketById(id)!),
    ),
  );
  const preview: BatchPreview = {
    total: ids.length,
    permitted: processed - refused.count,
    refused,
    alreadyClosed,
    sample,
    resuming: resumable ? { batchId: resumable.row.id, done: resumable.row.done } : null,
  };
  pickedBy.set(preview, { pinned, batchId: resumable?.row.id, ids });
  return preview;
}

/** Runs a chunk for real and rolls it back: an exact preview of changes that depend on each other. */
function trialChunk<T>(ctx: AppContext, work: () => T): T {
  return ctx.store.preview(work);
}

/**
 * The batch to run (the unfinished one of the same command, or a new one) and its targets' ids:
 * the ones `picked` by the preview when it saw the same batch (each chunk judges its tickets again
 * as they are then, so one changed since is still handled right), else picked now.
 */
function startBatch(
  ctx: AppContext,
  repo: BatchRepo,
  actor: Actor,
  spec: BatchSpec,
  picked: Picked | undefined,
): { row: BatchRow; target: BatchTarget; ids: number[] } {
  const found = ctx.store.read(() => findResumable(repo, actor, spec));
  if (found) {
    const target = targetOf(ctx, actor, spec, found.pinned, found.row.id);
    return { row: found.row, target, ids: picked?.batchId === found.row.id ? picked.ids : ctx.store.read(() => repo.targetIds(target)) };
  }
  const previewed = picked?.batchId === undefined ? picked : undefined;
  // The targets are picked before the write that records the batch: a scan must not hold the lock.
  const fresh: Pinned = previewed?.pinned ?? ctx.store.read(() => ({ nowMs: ctx.nowMs(), maxId: repo.maxTicketId() }));
  const ids = previewed?.ids ?? ctx.store.read(() => repo.targetIds(targetOf(ctx, actor, spec, fresh)));
  const started = ctx.store.write(() => {
    const raced = findResumable(repo, actor, spec);
    if (raced) return raced;
    const params = JSON.stringify({ params: paramsKey(spec.params), pinned: fresh });
    return {
      row: repo.insert({
        id: randomUUID(),
        command: spec.command,
        actorId: actor.id,
        filter: filterLabel(spec),
        params,
        total: ids.length,
        createdAt: ctx.nowMs(),
      }),
      pinned: fresh,
    };
  });
  const target = targetOf(ctx, actor, spec, started.pinned, started.row.id);
  // Another run of the same command started meanwhile: join it, minus what it has done.
  return { row: started.row, target, ids: started.pinned === fresh ? ids : ctx.store.read(() => repo.targetIds(target)) };
}

/** Runs (or resumes) the batch in chunks of about `chunkBudgetMs` each, reporting progress. */
export async function runBatch(ctx: AppContext, actor: Actor, spec: BatchSpec, options: RunOptions = {}): Promise<BatchResult> {
  const repo = ctx.batch;
  const budgetMs = options.chunkBudgetMs ?? 50;
  const pauseMs = options.pauseMs ?? PAUSE_MS;
  const { row, target, ids } = startBatch(ctx, repo, actor, spec, options.after && pickedBy.get(options.after));
  const refused: Refusals = { count: 0, examples: [] };
  const options1: WriteOptions = { batchId: row.id, channel: options.channel ?? 'cli' };
  const fast = batchContext(ctx);
  const sizer = chunkSizer(budgetMs);
  // The store's upkeep between chunks (SQLite: checkpoints in a worker, WAL restarts).
  const pacing = ctx.store.batchPacing();
  let changed = 0;
  let next = 0;
  let planning = spec.plannable === true;
  let committed: number | undefined;
  try {
    while (next < ids.length && !options.signal?.aborted) {
      const begun = performance.now();
      let slice = ids.slice(next, next + sizer.next());
      // Planned while the lock is free (this is the pause other writers get in by).
      const plan = planning ? planChunk(ctx, repo, fast, spec, target, slice, budgetMs * 4, options1) : undefined;
      if (plan) {
        slice = slice.slice(0, plan.through);
        // Changes planning does not model run in the lock anyway: stop planning them twice.
        if (plan.tickets.length && plan.tickets.every((t) => t.inLock)) planning = false;
      }
      const planned = performance.now();
      await pacing.settle();
      const left = committed === undefined ? 0 : pauseMs - (performance.now() - committed);
      // Either way the event loop gets a turn, in which a signal (Ctrl-C) reaches its handler.
      await (left > 0 ? sleep(left) : nextTurn());
      const paused = performance.now();
      await pacing.beforeWrite();
      // Stopped meanwhile: this chunk's plan is dropped, nothing of it written.
      if (options.signal?.aborted) break;
      const started = performance.now();
      const outcomes = ctx.store.write(() => {
        const done = plan
          ? { outcomes: writePlannedChunk(ctx, repo, fast, spec, target, slice, plan, options1), through: slice.length }
          : workChunk(repo, fast, target, slice, budgetMs, (r) => applyOne(fast, spec, r.id, options1));
        const ok = done.outcomes.filter((o) => o.reason === undefined).length;
        repo.setDone(row.id, row.done + changed + ok);
        return done;
      });
      committed = performance.now();
      const ms = (t: number) => t.toFixed(1);
      options.trace?.(
        `chunk ${outcomes.through} tickets: plan ${ms(planned - begun)} ms, pause ${ms(paused - planned)} ms, WAL restart ${ms(started - paused)} ms, lock ${ms(committed - started)} ms`,
      );
      sizer.took(outcomes.through, committed - started);
      for (const { id, reason } of outcomes.outcomes) {
        if (reason === undefined) changed++;
        else noteRefusal(refused, id, reason);
      }
      next += outcomes.through;
      options.onProgress?.({ processed: next, total: ids.length, changed, refused: refused.count });
      // Other agents' single-ticket actions get in now, while the store does its upkeep.
      if (next < ids.length) pacing.afterWrite();
    }
    if (next >= ids.length) ctx.store.write(() => repo.finish(row.id, row.done + changed, ctx.nowMs()));
  } finally {
    await pacing.close();
  }
  const result: BatchResult = { batchId: row.id, changed, previouslyDone: row.done, refused };
  return next < ids.length ? { ...result, interrupted: true } : result;
}
