// `ticketty demo` on PostgreSQL, as a user runs it: the same generator and seed write the same
// helpdesk into the private server as into a SQLite file (store/postgres/demoData.ts), so
// `ticket list --json` (every ticket, whole rows), `report sla` and `report backlog` agree, and
// the result passes `audit verify`; a second demo into it is refused, and an interrupted one says
// how to start over on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/createApp.js';
import { DEMO_UNFINISHED } from '../../src/app/demo/demo.js';
import { runCli, tempDb } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
const tmp = tempDb();
const NOW = '2026-03-04T15:00:00Z';

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => {
  server?.stop();
  tmp.cleanup();
});

describe('ticketty demo --db postgres://…', () => {
  // The default seed: its stories fill a write buffer midway through a ticket (the 286th), which
  // once wrote that ticket's comments before the ticket and failed on a foreign key.
  it('writes the same 300 tickets as on SQLite with the same seed and --now: same list and reports', { timeout: 240_000 }, () => {
    const sqlite = { db: tmp.db, now: NOW };
    const pg = { db: server.createDatabase('demo'), now: NOW };
    const made = [sqlite, pg].map((env) => runCli(env, ['demo', '--tickets', '300', '--json']));
    for (const m of made) expect(m.code, m.stderr).toBe(0);
    expect(made[1]!.json()).toEqual(made[0]!.json());
    expect(made[0]!.json()).toMatchObject({ tickets: 300 });
    for (const args of [
      ['ticket', 'list', '--where', 'level>=1', '--sort', 'created', '--limit', '500', '--json'],
      ['report', 'sla', '--format', 'json'],
      ['report', 'sla', '--by', 'agent', '--format', 'json'],
      ['report', 'backlog', '--format', 'json'],
    ]) {
      const [want, got] = [sqlite, pg].map((env) => runCli(env, args, { as: 'admin' }));
      expect(want!.code, want!.stderr).toBe(0);
      expect(got!.code, got!.stderr).toBe(0);
      expect(got!.json(), args.join(' ')).toEqual(want!.json());
      if (args[0] === 'ticket') expect(JSON.stringify(got!.json())).toMatch(/"id":1,[^]*"id":300,|"id":300,[^]*"id":1,/);
    }
    const verify = runCli(pg, ['audit', 'verify'], { as: 'admin' });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // New tickets continue after the demo's ids.
    const created = runCli(pg, ['ticket', 'create', '--subject', 'After the demo', '--text', 'x', '--json'], { as: 'admin' });
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({ id: 301 });
    const again = runCli(pg, ['demo', '--tickets', '10']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/demo fills an empty database only/);
  });

  it('an interrupted demo is refused with how to start over on PostgreSQL (drop the database), not a file to delete', async () => {
    const db = server.createDatabase('interrupted');
    expect(runCli({ db, now: NOW }, ['init', '--admin', 'admin']).code).toBe(0);
    expect(runCli({ db, now: NOW }, ['org', 'add', 'ACME'], { as: 'admin' }).code).toBe(0);
    // What a demo killed after its people leaves: the marker and the organizations.
    const app = await openApp(db, { now: () => new Date(NOW) }, { mustExist: true });
    try {
      app.store.write(() => app.config.set(DEMO_UNFINISHED, { tickets: 50, seed: 1, startedAt: NOW }));
    } finally {
      app.store.close();
    }
    const again = runCli({ db, now: NOW }, ['demo', '--tickets', '50']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `ticketty: ${db} holds a demo that was interrupted (0 of 50 tickets written), which demo cannot finish: ` +
        `drop the database and create it again (dropdb interrupted; createdb interrupted) and run 'ticketty demo' again\n`,
    );
  });
});
