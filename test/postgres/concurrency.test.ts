// Several processes doing random actions through the app layer on one PostgreSQL database (the
// driver and action mix of test/reliability/concurrency.test.ts, which does this on a SQLite file):
// no crash reaches anyone and Busy stays rare, no update is lost (every successful action has its event,
// and no person's event came from nowhere), and `audit verify` finds every ticket matching its events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import type { DriverReport } from '../reliability/concurrencyDriver.js';
import { cli, runScript, seedFile } from '../reliability/helpers.js';

const PROCESSES = Number(process.env.TICKETTY_PG_LOAD_PROCESSES ?? 4);
const ACTIONS = Number(process.env.TICKETTY_PG_LOAD_ACTIONS ?? 150);
// A fixed seed, printed in the suite's name: a failure replays with TICKETTY_LOAD_SEED=N.
const SEED = Number(process.env.TICKETTY_LOAD_SEED ?? 4242);

describe(`concurrency on PostgreSQL: ${PROCESSES} processes × ${ACTIONS} actions (seed ${SEED})`, () => {
  const tmp = tempDb();
  let server: PrivatePostgres;
  let url = '';
  let inspect: PostgresStore;
  const reports: DriverReport[] = [];
  let seedEvents = 0;
  const sql = (text: string, params?: unknown[]) => inspect.query(text, params);

  beforeAll(async () => {
    server = await startPostgres();
    // The cast and 120 tickets, seeded in a file and moved in as a user would (`ticketty copy`).
    const file = join(tmp.dir, 'seed.db');
    seedFile(file, 120);
    url = server.createDatabase('load');
    const copy = await cli(file, ['copy', '--from', file, '--to', url]);
    if (copy.code !== 0) throw new Error(`copy failed: ${copy.stderr}`);
    inspect = openPostgresStore(url, { migrate: false });
    seedEvents = Number(sql('SELECT count(*) AS n FROM events')[0]!.n);
    const exits = await Promise.all(
      Array.from({ length: PROCESSES }, (_, w) =>
        runScript('../reliability/concurrencyDriver.ts', [
          url,
          String(w),
          String(SEED * 31 + w),
          String(ACTIONS),
          join(tmp.dir, `w${w}.json`),
        ]),
      ),
    );
    for (const [w, exit] of exits.entries()) {
      if (exit.code !== 0) throw new Error(`driver ${w} exited ${exit.code ?? exit.signal}: ${exit.stderr}`);
      reports.push(JSON.parse(readFileSync(join(tmp.dir, `w${w}.json`), 'utf8')) as DriverReport);
    }
  }, 600_000);
  afterAll(() => {
    inspect?.close();
    server?.stop();
    tmp.cleanup();
  });

  it('no crash reached any process; a conflict still failing after the retries is Busy (exit 75), and rare', () => {
    expect(reports.flatMap((r) => r.crashes)).toEqual([]);
    // Issue 19: serialization failures are retried (store/postgres/db.ts, for 5 s) "or reported as
    // exit 75": allowed, but not the common case. On 2 cores at a load average near 100, 67 of 600
    // actions ran out of retries; that they wrote nothing is checked below (every event accounted for).
    const busy = reports.flatMap((r) => r.busy);
    if (busy.length) console.info(`concurrency on PostgreSQL: ${busy.length} of ${PROCESSES * ACTIONS} actions Busy: ${busy[0]}`);
    expect(busy.length).toBeLessThan((PROCESSES * ACTIONS) / 4);
  });

  it('did real work: the common kinds of action succeeded', () => {
    const byAction = new Map<string, number>();
    for (const r of reports.flatMap((x) => x.records)) byAction.set(r.a, (byAction.get(r.a) ?? 0) + 1);
    for (const action of ['create', 'accept', 'reply']) {
      expect(byAction.get(action) ?? 0, action).toBeGreaterThan(0);
    }
    // The workflow's later steps need a ticket in the right state under the right person, so each
    // succeeds only a few times in 600 random actions, and how often depends on the processes'
    // interleaving (the seed fixes each process's choices, not their timing): one CI run had no
    // solve at all. Together they always advance tickets.
    const advanced = ['escalate', 'solve', 'close'].map((action) => byAction.get(action) ?? 0);
    expect(
      advanced.reduce((a, b) => a + b, 0),
      `escalate, solve, close: ${advanced.join(', ')}`,
    ).toBeGreaterThan(0);
    expect(reports.reduce((n, r) => n + r.automationRuns, 0)).toBeGreaterThan(0);
  });

  it('every successful action has its event, and no person’s event came from nowhere (no lost update)', () => {
    const records = reports.flatMap((r) => r.records);
    const events = new Set(sql("SELECT ticket_id || ':' || version || ':' || action AS k FROM events").map((e) => String(e.k)));
    expect(records.filter((r) => r.v !== null && !events.has(`${r.t}:${r.v}:${r.a}`))).toEqual([]);
    const personEvents = Number(sql('SELECT count(*) AS n FROM events WHERE actor_id IS NOT NULL')[0]!.n);
    expect(personEvents).toBe(seedEvents + records.length);
  });

  it('audit verify: replaying the events gives every ticket its final state', async () => {
    const verified = await cli(url, ['audit', 'verify', '--json'], { as: 'admin' });
    expect(verified.code, verified.stderr).toBe(0);
    const report = JSON.parse(verified.stdout) as { events: number; drifted: unknown[] };
    expect(report.drifted).toEqual([]);
    expect(report.events).toBeGreaterThan(seedEvents);
  });
});
