// The glue every command handler shares: open the runtime, run, print, close. Handlers load their
// use cases with `await import()` when they run, so start-up compiles only the command it runs.
import { stringifyJsonForTerminal } from '../domain/sanitize.js';
import { openRuntime, type GlobalArgs, type Runtime } from './runtime.js';
import type { TicketRow } from '../app/tickets/ticketQueries.js';

export type Handler<A> = (rt: Runtime, args: A) => void | Promise<void>;

/** Wraps a handler so that the database is opened from the global options and always closed. */
export function withRuntime<A extends GlobalArgs>(handler: Handler<A>, options: { creates?: boolean; durableCommits?: boolean } = {}) {
  return async (args: A): Promise<void> => {
    const rt = await openRuntime(args, { mustExist: options.creates !== true, durableCommits: options.durableCommits === true });
    try {
      await handler(rt, args);
    } finally {
      rt.close();
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${stringifyJsonForTerminal(value, 2)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Notes for people (not data): stderr, so `--json` keeps stdout clean. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Every command that changes a ticket prints the ticket after the change. */
export async function printTicket(rt: Runtime, row: TicketRow): Promise<void> {
  const [{ summarize }, { ticketLine }, { dictionaries }] = await Promise.all([
    import('../app/tickets/ticketQueries.js'),
    import('./output/ticketText.js'),
    import('../app/settings/dictionaries.js'),
  ]);
  const [summary] = summarize(rt.app, [row]);
  if (rt.json) printJson(summary);
  else printLine(ticketLine(summary!, dictionaries(rt.app)));
}
