// The composition root: opens a store, wires its repositories and the clock once; front ends call
// use cases with the result. The only module of src/app that names a concrete store.
import type { Clock } from '../domain/clock.js';
import type { StorePort } from '../store/port/index.js';
import { openSqliteStore, sqliteStorePort, type OpenOptions, type SqliteStore } from '../store/sqlite/index.js';
import type { Store as SqliteConnection } from '../store/sqlite/db.js';

/** Checks a backup file (a SQLite database) without opening a store. */
export { checkBackup as checkBackupFile } from '../store/sqlite/backup.js';
import { createContext, type AppContext } from './context.js';
import { BadInput } from '../domain/errors.js';
import { isPostgresUrl } from '../store/postgres/url.js';

export type App = AppContext;
/** An app on a SQLite store, whose connection tools and tests may read directly. */
export interface SqliteApp extends AppContext {
  store: SqliteStore;
}
/** How the database is opened (page cache size…), as front ends may choose it. */
export type StoreOptions = OpenOptions;

/** Wires the app on a store: a store port, or an open SQLite connection (tests, tools). */
export function createApp(store: SqliteStore | SqliteConnection, clock: Clock): SqliteApp;
export function createApp(store: StorePort, clock: Clock): App;
export function createApp(store: StorePort | SqliteConnection, clock: Clock): App {
  return createContext('repos' in store ? store : sqliteStorePort(store), clock);
}

/** Opens (creating and migrating when needed) the database at `path` and wires the app on it. */
export function openApp(path: string, clock: Clock, options: StoreOptions = {}): SqliteApp {
  // Never a SQLite file named `postgres:/…`: the PostgreSQL store is built (store/postgres) but
  // not yet wired into the commands.
  if (isPostgresUrl(path))
    throw new BadInput('--db postgres://…: the PostgreSQL store is not wired into the commands yet; use a SQLite file for now');
  return { ...createContext(openSqliteStore(path, options), clock) } as SqliteApp;
}

/**
 * `ticketty copy`: moves the helpdesk in a SQLite file into an empty PostgreSQL database (both
 * stores are store/ business; the copy is store/postgres/copyFromSqlite.ts).
 */
export async function copySqliteToPostgres(
  from: string,
  to: string,
  onProgress?: (p: import('../store/postgres/copyFromSqlite.js').CopyProgress) => void,
): Promise<import('../store/postgres/copyFromSqlite.js').CopyResult> {
  if (isPostgresUrl(from)) throw new BadInput(`--from ${from}: give the SQLite file to copy from`);
  if (!isPostgresUrl(to)) throw new BadInput(`--to ${to}: give the PostgreSQL database to copy into (postgres://user@host/db)`);
  const { copySqliteToPostgres: copy } = await import('../store/postgres/copyFromSqlite.js');
  return copy(from, to, onProgress);
}
