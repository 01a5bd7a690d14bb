// The one module that owns the SQLite connection: pragmas, migrations, transactions, busy mapping.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.js';
import { Busy, Forbidden, NotFound } from '../../domain/errors.js';
import { rolledBack } from '../port/preview.js';
import { whileWriting } from './writing.js';
import { reuseDrizzleStatements } from './statementCache.js';
import { restartWalPastLimit, WAL_KEPT_BYTES } from './walRestart.js';
import { MIGRATION_STEPS, type UpgradeProgress } from './migrationSteps.js';

export type { UpgradeProgress };

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface Store {
  db: Db;
  sqlite: Database.Database;
  path: string;
  /** Runs `fn` in a write transaction started IMMEDIATE, so read-then-write never hits SQLITE_BUSY midway. */
  write<T>(fn: () => T): T;
  /** Runs `fn` in a read transaction: one consistent snapshot. */
  read<T>(fn: () => T): T;
  /** Runs `fn` in a write transaction and rolls it back. */
  preview<T>(fn: () => T): T;
  /** Cheap change detection: changes when another connection commits. */
  dataVersion(): number;
  close(): void;
}

export interface OpenOptions {
  /** Skip migrations (the caller knows the schema is current), e.g. read-only tools. */
  migrate?: boolean;
  busyTimeoutMs?: number;
  /** SQLite's page cache for this connection, in KiB (default 32,000: reports and batches). */
  cacheKiB?: number;
  /** Refuse a missing (or empty) file instead of creating a database: only `init` and `demo` create one. */
  mustExist?: boolean;
  /** Open read-only even when the file is writable (the TUI's count worker: it never writes). */
  readOnly?: boolean;
  /**
   * Every commit on disk before it returns (WAL synced per commit), not only at checkpoints:
   * `mailgate`, whose exit 0 lets the mail server delete the message, so a power cut after it must
   * not lose the ticket. Costs an fsync per write.
   */
  durableCommits?: boolean;
  /**
   * Told how an upgrade of an older database goes (its migrations, a long step's chunks), so a
   * person is not left waiting in silence: some rebuild an index over every ticket.
   */
  onUpgrade?: (progress: UpgradeProgress) => void;
}

export function openStore(path: string, options: OpenOptions = {}): Store {
  const file = path !== ':memory:';
  if (file && options.mustExist && (!existsSync(path) || statSync(path).size === 0)) {
    throw new NotFound(`no database at ${path}: run 'ticketty init' (or pass --db)`);
  }
  if (file) mkdirSync(dirname(path), { recursive: true });
  // A file we may not write is opened read-only: reads work, a write says the file is read-only.
  const readonly = file && existsSync(path) && (options.readOnly === true || !writable(path));
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly });
  } catch (error) {
    throw fileError(path, error);
  }
  const timeoutMs = options.busyTimeoutMs ?? 5000;
  try {
    // Every open step under the same retry as transactions: a lock held at open (the last
    // connection checkpointing a large WAL, a migration elsewhere) is waited for, not a busy error.
    retryBusy(() => configure(sqlite, path, readonly ? { ...options, migrate: false } : options), false, timeoutMs);
  } catch (error) {
    sqlite.close();
    throw fileError(path, error);
  }
  const db = drizzle(sqlite, { schema }) as Db;
  reuseDrizzleStatements(db, sqlite);
  // Asked before every cached settings read (app/sla/slaSettings.ts): a prepared statement, not
  // `sqlite.pragma`, which prepares one per call.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const immediate = (fn: () => unknown) => sqlite.transaction(() => whileWriting(sqlite, fn)).immediate();
  const deferred = (fn: () => unknown) => sqlite.transaction(fn).deferred();
  const walPath = `${path}-wal`;
  const write = <T>(fn: () => T) => {
    const outermost = !sqlite.inTransaction;
    const result = guard(() => retryBusy(() => immediate(fn) as T, !outermost, timeoutMs));
    // After the commit, never inside it: a WAL that has grown too long restarts (walRestart.ts).
    if (outermost && file && !readonly) guard(() => restartWalPastLimit(sqlite, walPath));
    return result;
  };
  return {
    db,
    sqlite,
    path,
    write,
    preview: <T>(fn: () => T) => rolledBack(write, fn),
    read: <T>(fn: () => T) => guard(() => retryBusy(() => deferred(fn) as T, sqlite.inTransaction, timeoutMs)),
    dataVersion: () => dataVersion.get() as number,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Pragmas and migrations: each step may be repeated after a BUSY (all are idempotent). */
function configure(sqlite: Database.Database, path: string, options: OpenOptions): void {
  // SQLite's own busy handler only for its fast first polls; retryBusy (below) waits the rest.
  sqlite.pragma(`busy_timeout = ${Math.min(options.busyTimeoutMs ?? 5000, FAST_POLLS_MS)}`);
  if (path !== ':memory:' && !sqlite.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(options.durableCommits ? 'synchronous = FULL' : 'synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // WAL with constant readers can grow without bound: cap what stays on disk after checkpoints.
  sqlite.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
  // Checkpoint at commit once the WAL passes 12,000 pages (48 MB), not SQLite's 1,000: a batch
  // leaves up to ~10,000 pages that its own checkpoint worker copies (app/batch/batch.ts); at 1,000 the
  // next agent's one-ticket commit copied a chunk's pages itself and waited 50-300 ms for it.
  sqlite.pragma('wal_autocheckpoint = 12000');
  sqlite.pragma(`cache_size = -${Math.max(1000, Math.round(options.cacheKiB ?? 32_000))}`);
  // temp_store stays at its default (files, kept in the page cache until they spill): with
  // MEMORY the report's sorts of a million rows ran 4.0 → 6.6 s (SQLite's external merge sort).
  if (options.migrate !== false) migrate(sqlite, options.onUpgrade);
}

/**
 * SQLite's busy handler polls ever more slowly (every 50–100 ms once it has waited 100 ms), so a
 * writer waiting behind a batch's chunks could miss the free windows between them for hundreds of
 * ms, and a writer among several busy ones could find the lock taken at every poll and fail after
 * the whole timeout (seen with 8 processes on 2 cores: test/reliability/concurrency.test.ts). So
 * SQLite keeps only its fast first polls (FAST_POLLS_MS) and this loop goes on polling every few
 * ms until twice the timeout. An IMMEDIATE transaction takes the write lock before `fn` runs, and
 * a read takes its snapshot first, so a BUSY there means nothing ran. Nested calls (savepoints
 * inside a transaction) never wait for the lock and are not retried.
 */
function retryBusy<T>(attempt: () => T, nested: boolean, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs * 2;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      const code = (error as { code?: string } | null)?.code;
      if (nested || code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(PAUSE, 0, 0, 1 + Math.random() * 4);
    }
  }
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
/** SQLite's first polls come 1, 2 and 5 ms apart: kept, then retryBusy polls every 1–5 ms. */
const FAST_POLLS_MS = 8;

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Errors about the file itself name it: not a database, damaged, read-only, unreadable. */
function fileError(path: string, error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (/^SQLITE_(NOTADB|CORRUPT|CANTOPEN|IOERR|READONLY|PERM|AUTH)/.test(code)) {
    return new Error(`${path}: ${(error as Error).message} (${code})`);
  }
  return mapSqliteError(error);
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw mapSqliteError(error);
  }
}

/** SQLITE_BUSY / SQLITE_LOCKED become a typed `Busy` (exit 75); everything else passes through. */
export function mapSqliteError(error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'SQLITE_READONLY') return new Forbidden('the database file is read-only: only commands that read work on it');
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new Busy('the database is busy; try again in a moment');
  }
  return error;
}

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

/** The drizzle-kit output folder, found from this module (source tree or bundle in dist/). */
function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find the drizzle/ migrations folder');
}

/**
 * Applies drizzle-kit's migrations in order, each followed by its step in code if it has one
 * (migrationSteps.ts). `PRAGMA user_version` records how many are applied, so opening a current
 * database costs one pragma and one small JSON read, not a replay. An upgrade of a database that
 * has data is told to `onUpgrade` (rolled back: `failed`); creating one is not.
 */
function migrate(sqlite: Database.Database, onUpgrade: OpenOptions['onUpgrade']): void {
  const applied = sqlite.pragma('user_version', { simple: true }) as number;
  const folder = migrationsFolder();
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  if (applied >= journal.entries.length) return;
  const started = process.hrtime.bigint();
  // Told from inside the write lock, once: behind another process's lock this is retried every
  // few milliseconds, and that process may have done the upgrade meanwhile.
  let told = false;
  const run = sqlite.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const now = sqlite.pragma('user_version', { simple: true }) as number;
    if (now >= journal.entries.length) return;
    if (now > 0 && onUpgrade) {
      told = true;
      onUpgrade({ phase: 'start', migrations: journal.entries.length - now });
    }
    for (const entry of journal.entries.slice(now)) {
      const text = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) sqlite.exec(statement);
      }
      const step = MIGRATION_STEPS[entry.tag];
      step?.run(sqlite, (done, total) => (told ? onUpgrade?.({ phase: 'step', what: step.what, done, total }) : undefined));
    }
    sqlite.pragma(`user_version = ${journal.entries.length}`);
  });
  try {
    run.immediate();
  } catch (error) {
    if (told) onUpgrade?.({ phase: 'failed' });
    throw error;
  }
  if (told) onUpgrade?.({ phase: 'done', seconds: Number(process.hrtime.bigint() - started) / 1e9 });
}
