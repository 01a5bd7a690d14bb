// The context a batch run hands to the single-ticket use cases: the same repositories with the
// hot queries prepared once, and the people lookups every notification repeats remembered for one
// chunk (one transaction, in which our own changes never touch people).
import { createPreparedBatchQueries } from '../store/repos/batchPrepared.js';
import type { TicketRow } from '../store/repos/tickets.js';
import type { AppContext } from './context.js';

export interface BatchContext {
  ctx: AppContext;
  /** Starts a chunk over these tickets: call at the start of every chunk transaction. */
  begin(rows: readonly TicketRow[]): void;
  /** Runs one ticket's change in a savepoint: all of it, or (when it throws) none of it. */
  attempt<T>(fn: () => T): T;
  /** Ends the chunk (inside its transaction): writes what it kept back. */
  end(): void;
}

export function batchContext(ctx: AppContext): BatchContext {
  const fast = createPreparedBatchQueries(ctx.store.db, ctx.tickets, ctx.people);
  let admins: number[] | undefined;
  const superusers = new Map<number, number[]>();
  const batchCtx: AppContext = {
    ...ctx,
    tickets: { ...ctx.tickets, tagsOf: fast.tagsOf, watchersOf: fast.watchersOf, updateTicket: fast.updateTicket, insertEvent: fast.insertEvent, insertOutbox: fast.insertOutbox, upsertLevel: fast.upsertLevel },
    people: {
      ...ctx.people,
      notifyAllAdminIds: () => (admins ??= fast.notifyAllAdminIds()),
      superuserIdsOfOrg: (orgId) => {
        let ids = superusers.get(orgId);
        if (!ids) superusers.set(orgId, (ids = fast.superuserIdsOfOrg(orgId)));
        return ids;
      },
    },
  };
  return {
    ctx: batchCtx,
    begin: () => {
      admins = undefined;
      superusers.clear();
    },
    attempt: (fn) => ctx.store.write(fn),
    end: () => undefined,
  };
}
