// A queue's count in slices (issue 20): on a million tickets a count takes seconds, and the TUI
// shows how far it got ("≥ 10,000") instead of only "counting…". The count walks keyset ranges of
// ticket ids, all in one read snapshot (so the slices add up to the count a single query gives),
// and tells the running total after each slice. Slices grow or shrink to take about `targetMs`.
import { visibilityOf, type Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { ticketFilter } from './ticketQueries.js';

export interface SliceOptions {
  /** Ids in the first slice. */
  firstSlice?: number;
  /** What one slice should take: a slice twice as fast doubles the next, one twice as slow halves it. */
  targetMs?: number;
  /** False keeps every slice at `firstSlice` ids (tests). */
  adapt?: boolean;
  /** Milliseconds now (injectable so tests can drive the slice sizes). */
  elapsedMs?: () => number;
}

const MIN_SLICE = 1_000;

/** How many tickets `where` selects for `actor`; `onProgress(countedSoFar)` after each slice but the last. */
export function countQueueInSlices(
  ctx: AppContext,
  actor: Actor,
  where: string | undefined,
  onProgress: (countedSoFar: number) => void,
  options: SliceOptions = {},
): number {
  const filter = ticketFilter(ctx, actor, where);
  const scope = visibilityOf(actor);
  const targetMs = options.targetMs ?? 100;
  const elapsed = options.elapsedMs ?? (() => performance.now());
  return ctx.store.read(() => {
    const last = ctx.tickets.lastId();
    let size = Math.max(1, options.firstSlice ?? 20_000);
    let total = 0;
    for (let after = 0; after < last; ) {
      const upTo = Math.min(last, after + size);
      const started = elapsed();
      total += ctx.tickets.count(filter.where, scope, filter.statuses, filter.seeks, { after, upTo });
      after = upTo;
      if (after < last) onProgress(total);
      if (options.adapt === false) continue;
      const took = elapsed() - started;
      if (took < targetMs / 2) size *= 2;
      else if (took > targetMs * 2) size = Math.max(MIN_SLICE, Math.floor(size / 2));
    }
    return total;
  });
}
