// Shared option builders so every command spells its options the same way.
import type { Argv } from 'yargs';

export function withTicketId<T>(y: Argv<T>) {
  return y.positional('id', { describe: 'ticket id (123 or #123)', type: 'string', demandOption: true });
}

export function withIfVersion<T>(y: Argv<T>) {
  return y.option('if-version', { type: 'number', describe: 'refuse (exit 5) unless the ticket is still at this version' });
}

export function withText<T>(y: Argv<T>, describe = 'the text; - reads standard input') {
  return y.option('text', { alias: 't', type: 'string', describe });
}

export const globalOptions = {
  db: { type: 'string', describe: 'database file (env TICKETTY_DB; default: the user data directory)', global: true },
  as: { type: 'string', describe: 'act as this user handle (env TICKETTY_USER; default: the OS user)', global: true },
  json: { type: 'boolean', describe: 'machine output on stdout', global: true },
  now: { type: 'string', describe: 'the clock, as ISO 8601 (env TICKETTY_NOW)', global: true },
} as const;
