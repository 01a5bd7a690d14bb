// Shared by the reliability tests: a seeded database (a SQLite file, or a postgres:// URL from
// test/helpers/testStore.ts), checks of a file, child processes.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';
import { createApp, type App } from '../../src/app/createApp.js';
import type { StorePort } from '../../src/store/port/index.js';
import { FREE_CLOCK_KEY } from '../../src/app/context.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { verifyAudit, type AuditReport } from '../../src/app/exchange/audit.js';
import { seedPeople, type TestWorld } from '../helpers/app.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The store `db` names, as a command opens it: migrated, a SQLite file or a PostgreSQL database. */
function openAny(db: string): StorePort {
  return /^postgres(ql)?:\/\//.test(db) ? openPostgresStorePort(db) : openSqliteStore(db);
}

/** A database with the standard cast and `tickets` tickets from the requesters. */
export function seedFile(path: string, tickets = 0, nowIso = '2026-03-02T08:00:00Z'): void {
  const store = openAny(path);
  const app = createApp(store, { now: () => new Date(nowIso) });
  app.config.set(FREE_CLOCK_KEY, true); // tests move the clock freely (init --free-clock)
  seedPeople({ app } as TestWorld);
  const requesters = ['ann', 'abe', 'gus'].map((h) => actorFromUser(app.people.userByHandle(h)!));
  for (let i = 0; i < tickets; i++) {
    createTicket(app, requesters[i % 3]!, { subject: `seed ticket ${i + 1}`, description: `seeded ${i + 1}` });
  }
  store.close();
}

/** Opens the file with our own store (migrations, pragmas), as any command would. */
export function withApp<T>(path: string, fn: (app: App) => T, nowIso = '2026-03-09T12:00:00Z'): T {
  const store = openAny(path);
  try {
    return fn(createApp(store, { now: () => new Date(nowIso) }));
  } finally {
    store.close();
  }
}

/**
 * Opened read-write, as the next run of ticketty would: a run killed mid-transaction in a rollback
 * journal (the demo's bulk load) leaves a hot journal that the opener rolls back, which a
 * read-only connection cannot do. Nothing here writes otherwise.
 */
const inspect = (path: string) => new Database(path);

export function integrity(path: string): string {
  const db = inspect(path);
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export function sql<T = Record<string, unknown>>(path: string, query: string, ...params: unknown[]): T[] {
  const db = inspect(path);
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function audit(path: string): AuditReport {
  return withApp(path, (app) => verifyAudit(app, actorFromUser(app.people.userByHandle('admin')!)));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KillOptions {
  /** Sends SIGKILL this many ms after the spawn. */
  killAfterMs?: number;
  /** Polled every few ms while the child runs: SIGKILL as soon as it is true (work seen midway). */
  killWhen?: () => boolean;
}

/** Spawns a process; resolves when it ends, killed as `KillOptions` say. */
export function run(
  command: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } & KillOptions = {},
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', TICKETTY_USER: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a chunk may end inside a multi-byte character.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    const timer = options.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined;
    const { killWhen } = options;
    const poll = killWhen
      ? setInterval(() => {
          if (killWhen()) child.kill('SIGKILL');
        }, 3)
      : undefined;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A TypeScript script under test/ run in its own Node process (through tsx). */
export function runScript(script: string, args: string[], options: KillOptions = {}): Promise<Exit> {
  return run(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], options);
}

export const BIN = fileURLToPath(new URL('../../bin/ticketty', import.meta.url));

/** The real CLI, as a user or a cron job runs it. */
export function cli(db: string, args: string[], options: { as?: string; input?: string; now?: string } & KillOptions = {}): Promise<Exit> {
  return run(process.execPath, [BIN, '--db', db, ...(options.as ? ['--as', options.as] : []), ...args], {
    input: options.input,
    env: { TICKETTY_NOW: options.now ?? '2026-03-02T12:00:00Z' },
    killAfterMs: options.killAfterMs,
    killWhen: options.killWhen,
  });
}

/** What a user must never see: a JavaScript stack trace. */
export const STACK_TRACE = /\n\s+at .+\(.*:\d+:\d+\)|\n\s+at file:|node:internal/;
