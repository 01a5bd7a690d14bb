// A queue's count that tells how far it got (issue 20): on a million tickets a count takes seconds,
// and the TUI shows "≥ 10,000" instead of only "counting…". The store calls back for each ticket
// counted by the count's own statement (its plan unchanged); the running total is told every
// `every` tickets. A store that cannot call back (PostgreSQL) counts in one go and tells nothing.
import { visibilityOf, type Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { ticketFilter } from './ticketQueries.js';

/** How many tickets `where` selects for `actor`; `onProgress(countedSoFar)` every `every` tickets counted. */
export function countQueueTelling(
  ctx: AppContext,
  actor: Actor,
  where: string | undefined,
  onProgress: (countedSoFar: number) => void,
  every = 1_000,
): number {
  const filter = ticketFilter(ctx, actor, where);
  const scope = visibilityOf(actor);
  if (!ctx.tickets.countTelling) return ctx.tickets.count(filter.where, scope, filter.statuses, filter.seeks);
  let counted = 0;
  return ctx.tickets.countTelling(filter.where, scope, filter.statuses, filter.seeks, () => {
    if (++counted % every === 0) onProgress(counted);
  });
}
