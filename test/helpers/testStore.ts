// Which store the suite runs on, and "a database" for a test on it. `npm test` runs the suite twice
// (test/vitest.config.ts: projects `sqlite` and `postgres`); the second sets TICKETTY_TEST_STORE=
// postgres, and test/postgresSetup.ts starts one private PostgreSQL for that run with a migrated
// template database. A test asks for a database here and gets a fresh SQLite path or a fresh
// PostgreSQL URL; the files that are SQLite by nature are listed in test/stores.ts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

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
  /** initdb's bin directory (createdb). */
  bin: string;
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
function createDatabase(template?: string): string {
  const pg = server();
  const name = `t${process.pid}_${++counter}_${Date.now() % 100_000}`;
  const args = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'ticketty', ...(template ? ['-T', template] : []), name];
  // A template must have no one connected: the last CLI's session on it may still be ending.
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync(join(pg.bin, 'createdb'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
      return `${pg.base}/${name}`;
    } catch (error) {
      if (attempt >= 50 || !String((error as { stderr?: Buffer }).stderr).includes('is being accessed by other users')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** A copy of the run's PostgreSQL database `url` (CREATE DATABASE … TEMPLATE), as a copied SQLite file is: its URL. */
export function copyPostgresDatabase(url: string): string {
  return createDatabase(new URL(url).pathname.slice(1));
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
