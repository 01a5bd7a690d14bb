// What every screen and overlay gets from the shell: the app and actor, the size, the data
// generation (bumped when the data may have changed), navigation, the one overlay, the status line.
import type { QueueCounter } from '../../app/tickets/queueCounter.js';
import { createContext, useContext } from 'react';
import type { App } from '../../app/createApp.js';
import type { Actor } from '../../domain/permissions.js';
import type { TuiConfig } from '../config.js';
import type { Theme } from '../theme.js';
import type { Overlay } from './overlays.js';
import type { ScreenRoute } from '../screens/registry.js';

export interface Shell {
  app: App;
  actor: Actor;
  dbPath: string;
  /** Counts queues off the render thread (a worker on a SQLite file). */
  counter: QueueCounter;
  config: TuiConfig;
  theme: Theme;
  /** Rows and columns available to the current screen body. */
  body: { rows: number; columns: number };
  /** Bumped when another process committed, a background task ran, or `refresh()` was called. */
  generation: number;
  refresh(): void;
  /** `replace`: the top screen gives way to another (a created ticket replaces its form). */
  navigate: { push(route: ScreenRoute): void; back(): void; replace(route: ScreenRoute): void };
  overlay: { open(overlay: Overlay): void; close(): void };
  status: {
    /** Shows an error (a domain error's message, one line). */
    error(error: unknown): void;
    /** Records an action: its equivalent CLI command replaces the last one shown. */
    ran(cliCommand: string): void;
  };
  /** Which queue tab to start on: the first, or (auto) one with tickets in it. */
  startOn: 'first' | 'auto';
  /** The queue calls this once its first page is on screen (start-up benchmark). */
  firstFrame(): void;
  /** A line for the benchmark's trace (TICKETTY_TUI_TRACE), stamped by the caller of the TUI; a no-op otherwise. */
  trace(event: string): void;
}

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell outside the shell');
  return shell;
}
