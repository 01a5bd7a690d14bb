// Which store the suite runs on, and "a database" for a test on it. `npm test` runs the suite twice
// (test/vitest.config.ts: projects `sqlite` and `postgres`); the second sets TICKETTY_TEST_STORE=
// postgres, and test/postgresSetup.ts starts one private PostgreSQL for that run with a migrated
// template database. A test asks for a database here and gets a fresh SQLite path or a fresh
// PostgreSQL URL; the files that are SQLite by nature are listed in test/stores.ts.
import { join } from 'node:path';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';

export type TestStore = 'sqlite' | 'postgres';

/** The store this vitest project runs on. */
export const TEST_STORE: TestStore = process.env.TICKETTY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = TEST_STORE === 'postgres';

/** What test/postgresSetup.ts hands the workers (environment variables, so spawned scripts see them too). */
export const PG_SERVER_ENV = 'TICKETTY_TEST_PG_SERVER';
export interface TestPostgresServer {
  /** postgres://ticketty@127.0.0.1:PORT (no database). */
  base: string;
  port: number;
  /** A database migrated to the current schema, cloned by `migratedDatabase`. */
  template: string;
}

function server(): TestPostgresServer {
  const text = process.env[PG_SERVER_ENV];
  if (!text)
    throw new Error(`${PG_SERVER_ENV} is not set: run the postgres project (npx vitest --config test/vitest.config.ts --project postgres)`);
  return JSON.parse(text) as TestPostgresServer;
}

let counter = 0;
let adminStore: PostgresStore | undefined;

/**
 * CREATE DATABASE and its kin through one connection per test process, kept open (its worker
 * thread is unref'd): a `createdb` process per database cost 140–280 ms on 2 cores, the statement 50.
 */
function admin(sql: string): Array<Record<string, unknown>> {
  adminStore ??= openPostgresStore(`${server().base}/postgres`, { migrate: false });
  // A template must have no one connected: the last CLI's session on it may still be ending.
  for (let attempt = 0; ; attempt++) {
    try {
      return adminStore.query(sql);
    } catch (error) {
      if (attempt >= 50 || !String((error as Error).message).includes('is being accessed by other users')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

function createDatabase(template?: string): string {
  const name = `t${process.pid}_${++counter}_${Date.now() % 100_000}`;
  admin(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  return `${server().base}/${name}`;
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** Whether `url` is a database on the run's PostgreSQL (not a server a test started for itself). */
export function onRunServer(url: string): boolean {
  const text = process.env[PG_SERVER_ENV];
  return text !== undefined && new URL(url).host === new URL((JSON.parse(text) as TestPostgresServer).base).host;
}

/** Whether the run's PostgreSQL has the database `name`. */
export function postgresDatabaseExists(name: string): boolean {
  return admin(`select 1 from pg_database where datname = '${name}'`).length > 0;
}

/** Keeps the database `url` as `name`, a template for copies; when another process made `name` meanwhile, drops `url`. */
export function keepPostgresDatabaseAs(url: string, name: string): void {
  try {
    admin(`alter database "${databaseName(url)}" rename to "${name}"`);
  } catch (error) {
    if (!String((error as Error).message).includes('already exists')) throw error;
    admin(`drop database "${databaseName(url)}"`);
  }
}

/** Makes `url`, a database nobody has opened yet (`freshDatabase`), a copy of the database `template`. */
export function refillPostgresDatabase(url: string, template: string): void {
  admin(`drop database "${databaseName(url)}"`);
  admin(`create database "${databaseName(url)}" template "${template}"`);
}

/** A copy of the run's PostgreSQL database `url` (CREATE DATABASE … TEMPLATE), as a copied SQLite file is: its URL. */
export function copyPostgresDatabase(url: string): string {
  return createDatabase(databaseName(url));
}

/**
 * A database nobody has opened yet, as `init` finds it: a path in `dir` on SQLite (`name`), an
 * empty database on the run's PostgreSQL.
 */
export function freshDatabase(dir: string, name = 'test.db'): string {
  return onPostgres ? createDatabase() : join(dir, name);
}

/** A fresh PostgreSQL database with the schema already migrated (a copy of the run's template): for app-level tests. */
export function migratedPostgresDatabase(): string {
  return createDatabase(server().template);
}
