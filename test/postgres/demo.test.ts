// `ticketty demo` on PostgreSQL, as a user runs it: the same generator and seed write the same
// helpdesk into the private server as into a SQLite file (store/postgres/demoData.ts), so
// `ticket list --json` (every ticket, whole rows), `report sla` and `report backlog` agree, and
// the result passes `audit verify`; a second demo into it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('writes the same 300 tickets as on SQLite with the same seed and --now: same list and reports', { timeout: 240_000 }, () => {
    const sqlite = { db: tmp.db, now: NOW };
    const pg = { db: server.createDatabase('demo'), now: NOW };
    const made = [sqlite, pg].map((env) => runCli(env, ['demo', '--tickets', '300', '--seed', '11', '--json']));
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
});
