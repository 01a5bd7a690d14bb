// The PostgreSQL store's transactions on the main thread (db.ts wires them): as few round trips
// through the bridge as a transaction needs. Its `begin` rides on its first request, which also
// checks the cached settings (settingsCache.ts) in the new snapshot; a transaction that made no
// request sends nothing. A serialization failure or deadlock reruns the whole callback (it is
// synchronous and writes nothing outside the transaction) after a short randomized pause, a
// bounded number of times, then is `Busy` (exit 75): nothing of it is committed.
import { Busy, OutcomeUnknown } from '../../domain/errors.js';
import { PostgresError, type Bridge } from './bridge.js';
import type { Began, Request } from './protocol.js';
import { SettingsCache } from './settingsCache.js';

/** SQLSTATEs after which rerunning the whole transaction is right: nothing of it was committed. */
export const RERUN = new Set(['40001', '40P01']);
/** The connection or server went away (admin shutdown, crash, network). */
export const CONNECTION = /^(08|57P0)|^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/;
/**
 * At most this many runs of one transaction, and never past the busy timeout. Generous: writers
 * of one hot row (a ticket, a report rollup) can make a run lose several times in a row; 12 gave
 * 9 `Busy` of 600 actions in test/postgres/concurrency.test.ts where the 5 s timeout alone gave none.
 */
export const MAX_ATTEMPTS = 40;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
export const BUSY_MESSAGE = 'the database is busy; try again in a moment';
export const OUTCOME_UNKNOWN_MESSAGE =
  'the connection to PostgreSQL was lost while the change was being committed: it may have been written; look before trying again';

/** Thrown inside a transaction whose callback used settings another process had changed: it is rerun. */
class StaleSettings extends Error {
  constructor() {
    super('the settings changed since this transaction read them');
  }
}

/** The pause before run `attempt + 1`: exponential from 2 ms, capped at 100, each drawn between half and all of it. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.min(100, 2 ** attempt) * (0.5 + random() / 2);
}

export interface Transactions {
  transaction<T>(mode: 'write' | 'read', fn: () => T): T;
  /** One request, in the open transaction if any (its first carries the `begin`). */
  send(request: Request): unknown;
  /**
   * Sends a write that returns nothing without waiting for it, when a write transaction has begun:
   * a failure answers the transaction's next request (its commit at the latest). False: not posted
   * (no such transaction), send it instead.
   */
  post(request: Request & { op: 'call' }): boolean;
  /** The settings cache, checked as the caller's transaction needs it. */
  settings(): SettingsCache;
  cache: SettingsCache;
}

export function openTransactions(bridge: Bridge, busyTimeoutMs: number, mapError: (error: unknown) => unknown): Transactions {
  const cache = new SettingsCache();
  let depth = 0;
  /** The mode of the transaction whose begin is not sent yet. */
  let pending: 'write' | 'read' | undefined;
  /** The mode of the open transaction. */
  let open: 'write' | 'read' | undefined;
  let begun = false;
  /** The cache matches this transaction's snapshot. */
  let checked = false;
  /** The callback served cached settings before any check. */
  let used = false;
  /** The settings turned out stale after the callback used them: whatever it does now, it is rerun. */
  let stale = false;

  const send = (request: Request): unknown => {
    if (stale) throw new StaleSettings();
    const mode = pending;
    if (!mode || (request.op !== 'call' && request.op !== 'query' && request.op !== 'savepoint' && request.op !== 'settings')) {
      return bridge.call(request);
    }
    pending = undefined;
    begun = true;
    const answer = bridge.call({ ...request, begin: { mode, expect: cache.fingerprint, strict: used } }) as Began;
    cache.update(answer.settings);
    checked = true;
    if (answer.stale) {
      stale = true;
      throw new StaleSettings();
    }
    return answer.value;
  };

  /** Checks the cache against the database (in the open transaction, if any). */
  const check = (): void => {
    if (pending && cache.fingerprint === null) {
      send({ op: 'settings', expect: null }); // begins, and loads the settings in the snapshot
      return;
    }
    cache.update(send({ op: 'settings', expect: cache.fingerprint }) as Parameters<SettingsCache['update']>[0]);
    checked = true;
  };

  const settings = (): SettingsCache => {
    if (depth === 0) check();
    // Unchecked, or forgotten after this transaction wrote settings.
    else if (!checked || cache.fingerprint === null) {
      // Before the first round trip: serve the cache, checked by that round trip (or at the end).
      if (pending && cache.fingerprint !== null) used = true;
      else check();
    }
    return cache;
  };

  /** After a callback that made no request: whether the cached settings it used were current. */
  const usedCurrentSettings = (): boolean => {
    if (!used || checked) return true;
    const before = cache.fingerprint;
    cache.update(bridge.call({ op: 'settings', expect: before }) as Parameters<SettingsCache['update']>[0]);
    return cache.fingerprint === before;
  };

  /** usedCurrentSettings after a failure: a check that cannot be made leaves the failure as it is. */
  const settingsStillCurrent = (): boolean => {
    try {
      return usedCurrentSettings();
    } catch {
      return true;
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

  const transaction = <T>(mode: 'write' | 'read', fn: () => T): T => {
    // Nested: a savepoint, as better-sqlite3 nests its transactions.
    if (depth > 0) return savepoint(send, `tt_${depth}`, () => run(fn));
    const deadline = Date.now() + busyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      pending = open = mode;
      begun = checked = used = stale = false;
      try {
        const value = run(fn);
        if (stale) throw new StaleSettings();
        committing = true;
        if (begun && mode === 'read') bridge.post({ op: 'endRead' });
        else if (begun) bridge.call({ op: 'commit', notify: true });
        else if (!usedCurrentSettings()) throw new StaleSettings();
        return value;
      } catch (error) {
        const code = error instanceof PostgresError ? error.code : undefined;
        // A connection lost during the commit, or a commit unanswered within the bridge's timeout (a
        // synchronous standby gone, a stalled server), may have committed: never rerun it, and do
        // not say "try again", which would write it twice (a reply mailed twice). Nothing to roll
        // back on a lost connection; a stalled commit is the worker's next answer, not a rollback's.
        // One lost during a posted write and said at the commit (deferred) stopped the transaction before it.
        const deferred = error instanceof PostgresError && error.deferred;
        if (committing && mode === 'write' && !deferred && code && (CONNECTION.test(code) || code === 'TICKETTY_TIMEOUT'))
          throw new OutcomeUnknown(OUTCOME_UNKNOWN_MESSAGE);
        if (begun) rollbackQuietly(bridge);
        // A failure computed from stale settings is no failure: rerun with the current ones.
        if (error instanceof StaleSettings || stale || (!begun && !committing && !settingsStillCurrent())) {
          if (attempt < MAX_ATTEMPTS) continue;
          throw new Busy(BUSY_MESSAGE);
        }
        const rerun = code !== undefined && (RERUN.has(code) || CONNECTION.test(code));
        if (code === LOCK_TIMEOUT) {
          const holder = lockHolder(bridge, busyTimeoutMs);
          if (holder) throw new Busy(`the database is busy: ${holder}; try again in a moment`);
        }
        if (!rerun) throw mapError(error);
        if (attempt >= MAX_ATTEMPTS || Date.now() >= deadline) throw new Busy(BUSY_MESSAGE);
        Atomics.wait(PAUSE, 0, 0, backoffMs(attempt));
      } finally {
        pending = open = undefined;
      }
    }
  };

  const post = (request: Request & { op: 'call' }): boolean => {
    if (open !== 'write' || !begun || stale) return false;
    bridge.post({ ...request, posted: true });
    return true;
  };

  return { transaction, send, post, settings, cache };
}

function savepoint<T>(send: (request: Request) => unknown, name: string, fn: () => T): T {
  send({ op: 'savepoint', name });
  try {
    const value = fn();
    send({ op: 'release', name });
    return value;
  } catch (error) {
    send({ op: 'rollbackTo', name });
    throw error;
  }
}

/** lock_not_available: a statement waited the busy timeout for a lock another session holds (worker.ts). */
export const LOCK_TIMEOUT = '55P03';
/**
 * Whom a wait that gave up was most likely waiting for: the oldest transaction of this database
 * that holds locks and was already open when the wait began (a psql left open after an UPDATE, a
 * LOCK TABLE, a VACUUM FULL). The wait is over, so pg_blocking_pids cannot say; this can, in one
 * round trip. Fields the server hides from a role without pg_read_all_stats come back empty.
 */
const LOCK_HOLDER = `select pid, usename, application_name, state, extract(epoch from now() - xact_start)::int as seconds
  from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid() and xact_start < now() - $1 * interval '1 millisecond'
    and pid in (select pid from pg_locks where granted and locktype in ('relation', 'tuple', 'transactionid'))
  order by xact_start limit 1`;

function lockHolder(bridge: Bridge, waitedMs: number): string | undefined {
  try {
    const [row] = bridge.call({ op: 'query', text: LOCK_HOLDER, params: [waitedMs] }) as {
      pid: number;
      usename: string | null;
      application_name: string | null;
      state: string | null;
      seconds: number | null;
    }[];
    if (!row) return undefined;
    const who = [`pid ${row.pid}`, row.usename && `user ${row.usename}`, row.application_name, row.state].filter(Boolean).join(', ');
    return row.seconds === null ? `another session holds locks (${who})` : `another session has held locks for ${row.seconds} s (${who})`;
  } catch {
    return undefined; // the plain message then
  }
}

function rollbackQuietly(bridge: Bridge): void {
  try {
    bridge.call({ op: 'rollback' });
  } catch {
    // The worker drops a client whose rollback failed; the error that matters is the first.
  }
}
