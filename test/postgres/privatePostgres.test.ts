// The private PostgreSQL of the tests (test/helpers/postgres.ts) starts, answers on loopback and
// on its unix socket, and leaves nothing behind when stopped.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres | undefined;
afterAll(() => server?.stop());

describe('a private PostgreSQL for tests', () => {
  it('starts on a free loopback port, answers queries, and is gone after stop', async () => {
    server = await startPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ db: string; version: string }>(
      'select current_database() as db, current_setting($1) as version',
      ['server_version_num'],
    );
    await client.end();
    expect(rows[0]?.db).toBe('ticketty');
    expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(120000);
    expect(existsSync(`${server.dir}/.s.PGSQL.${server.port}`)).toBe(true);

    const other = new pg.Client({ connectionString: server.createDatabase('second') });
    await other.connect();
    expect((await other.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await other.end();

    const { dir, url } = server;
    server.stop();
    expect(existsSync(dir)).toBe(false);
    const gone = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(gone.connect()).rejects.toThrow();
  });
});
