// Wires the store, the clock and the repositories once; front ends call use cases with the result.
import type { Store } from '../store/db.js';
import type { Clock } from '../domain/clock.js';
import { createContext, type AppContext } from './context.js';

export type App = AppContext;

export function createApp(store: Store, clock: Clock): App {
  return createContext(store, clock);
}
