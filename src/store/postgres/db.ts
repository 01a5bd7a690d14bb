// The PostgreSQL store's main-thread side: the same synchronous shape as the SQLite store
// (src/store/sqlite/db.ts: write, read, close), over the worker (worker.ts) through the bridge.
// A write is a serializable transaction; a serialization failure or deadlock reruns `fn` (it is
// synchronous and writes nothing outside the transaction), a connection lost before the commit
// reruns it too, and what is still failing after the retries is `Busy` (exit 75): transactions.ts.
// Settings are cached here and checked in each transaction's first round trip (settingsCache.ts).
import { Busy, NotFound } from '../../domain/errors.js';
import { openBridge, pgMigrationsFolder, PostgresError, type BridgeOptions } from './bridge.js';
import type { PgRepos } from './repos/index.js';
import { describePostgresUrl } from './url.js';
import { reviveBytes } from './bytes.js';
import { rolledBack } from '../port/preview.js';
import { BUSY_MESSAGE, CONNECTION, LOCK_TIMEOUT, openTransactions, RERUN } from './transactions.js';
import { cachedSettingsRepos } from './settingsCache.js';

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
  /** Round trips to the worker so far (test/postgres/roundTrips.test.ts counts a use case's). */
  roundTrips(): number;
  /** The repositories the worker has (repos/index.ts). */
  repoNames: string[];
  /** Migrations this open applied (0 when the schema was up to date, or when it did not migrate). */
  migrationsApplied: number;
  /** A number that changes when a write commits anywhere (LISTEN/NOTIFY; the first call starts listening). */
  dataVersion(): number;
  /** The settings' fingerprint, checked as a settings read is (settingsCache.ts): app caches of derived settings key on it. */
  settingsVersion(): string;
  /** A session advisory lock held until close, across hosts; false when another session holds it. */
  tryLock(key: number): boolean;
  /** One SQL statement with parameters ($1…), rows as objects: tools and tests. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): T[];
  /** Runs `fn` with each repository call in its own savepoint, so that one refused statement does not abort the transaction. */
  guarded<T>(fn: () => T): T;
  close(): void;
}

/**
 * Writes that return nothing and whose failure no caller handles at the call: inside a write
 * transaction they are posted to the worker without waiting (one round trip fewer each: a take
 * 9 -> 7, roundTrips.test.ts); a failure answers the transaction's next request, its commit at the
 * latest, and the transaction is rolled back and rerun or reported as any failed write is.
 */
const POSTED_WRITES = new Set(
  ['upsertLevel', 'insertOutbox', 'addTag', 'removeTag', 'addWatcher', 'removeWatcher', 'setMuted'].map((m) => `tickets.${m}`),
);

export interface PostgresOpenOptions extends BridgeOptions {
  migrate?: boolean;
  /** Refuse a database without ticketty's schema instead of creating it: only `init` and `demo` create one. */
  mustExist?: boolean;
  /** How long a write keeps retrying conflicts and lost connections before `Busy` (default 5 s). */
  busyTimeoutMs?: number;
}

export function openPostgresStore(url: string, options: PostgresOpenOptions = {}): PostgresStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const bridge = openBridge(url, { lockTimeoutMs: busyTimeoutMs, ...options });
  const path = describePostgresUrl(url);
  let migrationsApplied = 0;
  let repoMethods: Record<string, string[]> = {};
  try {
    // Connects now, as SQLite opens its file now: a wrong URL fails here, and the worker's start
    // is not counted against the first write's busy timeout.
    if (options.mustExist && !bridge.call({ op: 'hasSchema' })) {
      throw new NotFound(`no ticketty database at ${path}: run 'ticketty init --db ${path}' (or pass --db)`);
    }
    if (options.migrate === false) bridge.call({ op: 'query', text: 'select 1', params: [] });
    else migrationsApplied = bridge.call({ op: 'migrate', folder: pgMigrationsFolder() }) as number;
    repoMethods = bridge.call({ op: 'repoMethods' }) as Record<string, string[]>;
  } catch (error) {
    bridge.close();
    throw openError(path, error);
  }
  const transactions = openTransactions(bridge, busyTimeoutMs, mapPostgresError);
  const { transaction, send } = transactions;
  let listening = false;
  /**
   * Posted writes are off while a caller expects a refused statement at its call: guarded runs
   * (batch planning catches them) and previews (which roll back, and would not hear of them).
   */
  let postingOff = 0;
  const withoutPosting = <T>(fn: () => T): T => {
    postingOff++;
    try {
      return fn();
    } finally {
      postingOff--;
    }
  };

  // repos.people.userByHandle(h) is one call into the worker, on the open transaction if any.
  // Plain objects with one function per method: the app spreads repositories to wrap a method.
  const bridged = Object.fromEntries(
    Object.entries(repoMethods).map(([repo, methods]) => [
      repo,
      Object.fromEntries(
        methods.map((method) => {
          const call = (...args: unknown[]) => reviveBytes(repo, method, send({ op: 'call', repo, method, args }));
          if (!POSTED_WRITES.has(`${repo}.${method}`)) return [method, call];
          return [
            method,
            (...args: unknown[]) => (postingOff === 0 && transactions.post({ op: 'call', repo, method, args }) ? undefined : call(...args)),
          ];
        }),
      ),
    ]),
  );
  const repos = cachedSettingsRepos(
    bridged as unknown as Record<string, Record<string, (...args: never[]) => unknown>>,
    transactions.cache,
    transactions.settings,
  ) as unknown as PostgresStore['repos'];

  return {
    url,
    path,
    migrationsApplied,
    repoNames: Object.keys(repoMethods),
    // The first call starts the worker's LISTEN; then the count is read from shared memory.
    dataVersion: () => {
      if (!listening) listening = bridge.call({ op: 'changes' }) !== undefined;
      return bridge.changesHeard();
    },
    settingsVersion: () => transactions.settings().fingerprint!,
    tryLock: (key) => bridge.call({ op: 'tryLock', key }) === true,
    write: (fn) => transaction('write', fn),
    read: (fn) => transaction('read', fn),
    preview: (fn) => withoutPosting(() => rolledBack((inner) => transaction('write', inner), fn)),
    repos,
    ping: () => void bridge.call({ op: 'ping' }),
    roundTrips: () => bridge.roundTrips(),
    query: <T>(text: string, params: unknown[] = []) => send({ op: 'query', text, params }) as T[],
    guarded: (fn) => {
      bridge.call({ op: 'guard', on: true });
      try {
        return withoutPosting(fn);
      } finally {
        bridge.call({ op: 'guard', on: false });
      }
    },
    close: () => bridge.close(),
  };
}

/**
 * A server that cannot be reached is a failure that may pass (SPEC 8: exit 75), said as such;
 * anything else the server refuses (a wrong password, no such database) is said in its words.
 */
function openError(path: string, error: unknown): unknown {
  const code = error instanceof PostgresError ? error.code : undefined;
  if (error instanceof PostgresError) error.message = error.message.split('\n')[0]!; // the server's words (worker.ts toWire)
  if (code && (CONNECTION.test(code) || code === 'TICKETTY_TIMEOUT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')) {
    return new Busy(`cannot reach the PostgreSQL server of ${path} (${(error as Error).message}); try again when it is up`);
  }
  if (code === '3D000')
    return new NotFound(`${path}: ${(error as Error).message}: create it (createdb), then run 'ticketty init --db ${path}'`);
  // A role the server does not know, or a password it refuses: the URL's to mend (exit 3; mailgate 75).
  if (code === '28000' || code === '28P01')
    return new NotFound(`${path}: ${(error as Error).message}: check the user and password of the URL (or PGPASSWORD, ~/.pgpass)`);
  if (error instanceof PostgresError)
    return new PostgresError({ name: 'Error', message: `${path}: ${error.message}`, ...(code ? { code } : {}) });
  return error;
}

/**
 * Conflicts, lock timeouts and lost connections become `Busy` (exit 75), and so does a server out
 * of a resource (class 53: memory, disk, connections; "out of shared memory" when serializable
 * transactions' predicate locks fill max_pred_locks_per_transaction): the transaction was rolled
 * back whole and may pass later. The rest passes through.
 */
export function mapPostgresError(error: unknown): unknown {
  const code = error instanceof PostgresError ? error.code : undefined;
  if (code && (RERUN.has(code) || CONNECTION.test(code) || code === LOCK_TIMEOUT || code === 'TICKETTY_TIMEOUT')) {
    return new Busy(BUSY_MESSAGE);
  }
  if (code?.startsWith('53')) {
    const reason = (error as Error).message.split('\n')[0]!.replace(/^PostgreSQL: /, '');
    return new Busy(`the PostgreSQL server is short of a resource (${reason}); nothing was written: try again later`);
  }
  return error;
}
