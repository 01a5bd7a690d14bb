// The TUI's batch actions (SPEC 8): the same changes as `ticketty bulk` and `close --where`,
// applied to the tickets a person selected (space) rather than to a filter. A selection is one
// more kind of batch target (BatchSpec.ids), so it runs on the one batch engine (app/batch/batch.ts):
// the same preview, chunks, pacing, batch id on every event, and resume after a crash.
import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { previewBatch, runBatch, type BatchPreview, type BatchProgress, type BatchResult, type BatchSpec } from './batch.js';
import { batchCloseSpec } from './batchClose.js';
import { bulkSpec, type BulkInput } from './bulkActions.js';

/** A bulk change (any of `ticketty bulk`'s), or a close with its reason (empty: resolved). */
export type SelectionChange = Omit<BulkInput, 'where'> | { close: string };

/** The specs want a filter to build; a selection replaces it (the spec's `where` is emptied). */
const ANY_TICKET = 'status!=closed';

/** The tickets a batch acts on: those selected one by one, or a whole view (select-all) by its filter. */
export type SelectionTarget = readonly number[] | { where: string | undefined };

export function selectionSpec(ctx: AppContext, actor: Actor, change: SelectionChange, target: SelectionTarget): BatchSpec {
  // A whole view is its filter, as `ticketty bulk --where` takes it: never a list of every id in it.
  const where = 'where' in target ? (target.where ?? ANY_TICKET) : ANY_TICKET;
  const base = 'close' in change ? batchCloseSpec(ctx, actor, { where, reason: change.close }) : bulkSpec(ctx, actor, { ...change, where });
  if ('where' in target) return { ...base, command: `tui-${base.command}` };
  const ids = target as readonly number[];
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return { ...base, command: `tui-${base.command}`, where: '', ids: sorted, params: { ...base.params, ids: sorted } };
}

export interface SelectionPreview extends BatchPreview {
  selected: number;
}

/** What a run would do now; writes nothing. */
export async function previewSelection(ctx: AppContext, actor: Actor, spec: BatchSpec, sampleSize = 8): Promise<SelectionPreview> {
  const preview = await previewBatch(ctx, actor, spec, { sampleSize });
  return { ...preview, selected: spec.ids?.length ?? preview.total + preview.alreadyClosed };
}

/** Runs the change on every selected ticket in chunks of about `chunkBudgetMs`, one batch id on every event. */
export function runSelection(
  ctx: AppContext,
  actor: Actor,
  spec: BatchSpec,
  options: {
    onProgress?: (progress: BatchProgress) => void;
    chunkBudgetMs?: number;
    pauseMs?: number;
    after?: BatchPreview;
    signal?: AbortSignal;
  } = {},
): Promise<BatchResult> {
  return runBatch(ctx, actor, spec, { ...options, channel: 'tui' });
}
