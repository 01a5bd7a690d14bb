// SIGKILL at random moments during demo generation, a batch close, an import and automate (the real
// bin/ticketty): the file opens, integrity holds, each unit of work is all or nothing, and running
// the command again finishes the work without doing anything twice.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDb } from '../helpers/cli.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket, solveTicket, tagTicket } from '../../src/app/tickets/ticketActions.js';
import { SHOWCASE_FOLLOW_UPS } from '../../src/app/demo/demoShowcase.js';
import { audit, cli, integrity, seedFile, sql, STACK_TRACE, withApp } from './helpers.js';

const KILLS = Number(process.env.TICKETTY_CRASH_KILLS ?? 4);
// A fixed seed, printed in the suite's name: a failure replays with TICKETTY_CRASH_SEED=N.
const SEED = Number(process.env.TICKETTY_CRASH_SEED ?? 1729);
let seed = SEED;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
/** A kill moment between `from` and `to` ms after the spawn (start-up takes a good part of it). */
const moment = (from: number, to: number) => Math.round(from + random() * (to - from));

const tmp = tempDb();
afterAll(() => tmp.cleanup());

function expectSound(db: string): void {
  expect(integrity(db)).toBe('ok');
  expect(audit(db).drifted.map((d) => d.line)).toEqual([]);
}

/** A seeded file with `count` tickets tagged `old`, copied fresh for every scenario. */
function base(name: string, count: number, prepare?: (db: string) => void): string {
  const db = join(tmp.dir, `${name}.db`);
  seedFile(db, 0);
  withApp(
    db,
    (app) => {
      const requesters = ['ann', 'abe', 'gus'].map((h) => actorFromUser(app.people.userByHandle(h)!));
      const admin = actorFromUser(app.people.userByHandle('admin')!);
      // One transaction for the set-up (each use case nests in it): the scenarios are the kills.
      app.store.write(() => {
        for (let i = 0; i < count; i++) {
          // Requesters tag nothing (a staff field): the admin tags what they opened.
          const ticket = createTicket(app, requesters[i % 3]!, { subject: `old ${i}`, description: 'old' });
          tagTicket(app, admin, ticket.id, ['old']);
        }
      });
    },
    '2026-03-02T08:00:00Z',
  );
  prepare?.(db);
  return db;
}

describe(`crashes (seed ${SEED}, ${KILLS} kills each)`, () => {
  it('batch close: each ticket is closed with its note and tag, or untouched; a re-run finishes once', async () => {
    const db = base('batch', 1500);
    const progress: number[] = [];
    const args = ['--json', 'close', '--where', 'tag=old', '--reason', 'duplicate', '--tag', 'cleaned', '--text', 'bulk cleanup', '--yes'];
    const closed = () => sql<{ n: number }>(db, "SELECT count(*) AS n FROM tickets WHERE status = 'closed'")[0]!.n;
    for (let k = 0; k < KILLS; k++) {
      // A close of 1,500 tickets can finish before a kill at a fixed moment lands (a fast machine, a
      // warm cache): kill once it has got past a random point of the work instead, at a random
      // moment within the chunk then under way.
      const before = closed();
      const target = before + 1 + Math.floor(random() * ((1500 - before) / (KILLS - k + 1)));
      let seenAt = 0;
      const linger = moment(0, 40);
      const killWhen = () => {
        if (!seenAt && closed() >= target) seenAt = Date.now();
        return seenAt > 0 && Date.now() - seenAt >= linger;
      };
      const exit = await cli(db, args, { as: 'admin', killWhen });
      if (exit.signal === null) expect(exit.code, exit.stderr).toBe(0);
      expectSound(db);
      // All or nothing per ticket: a closed ticket has the note, the tag and one close; an open one none of them.
      const partial = sql(
        db,
        `SELECT t.id FROM tickets t WHERE
          (t.status = 'closed') <> EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = 'cleaned')
       OR (t.status = 'closed') <> EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.action = 'note' AND e.batch_id IS NOT NULL)`,
      );
      expect(partial).toEqual([]);
      progress.push(closed());
    }
    // The kills did land midway through the work (else this test would prove nothing).
    expect(
      progress.some((n) => n > 0 && n < 1500),
      progress.join(','),
    ).toBe(true);
    const last = await cli(db, args, { as: 'admin' });
    expect(last.code, last.stderr).toBe(0);
    expect(sql(db, "SELECT count(*) AS n FROM tickets WHERE status = 'closed'")).toEqual([{ n: 1500 }]);
    expect(
      sql(db, "SELECT ticket_id FROM events WHERE action IN ('close', 'note') GROUP BY ticket_id, action HAVING count(*) > 1"),
    ).toEqual([]);
    // Every run resumed the same batch: one batch id on all of it.
    expect(sql(db, "SELECT count(DISTINCT batch_id) AS n FROM events WHERE action = 'close'")).toEqual([{ n: 1 }]);
    expectSound(db);
  }, 180_000);

  it('automate: each due ticket closes once, with its event; a re-run does the rest and nothing twice', async () => {
    const db = base('automate', 600, (path) =>
      withApp(
        path,
        (app) => {
          const bob = actorFromUser(app.people.userByHandle('una')!);
          app.store.write(() => {
            for (let id = 1; id <= 600; id++) {
              acceptTicket(app, bob, id);
              solveTicket(app, bob, id, 'done');
            }
          });
        },
        '2026-03-02T09:00:00Z',
      ),
    );
    const later = '2026-03-06T12:00:00Z';
    for (let k = 0; k < KILLS; k++) {
      const exit = await cli(db, ['automate', '--as', 'ticketty'], { now: later, killAfterMs: moment(200, 1500) });
      if (exit.signal === null) expect(exit.code, exit.stderr).toBe(0);
      expectSound(db);
      expect(
        sql(
          db,
          "SELECT id FROM tickets t WHERE (status = 'closed') <> EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.action = 'auto_close')",
        ),
      ).toEqual([]);
    }
    const last = await cli(db, ['automate', '--as', 'ticketty'], { now: later });
    expect(last.code, last.stderr).toBe(0);
    expect(sql(db, "SELECT count(*) AS n FROM tickets WHERE status = 'closed' AND closing_reason = 'resolved'")).toEqual([{ n: 600 }]);
    expect(sql(db, "SELECT ticket_id FROM events WHERE action = 'auto_close' GROUP BY ticket_id HAVING count(*) > 1")).toEqual([]);
    const again = await cli(db, ['automate', '--as', 'ticketty'], { now: later });
    expect(again.stdout + again.stderr).toMatch(/nothing due/);
  }, 180_000);

  it('import: whole chunks, counted with the run; a re-run after a kill finishes it, each ticket once', async () => {
    const source = base('export-source', 2000);
    const file = join(tmp.dir, 'export.json');
    const exported = await cli(source, ['export', '--output', file], { as: 'admin' });
    expect(exported.code, exported.stderr).toBe(0);
    const db = join(tmp.dir, 'import.db');
    const init = await cli(db, ['init', '--admin', 'admin', '--free-clock']);
    expect(init.code, init.stderr).toBe(0);
    for (let k = 0; k < KILLS; k++) {
      const exit = await cli(db, ['import', file], { as: 'admin', killAfterMs: moment(200, 2500) });
      const count = sql<{ n: number }>(db, 'SELECT count(*) AS n FROM tickets')[0]!.n;
      expect(integrity(db)).toBe('ok');
      // A chunk and the run's count commit together: the record says exactly what is in.
      const run = sql<{ done: number; finished: number | null }>(
        db,
        "SELECT done, finished_at AS finished FROM batches WHERE command = 'import'",
      );
      expect(run.length ? run[0]!.done : 0).toBe(count);
      if (run[0]?.finished) {
        expect(count).toBe(2000);
        expect([0, 'SIGKILL']).toContain(exit.signal ?? exit.code);
        break;
      }
    }
    const done = await cli(db, ['import', file], { as: 'admin' });
    const count = sql<{ n: number }>(db, 'SELECT count(*) AS n FROM tickets')[0]!.n;
    expect(count).toBe(2000);
    // A second import of the finished file is refused whole, not doubled.
    if (done.code !== 0) expect(done.stderr).toMatch(/exists already/);
    expect(done.stderr).not.toMatch(STACK_TRACE);
    expect(sql(db, 'SELECT ticket_id FROM comments GROUP BY ticket_id, body, created_at HAVING count(*) > 1')).toEqual([]);
    expectSound(db);
  }, 180_000);

  describe('demo generation', () => {
    it('a killed run leaves whole chunks of consistent tickets; demo refuses to mix into them, a fresh file finishes', async () => {
      for (let k = 0; k < KILLS; k++) {
        const path = join(tmp.dir, `demo-${k}.db`);
        const exit = await cli(path, ['demo', '--tickets', '8000', '--seed', '3'], { killAfterMs: moment(300, 3000) });
        const tickets = sql<{ n: number }>(path, 'SELECT count(*) AS n FROM tickets')[0]!.n;
        expect(integrity(path)).toBe('ok');
        // Chunks of 5,000 tickets commit whole; the showcase's follow-ups (the last 2) come one by one.
        expect(tickets % 5000 === 0 || (tickets >= 8000 - SHOWCASE_FOLLOW_UPS && tickets <= 8000), `${tickets} tickets`).toBe(true);
        if (tickets > 0) expect(audit(path).drifted.map((d) => d.line)).toEqual([]);
        if (exit.signal !== null && tickets > 0) {
          const rerun = await cli(path, ['demo', '--tickets', '8000', '--seed', '3']);
          expect([rerun.code, rerun.stderr]).toEqual([
            2,
            // Killed before its showcase ended: the half-built demo is named as such (issue 21).
            expect.stringMatching(/already has \d+ tickets; demo fills an empty database only|holds a demo that was interrupted/),
          ]);
        }
      }
      const fresh = join(tmp.dir, 'demo-fresh.db');
      const full = await cli(fresh, ['demo', '--tickets', '8000', '--seed', '3']);
      expect(full.code, full.stderr).toBe(0);
      expect(sql(fresh, 'SELECT count(*) AS n FROM tickets')).toEqual([{ n: 8000 }]);
    }, 180_000);
  });
});
