// The postgres project's global setup: one private PostgreSQL for the whole run (test/helpers/
// postgres.ts), with a template database migrated once, handed to the workers through the
// environment (test/helpers/testStore.ts). Each test then creates its own databases on it.
import { startPostgres } from './helpers/postgres.js';
import { PG_SERVER_ENV, type TestPostgresServer } from './helpers/testStore.js';
import { openPostgresStore } from '../src/store/postgres/db.js';

export default async function setup(): Promise<() => void> {
  const pg = await startPostgres();
  const base = `postgres://ticketty@127.0.0.1:${pg.port}`;
  const template = 'ticketty_template';
  const url = pg.createDatabase(template);
  const store = openPostgresStore(url);
  store.close();
  const server: TestPostgresServer = { base, port: pg.port, template };
  process.env[PG_SERVER_ENV] = JSON.stringify(server);
  console.info(`postgres project: a private PostgreSQL at ${base} (template ${template})`);
  return () => pg.stop();
}
