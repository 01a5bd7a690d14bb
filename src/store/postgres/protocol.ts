// The messages between the PostgreSQL store (main thread, synchronous) and its worker (which owns
// the node-postgres pool). The worker handles them one at a time, in order; the main thread waits
// for each answer, except `endRead`'s (none is sent).
export type Request =
  | { op: 'migrate'; folder: string }
  /** Whether the schema exists (drizzle's migrations table): commands other than init refuse an empty database. */
  | { op: 'hasSchema' }
  /** The repositories the worker has (createPgRepos): the store port refuses the others in one line. */
  | { op: 'repoMethods' }
  | { op: 'commit'; notify?: boolean }
  /**
   * Ends a read-only transaction, and is not answered: its reads are all in, so the main thread goes
   * on while the worker commits, and the next request waits behind it in the worker (one round trip
   * fewer for every page and every ticket shown).
   */
  | { op: 'endRead' }
  /** A session advisory lock on a connection of its own, held until close; false when another session holds it. */
  | { op: 'tryLock'; key: number }
  /** How many change notifications (LISTEN) arrived; the first call starts listening. */
  | { op: 'changes' }
  | { op: 'begin'; mode: 'write' | 'read' }
  | { op: 'savepoint'; name: string; begin?: Begin }
  | { op: 'release' | 'rollbackTo'; name: string }
  | { op: 'rollback' }
  /**
   * `posted`: a write that returns nothing, sent without waiting (bridge `post`); if it fails, its
   * error (`deferred`) answers the transaction's next request instead, which is not run.
   */
  | { op: 'call'; repo: string; method: string; args: unknown[]; begin?: Begin; posted?: true }
  | { op: 'query'; text: string; params: unknown[]; begin?: Begin }
  /** The settings' fingerprint (on the open transaction, if any), and the settings when it is not `expect`. */
  | { op: 'settings'; expect: string | null; begin?: Begin }
  /** While on, each repository call in a transaction runs in its own savepoint: a refused one leaves the transaction usable. */
  | { op: 'guard'; on: boolean }
  | { op: 'ping' }
  | { op: 'close' };

/**
 * A transaction's `begin`, carried by its first request (one round trip fewer), with the settings
 * check: the worker begins, reads the settings' fingerprint in the new snapshot, and answers
 * `Began` instead of the bare value. When the main thread already served cached settings in this
 * transaction (`strict`) and they differ, the request itself is not run (`stale`).
 */
export interface Begin {
  mode: 'write' | 'read';
  expect: string | null;
  strict: boolean;
}

/** The settings (config, SLA plans, calendars) as stored text, under their fingerprint. */
export interface SettingsSnapshot {
  fingerprint: string;
  /** Absent when the fingerprint is the one expected. */
  rows?: { config: Record<string, string>; plans: Record<string, string>; calendars: Record<string, string> };
}

export interface Began {
  settings: SettingsSnapshot;
  value?: unknown;
  stale?: true;
}

export type Response = { ok: true; value: unknown } | { ok: false; error: WireError };

/** An error as it crosses threads: node-postgres's SQLSTATE or Node's errno code kept. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  /** The error of an earlier posted write, answered to a later request (which did not run). */
  deferred?: true;
}

export interface WorkerInput {
  url: string;
  /** WAITING while a request runs; ANSWERED once its answer is posted; DEAD if the worker failed. */
  signal: Int32Array;
  /** How many change notifications the LISTEN connection heard (the main thread reads it without a round trip). */
  changes: Int32Array;
  port: import('node:worker_threads').MessagePort;
  poolSize: number;
  /** How long a statement waits for a lock another session holds before 55P03 (Busy). */
  lockTimeoutMs: number;
}

/** The channel every committed write notifies (LISTEN/NOTIFY drives dataVersion and the TUI's live refresh). */
export const CHANGES_CHANNEL = 'ticketty_changes';

export const WAITING = 0;
export const ANSWERED = 1;
export const DEAD = 2;
