// What every use case is handed: the store (through its port), its repositories and the clock.
import type { Clock } from '../domain/clock.js';
import { BadInput } from '../domain/errors.js';
import type { ConfigRepo, Repositories, StorePort } from '../store/port/index.js';

export interface AppContext extends Repositories {
  store: StorePort;
  clock: Clock;
  /** The current time in epoch milliseconds, from the injectable clock. */
  nowMs(): number;
}

/** The setting `init --free-clock` and `demo` record: writes may carry a clock ahead of the real time. */
export const FREE_CLOCK_KEY = 'clock.free';
/** How far ahead of the real time a write's clock may be on a database without a free clock. */
const FUTURE_SLACK_MS = 60_000;

export function createContext(store: StorePort, clock: Clock): AppContext {
  return { ...store.repos, store: honestClockWrites(store, clock, store.repos.config), clock, nowMs: () => clock.now().getTime() };
}

/**
 * Every write checks the clock: one set later than the real time (a stray `--now`, a stale
 * TICKETTY_NOW) would close tickets for good or stamp changes in the future, so it is refused
 * unless the database allows a free clock. Checked after `fn`, inside the transaction, so that
 * `init --free-clock` may record the setting in the write it makes; a refusal rolls it all back.
 */
function honestClockWrites<S extends StorePort>(store: S, clock: Clock, config: ConfigRepo): S {
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
