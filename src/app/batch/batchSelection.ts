// The TUI's batch actions (SPEC 8, issue 8): the same changes as `ticketty bulk` and `close
// --where`, applied to the tickets a person selected (space) rather than to a filter. The change
// is the BatchSpec of bulkActions/batchClose; this module only replaces "which tickets": a preview
// (count, refusals, sample) and a run in short transactions with one batch id on every event.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../../domain/permissions.js';
import { DomainError } from '../../domain/errors.js';
import { createBatchRepo } from '../../store/sqlite/repos/batch.js';
import type { AppContext } from '../context.js';
import type { BatchProgress, BatchResult, BatchSpec, Refusals } from './batch.js';
import { batchCloseSpec } from './batchClose.js';
import { bulkSpec, type BulkInput } from './bulkActions.js';
import { summarize, type TicketSummary } from '../tickets/ticketQueries.js';
import { loadVisibleTicket } from '../tickets/ticketWrite.js';

/** A bulk change (any of `ticketty bulk`'s), or a close with its reason (empty: resolved). */
export type SelectionChange = Omit<BulkInput, 'where'> | { close: string };

/** The specs' own filter is unused here (the selection replaces it); this one matches any ticket. */
const ANY_TICKET = 'status!=closed';

export function selectionSpec(ctx: AppContext, actor: Actor, change: SelectionChange): BatchSpec {
  if ('close' in change) return batchCloseSpec(ctx, actor, { where: ANY_TICKET, reason: change.close });
  return bulkSpec(ctx, actor, { ...change, where: ANY_TICKET });
}

export interface SelectionPreview {
  selected: number;
  /** What a run will change. */
  permitted: number;
  refused: Refusals;
  /** Selected tickets that are closed (immutable): left alone. */
  alreadyClosed: number;
  sample: TicketSummary[];
}

const MAX_EXAMPLES = 5;
class TrialRollback extends Error {}

function noteRefusal(refused: Refusals, id: number, error: unknown): void {
  if (!(error instanceof DomainError) || error.kind === 'busy') throw error;
  refused.count++;
  if (refused.examples.length < MAX_EXAMPLES) refused.examples.push({ id, reason: error.message });
}

/** What a run would do now; writes nothing (changes that depend on each other are tried and rolled back). */
export function previewSelection(ctx: AppContext, actor: Actor, ids: readonly number[], spec: BatchSpec, sampleSize = 8): SelectionPreview {
  const refused: Refusals = { count: 0, examples: [] };
  const permittedIds: number[] = [];
  let alreadyClosed = 0;
  const each = (id: number, attempt: () => void) => {
    try {
      const row = loadVisibleTicket(ctx, actor, id);
      if (row.status === 'closed') {
        alreadyClosed++;
        return;
      }
      attempt();
      permittedIds.push(id);
    } catch (error) {
      noteRefusal(refused, id, error);
    }
  };
  if (spec.check) {
    ctx.store.read(() => ids.forEach((id) => each(id, () => spec.check!(ctx.tickets.ticketById(id)!))));
  } else {
    try {
      ctx.store.write(() => {
        // Each ticket in its own savepoint, as a run does; then everything is rolled back.
        ids.forEach((id) => each(id, () => ctx.store.write(() => spec.apply(id, {}))));
        throw new TrialRollback();
      });
    } catch (error) {
      if (!(error instanceof TrialRollback)) throw error;
    }
  }
  const sample = ctx.store.read(() => summarize(ctx, permittedIds.slice(0, sampleSize).map((id) => ctx.tickets.ticketById(id)!)));
  return { selected: ids.length, permitted: permittedIds.length, refused, alreadyClosed, sample };
}

/** Runs the change on every selected ticket in chunks of about `chunkBudgetMs`, one batch id on every event. */
export async function runSelection(
  ctx: AppContext,
  actor: Actor,
  ids: readonly number[],
  spec: BatchSpec,
  options: { onProgress?: (progress: BatchProgress) => void; chunkBudgetMs?: number; pauseMs?: number } = {},
): Promise<BatchResult> {
  const repo = createBatchRepo(ctx.store.db);
  const batchId = randomUUID();
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  ctx.store.write(() =>
    repo.insert({
      id: batchId,
      command: `tui-${spec.command}`,
      actorId: actor.id,
      filter: `selection of ${sorted.length}`,
      params: JSON.stringify({ params: spec.params, ids: sorted }),
      total: sorted.length,
      createdAt: ctx.nowMs(),
    }),
  );
  const refused: Refusals = { count: 0, examples: [] };
  const budgetMs = options.chunkBudgetMs ?? 50;
  let changed = 0;
  let next = 0;
  while (next < sorted.length) {
    ctx.store.write(() => {
      const started = performance.now();
      while (next < sorted.length && performance.now() - started < budgetMs) {
        const id = sorted[next++]!;
        try {
          const row = loadVisibleTicket(ctx, actor, id);
          if (row.status === 'closed') continue;
          ctx.store.write(() => spec.apply(id, { batchId, channel: 'tui' }));
          changed++;
        } catch (error) {
          noteRefusal(refused, id, error);
        }
      }
      repo.setDone(batchId, changed);
    });
    options.onProgress?.({ processed: next, total: sorted.length, changed, refused: refused.count });
    // Leave the lock free for a moment: other agents' single-ticket actions get in here.
    if (next < sorted.length) await sleep(options.pauseMs ?? 10);
  }
  ctx.store.write(() => repo.finish(batchId, changed, ctx.nowMs()));
  return { batchId, changed, previouslyDone: 0, refused };
}
