// A preview is the write, not committed (STYLE.md): the use case runs for real inside a
// transaction that is then rolled back, so what a preview promises — the assignee after routing,
// who is notified, the SLA clocks — is what the write produces, computed by the same code.
import type { NewOutbox } from '../../store/port/index.js';
import type { AppContext } from '../context.js';

export interface WriteTrial<T> {
  /** What the use case returned. */
  result: T;
  /** The notifications it queued, in order. */
  outbox: NewOutbox[];
}

/**
 * Runs `write` (a use case, given a context to run on) in a write transaction and rolls it back;
 * returns its result and the outbox rows it queued. Whatever it throws (a refusal) is thrown.
 */
export function previewWrite<T>(ctx: AppContext, write: (trial: AppContext) => T): WriteTrial<T> {
  const outbox: NewOutbox[] = [];
  const trial: AppContext = {
    ...ctx,
    tickets: {
      ...ctx.tickets,
      insertOutbox: (rows) => {
        outbox.push(...rows);
        ctx.tickets.insertOutbox(rows);
      },
    },
  };
  return { result: ctx.store.preview(() => write(trial)), outbox };
}
