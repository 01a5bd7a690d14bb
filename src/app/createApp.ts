// Wires the store, the clock and the repositories once; front ends call use cases with the result.
import { openStore, type OpenOptions, type Store } from '../store/sqlite/db.js';
import type { Clock } from '../domain/clock.js';
import { createContext, type AppContext } from './context.js';

export type App = AppContext;
/** How the database is opened (page cache size…), as front ends may choose it. */
export type StoreOptions = OpenOptions;

export function createApp(store: Store, clock: Clock): App {
  return createContext(store, clock);
}

/** Opens (creating and migrating when needed) the database at `path` and wires the app on it. */
export function openApp(path: string, clock: Clock, options: StoreOptions = {}): App {
  return createContext(openStore(path, options), clock);
}
