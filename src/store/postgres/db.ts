// The PostgreSQL store's main-thread side: the same synchronous shape as the SQLite store
// (src/store/sqlite/db.ts: write, read, close), over the worker (worker.ts) through the bridge.
// A write is a serializable transaction; a serialization failure or deadlock reruns `fn` (it is
// synchronous and writes nothing outside the transaction), a connection lost before the commit
// reruns it too, and what is still failing after the timeout is `Busy` (exit 75).
import { Busy } from '../../domain/errors.js';
import { openBridge, pgMigrationsFolder, PostgresError, type Bridge, type BridgeOptions } from './bridge.js';
import type { PgRepos } from './repos/index.js';
import { describePostgresUrl } from './url.js';
import { reviveBytes } from './bytes.js';
import { rolledBack } from '../port/preview.js';

/** A repository's methods made synchronous: what `src/app` calls. */
export type Synchronous<R> = { [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : never };

export interface PostgresStore {
  url: string;
  /** The URL without its password: what messages name (the SQLite store's `path`). */
  path: string;
  write<T>(fn: () => T): T;
  read<T>(fn: () => T): T;
  /** Runs `fn` in a write transaction and rolls it back. */
  preview<T>(fn: () => T): T;
  repos: { [K in keyof PgRepos]: Synchronous<PgRepos[K]> };
  /** A round trip to the worker that touches no database: the bridge's own cost (test/bench/pgBridge.ts). */
  ping(): void;
  /** One SQL statement with parameters ($1…), rows as objects: tools and tests. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): T[];
  /** Runs `fn` with each repository call in its own savepoint, so that one refused statement does not abort the transaction. */
  guarded<T>(fn: () => T): T;
  close(): void;
}

export interface PostgresOpenOptions extends BridgeOptions {
  migrate?: boolean;
  /** How long a write keeps retrying conflicts and lost connections before `Busy` (default 5 s). */
  busyTimeoutMs?: number;
}

/** SQLSTATEs after which rerunning the whole transaction is right: nothing of it was committed. */
const RERUN = new Set(['40001', '40P01']);
/** The connection or server went away (admin shutdown, crash, network). */
const CONNECTION = /^(08|57P0)|^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export function openPostgresStore(url: string, options: PostgresOpenOptions = {}): PostgresStore {
  const bridge = openBridge(url, options);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  try {
    // Connects now, as SQLite opens its file now: a wrong URL fails here, and the worker's start
    // is not counted against the first write's busy timeout.
    bridge.call(
      options.migrate === false ? { op: 'query', text: 'select 1', params: [] } : { op: 'migrate', folder: pgMigrationsFolder() },
    );
  } catch (error) {
    bridge.close();
    throw mapPostgresError(error);
  }
  let depth = 0;

  const transaction = <T>(mode: 'write' | 'read', fn: () => T): T => {
    // Nested: a savepoint, as better-sqlite3 nests its transactions.
    if (depth > 0) return savepoint(bridge, `tt_${depth}`, () => run(fn));
    const deadline = Date.now() + busyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      try {
        bridge.call({ op: 'begin', mode });
        const value = run(fn);
        committing = true;
        bridge.call({ op: 'commit' });
        return value;
      } catch (error) {
        rollbackQuietly(bridge);
        const code = error instanceof PostgresError ? error.code : undefined;
        // A connection lost during the commit may have committed: never rerun that one.
        const rerun = code !== undefined && (RERUN.has(code) || (CONNECTION.test(code) && !committing));
        if (!rerun) throw mapPostgresError(error);
        if (Date.now() >= deadline) throw new Busy('the database is busy; try again in a moment');
        Atomics.wait(PAUSE, 0, 0, Math.min(100, attempt * (1 + Math.random() * 4)));
      }
    }
  };
  const run = <T>(fn: () => T): T => {
    depth++;
    try {
      return fn();
    } finally {
      depth--;
    }
  };

  // repos.people.userByHandle(h) is one call into the worker, on the open transaction if any.
  const repos = new Proxy<Record<string, unknown>>(
    {},
    {
      get: (cache, repo: string) =>
        (cache[repo] ??= new Proxy(
          {},
          {
            get:
              (_target, method: string) =>
              (...args: unknown[]) =>
                reviveBytes(repo, method, bridge.call({ op: 'call', repo, method, args })),
          },
        )),
    },
  ) as unknown as PostgresStore['repos'];

  return {
    url,
    path: describePostgresUrl(url),
    write: (fn) => transaction('write', fn),
    read: (fn) => transaction('read', fn),
    preview: (fn) => rolledBack((inner) => transaction('write', inner), fn),
    repos,
    ping: () => void bridge.call({ op: 'ping' }),
    query: <T>(text: string, params: unknown[] = []) => bridge.call({ op: 'query', text, params }) as T[],
    guarded: (fn) => {
      bridge.call({ op: 'guard', on: true });
      try {
        return fn();
      } finally {
        bridge.call({ op: 'guard', on: false });
      }
    },
    close: () => bridge.close(),
  };
}

function savepoint<T>(bridge: Bridge, name: string, fn: () => T): T {
  bridge.call({ op: 'savepoint', name });
  try {
    const value = fn();
    bridge.call({ op: 'release', name });
    return value;
  } catch (error) {
    bridge.call({ op: 'rollbackTo', name });
    throw error;
  }
}

function rollbackQuietly(bridge: Bridge): void {
  try {
    bridge.call({ op: 'rollback' });
  } catch {
    // The worker drops a client whose rollback failed; the error that matters is the first.
  }
}

/** Conflicts, lock timeouts and lost connections become `Busy` (exit 75); the rest passes through. */
export function mapPostgresError(error: unknown): unknown {
  const code = error instanceof PostgresError ? error.code : undefined;
  if (code && (RERUN.has(code) || CONNECTION.test(code) || code === '55P03' || code === 'TICKETTY_TIMEOUT')) {
    return new Busy('the database is busy; try again in a moment');
  }
  return error;
}
