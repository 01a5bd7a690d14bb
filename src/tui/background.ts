// Periodic work the TUI runs while it is open, e.g. time-based automations once a minute
// (SPEC 5). The shell runs each task on its interval, shows errors in the status line and
// refreshes the screens afterwards. To add one: append it to BACKGROUND_TASKS (or pass `tasks`
// to runTui). Tasks must be synchronous app calls (one transaction each), like every action.
import type { App } from '../app/createApp.js';
import type { Actor } from '../domain/permissions.js';

export interface BackgroundTask {
  name: string;
  everyMs: number;
  /** Returns a short note for the status line, or nothing. */
  run(app: App, actor: Actor): string | void;
}

export const BACKGROUND_TASKS: BackgroundTask[] = [
  // AUTOMATIONS: { name: 'automations', everyMs: 60_000, run: (app, actor) => … runAutomations(app, …) }
];
