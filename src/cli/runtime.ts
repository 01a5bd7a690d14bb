// What every command needs from the global options: the database, the clock and the actor.
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fixedClock, systemClock, type Clock } from '../domain/clock.js';
import type { Actor } from '../domain/permissions.js';
import { BadInput, NotFound } from '../domain/errors.js';
import { openApp, type App, type StoreOptions } from '../app/createApp.js';
import { resolveActor } from '../app/people/actors.js';
import { upgradeReporter } from './output/upgradeReport.js';

export interface GlobalArgs {
  db?: string | undefined;
  as?: string | undefined;
  json?: boolean | undefined;
  now?: string | undefined;
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TICKETTY_DB) return env.TICKETTY_DB;
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'ticketty', 'ticketty.db');
}

export function clockFrom(args: GlobalArgs, env: NodeJS.ProcessEnv = process.env): Clock {
  // An empty --now is a mistake, not the system clock; an empty TICKETTY_NOW is an unset variable.
  if (args.now !== undefined && !args.now.trim()) throw new BadInput('--now needs a time, e.g. 2026-03-01T09:30:00Z');
  const now = args.now ?? env.TICKETTY_NOW;
  return now ? fixedClock(now) : systemClock;
}

export function identityFrom(args: GlobalArgs, env: NodeJS.ProcessEnv = process.env): string {
  if (args.as) return args.as;
  if (env.TICKETTY_USER) return env.TICKETTY_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface Runtime {
  app: App;
  json: boolean;
  /** The acting user, resolved on first use (commands such as `init` need none). */
  actor(): Actor;
  close(): void;
}

export async function openRuntime(args: GlobalArgs, options: StoreOptions = {}): Promise<Runtime> {
  const clock = clockFrom(args);
  // Only init and demo create a database (they pass mustExist: false): a mistyped --db says so.
  const app = await openApp(args.db ?? defaultDbPath(), clock, { mustExist: true, onUpgrade: upgradeReporter(), ...options });
  const store = app.store;
  let actor: Actor | undefined;
  return {
    app,
    json: args.json === true,
    actor: () => {
      if (actor) return actor;
      const handle = identityFrom(args);
      if (app.people.countUsers() === 0) {
        throw new NotFound(`no users yet in ${store.path}: run 'ticketty init --admin ${handle}' first`);
      }
      actor = resolveActor(app, handle);
      return actor;
    },
    close: () => store.close(),
  };
}

/** A text option: the value itself, or standard input when it is `-`. */
export function textArg(value: string | undefined): string | undefined {
  if (value !== '-') return value;
  try {
    return readFileSync(0, 'utf8');
  } catch {
    throw new BadInput('could not read the text from standard input');
  }
}

/** Ticket ids come as `123` or `#123`. */
export function parseTicketId(value: unknown): number {
  const text = String(value ?? '').trim();
  const match = /^#?(\d{1,15})$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new BadInput(`bad ticket id '${text}': use 123 or #123`);
  return Number(match[1]);
}
