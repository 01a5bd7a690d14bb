// Wires the store, the clock and the repositories once; front ends call use cases with the result.
import { openStore, type Store } from '../store/db.js';
import type { Clock } from '../domain/clock.js';
import { createContext, type AppContext } from './context.js';

export type App = AppContext;

export function createApp(store: Store, clock: Clock): App {
  return createContext(store, clock);
}

/** Opens (creating and migrating when needed) the database at `path` and wires the app on it. */
export function openApp(path: string, clock: Clock): App {
  return createContext(openStore(path), clock);
}
