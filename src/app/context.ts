// What every use case is handed: the store (through its port), its repositories and the clock.
import type { Clock } from '../domain/clock.js';
import type { Repositories, StorePort } from '../store/port/index.js';

export interface AppContext extends Repositories {
  store: StorePort;
  clock: Clock;
  /** The current time in epoch milliseconds, from the injectable clock. */
  nowMs(): number;
}

export function createContext(store: StorePort, clock: Clock): AppContext {
  return { ...store.repos, store, clock, nowMs: () => clock.now().getTime() };
}
