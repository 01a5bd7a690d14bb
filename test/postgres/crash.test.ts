// SIGKILL the real bin/ticketty midway through a batch close and an import on PostgreSQL (as
// test/reliability/crash.test.ts does on SQLite): each ticket is closed with its note and tag or
// untouched, each import chunk is in with the run's count or not at all, a re-run finishes the
// work without doing anything twice, and `audit verify` finds every ticket matching its events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDb } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { tagTicket } from '../../src/app/tickets/ticketActions.js';
import { cli, seedFile, STACK_TRACE, withApp } from '../reliability/helpers.js';

const KILLS = Number(process.env.TICKETTY_CRASH_KILLS ?? 2);
// A fixed seed, printed in the suite's name: a failure replays with TICKETTY_CRASH_SEED=N.
const SEED = Number(process.env.TICKETTY_CRASH_SEED ?? 1729);
let seed = SEED;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const moment = (from: number, to: number) => Math.round(from + random() * (to - from));

let server: PrivatePostgres;
const tmp = tempDb();
const inspectors: PostgresStore[] = [];
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => {
  for (const store of inspectors) store.close();
  server?.stop();
  tmp.cleanup();
});

/** Reads a database with plain SQL, as an operator's psql would (no migration). */
function inspector(url: string): (text: string, params?: unknown[]) => Array<Record<string, unknown>> {
  const store = openPostgresStore(url, { migrate: false });
  inspectors.push(store);
  return (text, params) => store.query(text, params);
}
const count = (rows: Array<Record<string, unknown>>) => Number(rows[0]!.n);

async function expectAuditClean(url: string): Promise<void> {
  const verified = await cli(url, ['audit', 'verify', '--json'], { as: 'admin' });
  expect(verified.code, verified.stderr).toBe(0);
  expect((JSON.parse(verified.stdout) as { drifted: unknown[] }).drifted).toEqual([]);
}

/** A helpdesk with `tickets` tickets tagged `old`, seeded in a SQLite file and moved in with `ticketty copy`. */
async function seeded(name: string, tickets: number): Promise<string> {
  const file = join(tmp.dir, `${name}.db`);
  seedFile(file, 0);
  withApp(
    file,
    (app) => {
      const requesters = ['ann', 'abe', 'gus'].map((h) => actorFromUser(app.people.userByHandle(h)!));
      const admin = actorFromUser(app.people.userByHandle('admin')!);
      for (let i = 0; i < tickets; i++) {
        const ticket = createTicket(app, requesters[i % 3]!, { subject: `old ${i}`, description: 'old' });
        tagTicket(app, admin, ticket.id, ['old']);
      }
    },
    '2026-03-02T08:00:00Z',
  );
  const url = server.createDatabase(name);
  const copy = await cli(file, ['copy', '--from', file, '--to', url]);
  expect(copy.code, copy.stderr).toBe(0);
  return url;
}

describe(`crashes on PostgreSQL (seed ${SEED}, ${KILLS} kills each)`, () => {
  it('batch close: each ticket is closed with its note and tag, or untouched; a re-run finishes once', async () => {
    const TOTAL = 600;
    const url = await seeded('batch', TOTAL);
    const sql = inspector(url);
    const closed = () => count(sql("SELECT count(*) AS n FROM tickets WHERE status = 'closed'"));
    const args = ['--json', 'close', '--where', 'tag=old', '--reason', 'duplicate', '--tag', 'cleaned', '--text', 'bulk cleanup', '--yes'];
    const progress: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Killed once the close has got past a random point of the work, at a random moment within the chunk then under way.
      const before = closed();
      const target = before + 1 + Math.floor(random() * ((TOTAL - before) / (KILLS - k + 1)));
      let seenAt = 0;
      const linger = moment(0, 40);
      const killWhen = () => {
        if (!seenAt && closed() >= target) seenAt = Date.now();
        return seenAt > 0 && Date.now() - seenAt >= linger;
      };
      const exit = await cli(url, args, { as: 'admin', killWhen });
      if (exit.signal === null) expect(exit.code, exit.stderr).toBe(0);
      const partial = sql(
        `SELECT t.id FROM tickets t WHERE
          (t.status = 'closed') <> EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = 'cleaned')
       OR (t.status = 'closed') <> EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.action = 'note' AND e.batch_id IS NOT NULL)`,
      );
      expect(partial).toEqual([]);
      progress.push(closed());
      console.info(`batch close on PostgreSQL: run ${k + 1} ${exit.signal ?? exit.code}, ${progress.at(-1)} of ${TOTAL} closed`);
    }
    // The kills did land midway through the work (else this test would prove nothing).
    expect(
      progress.some((n) => n > 0 && n < TOTAL),
      progress.join(','),
    ).toBe(true);
    await expectAuditClean(url);
    const last = await cli(url, args, { as: 'admin' });
    expect(last.code, last.stderr).toBe(0);
    expect(closed()).toBe(TOTAL);
    expect(sql("SELECT ticket_id FROM events WHERE action IN ('close', 'note') GROUP BY ticket_id, action HAVING count(*) > 1")).toEqual(
      [],
    );
    // Every run resumed the same batch: one batch id on all of it.
    expect(count(sql("SELECT count(DISTINCT batch_id) AS n FROM events WHERE action = 'close'"))).toBe(1);
    await expectAuditClean(url);
  }, 900_000);

  it('import: whole chunks, counted with the run; a re-run after a kill finishes it, each ticket once', async () => {
    const TOTAL = 800;
    const source = join(tmp.dir, 'export-source.db');
    seedFile(source, TOTAL);
    const file = join(tmp.dir, 'export.json');
    const exported = await cli(source, ['export', '--output', file], { as: 'admin' });
    expect(exported.code, exported.stderr).toBe(0);
    const url = server.createDatabase('import');
    const init = await cli(url, ['init', '--admin', 'admin', '--free-clock']);
    expect(init.code, init.stderr).toBe(0);
    const sql = inspector(url);
    const tickets = () => count(sql('SELECT count(*) AS n FROM tickets'));
    const counts: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Killed once tickets are coming in, past a random point of the rest (a fixed moment lands
      // before the first chunk on a loaded machine, where a command's start alone takes seconds).
      const before = tickets();
      const target = before + 1 + Math.floor(random() * ((TOTAL - before) / (KILLS - k + 1)));
      let seenAt = 0;
      const linger = moment(0, 40);
      const killWhen = () => {
        if (!seenAt && tickets() >= target) seenAt = Date.now();
        return seenAt > 0 && Date.now() - seenAt >= linger;
      };
      const exit = await cli(url, ['import', file], { as: 'admin', killWhen });
      const n = tickets();
      counts.push(n);
      // A chunk and the run's count commit together: the record says exactly what is in.
      const run = sql("SELECT done, finished_at AS finished FROM batches WHERE command = 'import'");
      expect(run.length ? Number(run[0]!.done) : 0).toBe(n);
      if (n > 0) await expectAuditClean(url);
      if (run[0]?.finished) {
        expect(n).toBe(TOTAL);
        expect([0, 'SIGKILL']).toContain(exit.signal ?? exit.code);
        break;
      }
    }
    expect(
      counts.some((n) => n > 0 && n < TOTAL),
      counts.join(','),
    ).toBe(true);
    const done = await cli(url, ['import', file], { as: 'admin' });
    expect(tickets()).toBe(TOTAL);
    if (done.code !== 0) expect(done.stderr).toMatch(/exists already/);
    expect(done.stderr).not.toMatch(STACK_TRACE);
    expect(sql('SELECT ticket_id FROM comments GROUP BY ticket_id, body, created_at HAVING count(*) > 1')).toEqual([]);
    await expectAuditClean(url);
    console.info(`import on PostgreSQL: tickets in after each kill: ${counts.join(', ')}`);
  }, 900_000);
});
