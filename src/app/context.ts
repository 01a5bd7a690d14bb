// The wiring shared by every use case: the store, the clock and the repositories.
import type { Store } from '../store/sqlite/db.js';
import type { Clock } from '../domain/clock.js';
import { BadInput } from '../domain/errors.js';
import { createPeopleRepo, type PeopleRepo } from '../store/sqlite/repos/people.js';
import { createTicketsRepo, type TicketsRepo } from '../store/sqlite/repos/tickets.js';
import { createConfigRepo, type ConfigRepo } from '../store/sqlite/repos/config.js';

export interface AppContext {
  store: Store;
  clock: Clock;
  people: PeopleRepo;
  tickets: TicketsRepo;
  config: ConfigRepo;
  /** The current time in epoch milliseconds, from the injectable clock. */
  nowMs(): number;
}

/** The setting `init --free-clock` and `demo` record: writes may carry a clock ahead of the real time. */
export const FREE_CLOCK_KEY = 'clock.free';
/** How far ahead of the real time a write's clock may be on a database without a free clock. */
const FUTURE_SLACK_MS = 60_000;

export function createContext(store: Store, clock: Clock): AppContext {
  const config = createConfigRepo(store.db);
  return {
    store: honestClockWrites(store, clock, config),
    clock,
    people: createPeopleRepo(store.db),
    tickets: createTicketsRepo(store.db),
    config,
    nowMs: () => clock.now().getTime(),
  };
}

/**
 * Every write checks the clock: one set later than the real time (a stray `--now`, a stale
 * TICKETTY_NOW) would close tickets for good or stamp changes in the future, so it is refused
 * unless the database allows a free clock. Checked after `fn`, inside the transaction, so that
 * `init --free-clock` may record the setting in the write it makes; a refusal rolls it all back.
 */
function honestClockWrites(store: Store, clock: Clock, config: ConfigRepo): Store {
  return {
    ...store,
    write: <T>(fn: () => T): T =>
      store.write(() => {
        const result = fn();
        const now = clock.now().getTime();
        if (now > Date.now() + FUTURE_SLACK_MS && config.get(FREE_CLOCK_KEY) !== true) {
          throw new BadInput(
            `the clock (--now or TICKETTY_NOW: ${new Date(now).toISOString()}) is later than the real time; this database refuses writes from the future (a test or rehearsal database: ticketty init --free-clock)`,
          );
        }
        return result;
      }),
  };
}
