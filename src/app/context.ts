// The wiring shared by every use case: the store, the clock and the repositories.
import type { Store } from '../store/sqlite/db.js';
import type { Clock } from '../domain/clock.js';
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

export function createContext(store: Store, clock: Clock): AppContext {
  return {
    store,
    clock,
    people: createPeopleRepo(store.db),
    tickets: createTicketsRepo(store.db),
    config: createConfigRepo(store.db),
    nowMs: () => clock.now().getTime(),
  };
}
