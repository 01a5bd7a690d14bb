// The composition root: opens a store, wires its repositories and the clock once; front ends call
// use cases with the result. The only module of src/app that names a concrete store.
import type { Clock } from '../domain/clock.js';
import type { StorePort } from '../store/port/index.js';
import { openSqliteStore, sqliteStorePort, type OpenOptions, type SqliteStore } from '../store/sqlite/index.js';
import type { Store as SqliteConnection } from '../store/sqlite/db.js';

/** Checks a backup file (a SQLite database) without opening a store. */
export { checkBackup as checkBackupFile } from '../store/sqlite/backup.js';
import { createContext, type AppContext } from './context.js';
import { isPostgresUrl } from '../store/postgres/url.js';
import { BadInput } from '../domain/errors.js';

export type App = AppContext;
/** An app on a SQLite store, whose connection tools and tests may read directly. */
export interface SqliteApp extends AppContext {
  store: SqliteStore;
}
/** How the database is opened (page cache size…), as front ends may choose it. */
export type StoreOptions = OpenOptions;
export type { UpgradeProgress } from '../store/sqlite/db.js';

/** Wires the app on a store: a store port, or an open SQLite connection (tests, tools). */
export function createApp(store: SqliteStore | SqliteConnection, clock: Clock): SqliteApp;
export function createApp(store: StorePort, clock: Clock): App;
export function createApp(store: StorePort | SqliteConnection, clock: Clock): App {
  return createContext('repos' in store ? store : sqliteStorePort(store), clock);
}

/**
 * Opens (creating and migrating when needed) the database `db` names and wires the app on it: a
 * postgres:// URL is a PostgreSQL server (store/postgres), anything else a SQLite file.
 */
export async function openApp(db: string, clock: Clock, options: StoreOptions = {}): Promise<App> {
  if (isPostgresUrl(db)) {
    // Loaded only for a URL: the SQLite path never reads the PostgreSQL store.
    const { openPostgresStorePort } = await import('../store/postgres/index.js');
    return createContext(
      openPostgresStorePort(db, {
        mustExist: options.mustExist === true,
        busyTimeoutMs: options.busyTimeoutMs,
        ...(options.migrate === false ? { migrate: false } : {}),
      }),
      clock,
    );
  }
  return openSqliteApp(db, clock, options);
}

/** Opens a SQLite file and wires the app on it (tools and tests that read its connection). */
export function openSqliteApp(path: string, clock: Clock, options: StoreOptions = {}): SqliteApp {
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
