// PostgreSQL's report rollups (drizzle/pg/0004_report_rollups.sql, store/postgres/repos/slaRollups.ts):
// the same random history, written through the verbs on SQLite and on PostgreSQL (clock moved over
// nights and weekends, so business-time breaches happen), gives the same `report sla` (every
// --by, windows on and off day boundaries) and `report backlog` on both; PostgreSQL's rollups equal
// its full computation from the tickets; `report sla --recompute` rebuilds the same tables; and
// `ticketty copy` fills them. Replay a failure with the seed it prints:
// TICKETTY_SEED=… npx vitest run --config test/vitest.config.ts test/postgres/rollups.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { runCli, tempDb } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { slaReport, recomputeReportRollups, REPORT_DIMENSIONS } from '../../src/app/sla/reportSla.js';
import { backlogReport } from '../../src/app/sla/reportBacklog.js';
import { createContext, FREE_CLOCK_KEY, type AppContext } from '../../src/app/context.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { DomainError } from '../../src/domain/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { postgresStorePort } from '../../src/store/postgres/index.js';
import type { ReportWindow, SlaReportRepo } from '../../src/store/port/index.js';

const SEED = Number(process.env.TICKETTY_SEED ?? 20261206);
const DAY = 86_400_000;

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: PrivatePostgres;
let store: PostgresStore;
let sqliteWorld: TestWorld;
let pgWorld: TestWorld;

/** A TestWorld on the private PostgreSQL: the same app, clock and actors as testWorld's. */
function postgresWorld(url: string, startIso: string): TestWorld {
  store = openPostgresStore(url);
  let now = Date.parse(startIso);
  const app = createContext(postgresStorePort(store), { now: () => new Date(now) });
  app.config.set(FREE_CLOCK_KEY, true);
  return {
    app: app as TestWorld['app'],
    setNow: (iso) => void (now = Date.parse(iso)),
    advance: (minutes) => void (now += minutes * 60_000),
    actor: (handle) => actorFromUser(app.people.userByHandle(handle)!),
    close: () => store.close(),
  };
}

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => {
  sqliteWorld?.close();
  pgWorld?.close();
  server?.stop();
});

const sortRows = <T extends object>(rows: T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function windows(rand: () => number, fromMs: number, toMs: number): Array<Pick<ReportWindow, 'sinceMs' | 'untilMs'>> {
  const at = () => Math.floor(fromMs + rand() * (toMs - fromMs));
  const list: Array<Pick<ReportWindow, 'sinceMs' | 'untilMs'>> = [
    { sinceMs: null, untilMs: null },
    { sinceMs: Math.ceil(fromMs / DAY) * DAY + DAY, untilMs: null },
  ];
  for (let i = 0; i < 3; i++) {
    const [a, b] = [at(), at()].sort((x, y) => x - y);
    list.push({ sinceMs: a!, untilMs: b! + 1 }, { sinceMs: null, untilMs: a! }, { sinceMs: b!, untilMs: null });
  }
  const inDay = at();
  list.push({ sinceMs: inDay, untilMs: inDay + 3_600_000 });
  return list;
}

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

/** Every report a user sees, from an app: report sla for every --by, and report backlog. */
function reports(app: AppContext, world: TestWorld, win: Pick<ReportWindow, 'sinceMs' | 'untilMs'>): unknown[] {
  const admin = world.actor('admin');
  const input = { since: iso(win.sinceMs), until: iso(win.untilMs) };
  return [...[undefined, ...REPORT_DIMENSIONS].map((by) => slaReport(app, admin, { ...input, by })), backlogReport(app, admin, input)];
}

const DAY_SUMS = ['tickets', 'p_stopped', 'p_with_target', 'p_met', 'p_breached', 'p_within_hour']
  .concat(['r_stopped', 'r_with_target', 'r_met', 'r_breached', 'r_within_hour'])
  .map((c) => `sum(${c})::int as ${c}`)
  .join(', ');
/** The rollups as the readers see them: each key's rows summed (the folded one and the appended ones), empty keys left out. */
const rollupTables = (on: PostgresStore = store): unknown[] =>
  [
    `select dim, grp, day, ${DAY_SUMS} from report_days group by 1, 2, 3 having sum(tickets) <> 0 or sum(p_stopped) <> 0`,
    'select dim, clock, day, grp, minutes, sum(n)::int as n from report_minutes group by 1, 2, 3, 4, 5 having sum(n) <> 0',
    'select day, status, level, assignee, sum(n)::int as n from report_backlog group by 1, 2, 3, 4 having sum(n) <> 0',
  ].map((t) => on.query(`${t} order by 1, 2, 3, 4, 5`));
const appendedRows = (on: PostgresStore = store): number =>
  ['report_days', 'report_minutes', 'report_backlog']
    .map((t) => Number(on.query<{ n: string }>(`select count(*) as n from ${t} where slot <> 0`)[0]!.n))
    .reduce((a, b) => a + b);

describe('report rollups on PostgreSQL', () => {
  it(
    `the same random history gives the same reports on SQLite and PostgreSQL, rollups equal to the full computation (seed ${SEED})`,
    {
      timeout: 120_000,
    },
    () => {
      console.info(`postgres report rollups: seed ${SEED} (replay with TICKETTY_SEED=${SEED})`);
      const start = Date.parse('2026-03-02T08:00:00Z');
      sqliteWorld = testWorld(new Date(start).toISOString());
      pgWorld = postgresWorld(server.url, new Date(start).toISOString());
      const worlds = [sqliteWorld, pgWorld];
      for (const world of worlds) seedPeople(world);
      // One random sequence drives both stores: each step's choice is drawn once and played on each.
      const rand = random(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const agents = ['bob', 'bea', 'sam', 'una', 'admin'];
      const acts: Array<(world: TestWorld, id: number, arg: string) => unknown> = [
        (w, id, a) => verbs.acceptTicket(w.app, w.actor(a), id),
        (w, id, a) => verbs.assignTicket(w.app, w.actor('admin'), id, a),
        (w, id) => verbs.escalateTicket(w.app, w.actor('admin'), id, 'needs a specialist'),
        (w, id) => verbs.deescalateTicket(w.app, w.actor('admin'), id, 'back'),
        (w, id) => verbs.solveTicket(w.app, w.actor('admin'), id, 'Fixed'),
        (w, id) => verbs.reopenTicket(w.app, w.actor('admin'), id, 'again'),
        (w, id) => verbs.closeTicket(w.app, w.actor('admin'), id, undefined),
        (w, id, a) => verbs.setPriority(w.app, w.actor('admin'), id, a),
        (w, id, a) => verbs.setType(w.app, w.actor('admin'), id, a),
        (w, id) => verbs.holdTicket(w.app, w.actor('admin'), id, 'waiting on the vendor'),
        (w, id) => verbs.resumeTicket(w.app, w.actor('admin'), id),
        (w, id) => verbs.requestInfo(w.app, w.actor('admin'), id, 'which printer?'),
      ];
      const args = [
        agents,
        ['bob', 'bea', 'eve'],
        [],
        [],
        [],
        [],
        [],
        ['P1', 'P2', 'P3', 'P4'],
        ['question', 'fault', 'project'],
        [],
        [],
        [],
      ];
      const ids: number[] = [];
      let now = start;
      for (let step = 0; step < 140; step++) {
        now += Math.floor(rand() ** 3 * 3 * DAY); // mostly minutes, sometimes days: nights and weekends
        for (const world of worlds) world.setNow(new Date(now).toISOString());
        if (ids.length === 0 || rand() < 0.3) {
          const input = { subject: 'Printer', description: 'It jams', priority: pick(['P1', 'P2', 'P3', 'P4']) };
          const who = pick(['ann', 'abe', 'gus']);
          const made = worlds.map((world) => createTicket(world.app, world.actor(who), input).id);
          expect(made[1]).toBe(made[0]);
          ids.push(made[0]!);
        } else {
          const i = Math.floor(rand() * acts.length);
          const id = pick(ids);
          const arg = args[i]!.length ? pick(args[i]!) : '';
          const outcome = worlds.map((world) => {
            try {
              acts[i]!(world, id, arg);
              return 'done';
            } catch (e) {
              if (!(e instanceof DomainError)) throw e;
              return e.message; // a verb the ticket's state does not allow: nothing written
            }
          });
          expect(outcome[1], `step ${step}`).toBe(outcome[0]);
        }
      }
      const full: SlaReportRepo = store.repos.slaReportFull;
      const [everything] = pgWorld.app.store.read(() => full.groups('all', { sinceMs: null, untilMs: null, nowMs: now, scope: undefined }));
      expect(
        [everything!.pickup?.met, everything!.pickup?.breached, everything!.resolution?.stopped, everything!.open].every((n) => n! > 0),
      ).toBe(true);
      const list = windows(rand, start - DAY, now + DAY);
      for (const win of list) {
        const label = JSON.stringify(win);
        expect(reports(pgWorld.app, pgWorld, win), label).toEqual(reports(sqliteWorld.app, sqliteWorld, win));
        const w: ReportWindow = { ...win, nowMs: now, scope: undefined };
        const rollups = pgWorld.app.slaReport;
        store.read(() => {
          for (const by of ['all', ...REPORT_DIMENSIONS] as const)
            expect(sortRows(rollups.groups(by, w)), `--by ${by} ${label}`).toEqual(sortRows(full.groups(by, w)));
          expect(sortRows(rollups.levelPickups(w)), label).toEqual(sortRows(full.levelPickups(w)));
          expect(sortRows(rollups.backlogByStatusLevel(w)), label).toEqual(sortRows(full.backlogByStatusLevel(w)));
          expect(sortRows(rollups.backlogByAssignee(w)), label).toEqual(sortRows(full.backlogByAssignee(w)));
        });
      }
      const byTriggers = rollupTables();
      expect((byTriggers[0] as unknown[]).length).toBeGreaterThan(0);
      // Each change was appended (no row updated by every writer); a fold keeps the sums.
      expect(appendedRows()).toBeGreaterThan(0);
      const reportsBefore = reports(pgWorld.app, pgWorld, { sinceMs: null, untilMs: null });
      expect(pgWorld.app.store.foldReportRollups!()).toBeGreaterThan(0);
      expect(appendedRows()).toBe(0);
      expect(rollupTables()).toEqual(byTriggers);
      expect(reports(pgWorld.app, pgWorld, { sinceMs: null, untilMs: null })).toEqual(reportsBefore);
      recomputeReportRollups(pgWorld.app, pgWorld.actor('admin'));
      expect(rollupTables()).toEqual(byTriggers);
    },
  );
});

describe('report rollups under concurrent writers on PostgreSQL', () => {
  it(
    'changes to two tickets of one day in overlapping transactions both commit; automate folds what they appended',
    { timeout: 120_000 },
    async () => {
      const url = server.createDatabase('concurrent');
      const env = { db: url, now: '2026-03-04T15:00:00Z' };
      const demo = runCli(env, ['demo', '--tickets', '300', '--seed', '3']);
      expect(demo.code, demo.stderr).toBe(0);
      const check = openPostgresStore(url);
      const [a, b] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
      await Promise.all([a.connect(), b.connect()]);
      try {
        // Two tickets created the same day: a change to either falls on the same rollup keys.
        const [first, second] = check.query<{ ids: number[] }>(
          `select array_agg(id order by id) as ids from tickets group by created_at / 86400000 having count(*) >= 2 order by 1 limit 1`,
        )[0]!.ids as [number, number];
        const flip = `update tickets set priority = case when priority = 'P1' then 'P2' else 'P1' end where id = $1`;
        // A's snapshot is taken before B's change commits; A writes after it (repeatable read: no
        // predicate locks, only the rows both write). One row per key that every change updated
        // made A fail here with 40001, "could not serialize access due to concurrent update".
        await a.query('begin isolation level repeatable read');
        await a.query('select 1');
        await b.query(flip, [second]);
        await a.query(flip, [first]);
        await a.query('commit');
        expect(appendedRows(check)).toBeGreaterThan(0);
        const sums = rollupTables(check);
        const heard = check.dataVersion(); // listening, as a TUI does
        const automate = runCli(env, ['automate'], { as: 'admin' });
        expect(automate.code, automate.stderr).toBe(0);
        expect(appendedRows(check)).toBe(0);
        expect(rollupTables(check)).toEqual(sums);
        const afterFold = check.dataVersion();
        expect(afterFold).not.toBe(heard);
        // Nothing left to fold (and nothing due): no commit, so no TUI is told to read again.
        expect(runCli(env, ['automate'], { as: 'admin' }).code).toBe(0);
        expect(appendedRows(check)).toBe(0);
        expect(check.dataVersion()).toBe(afterFold);
        check.write(() => check.query('select report_rollups_recompute()'));
        expect(rollupTables(check)).toEqual(sums);
      } finally {
        await Promise.all([a.end(), b.end()]);
        check.close();
      }
    },
  );
});

describe('report sla --recompute and copy on PostgreSQL', () => {
  const tmp = tempDb();
  afterAll(() => tmp.cleanup());
  it(
    'copy fills the rollups (same reports as the SQLite file); --recompute rebuilds them for an admin, exit 4 for anyone else',
    { timeout: 180_000 },
    () => {
      const env = { db: tmp.db, now: '2026-03-04T15:00:00Z' };
      const demo = runCli(env, ['demo', '--tickets', '400', '--seed', '7']);
      expect(demo.code, demo.stderr).toBe(0);
      const url = server.createDatabase('copied');
      const copy = runCli(env, ['copy', '--from', tmp.db, '--to', url]);
      expect(copy.code, copy.stderr).toBe(0);
      const pg = { db: url, now: env.now };
      for (const args of [
        ['report', 'sla', '--format', 'json'],
        ['report', 'sla', '--by', 'agent', '--format', 'json'],
        ['report', 'sla', '--by', 'level', '--since', '2026-01-10T12:00:00Z', '--format', 'json'],
        ['report', 'backlog', '--format', 'json'],
      ]) {
        const want = runCli(env, args, { as: 'admin' });
        expect(want.code, want.stderr).toBe(0);
        const got = runCli(pg, args, { as: 'admin' });
        expect(got.code, got.stderr).toBe(0);
        expect(got.json(), args.join(' ')).toEqual(want.json());
      }
      const rebuilt = runCli(pg, ['report', 'sla', '--format', 'json', '--recompute'], { as: 'admin' });
      expect([rebuilt.code, rebuilt.stderr.trim()]).toEqual([0, 'rebuilt the report rollups from the tickets']);
      expect(rebuilt.json()).toEqual(runCli(env, ['report', 'sla', '--format', 'json'], { as: 'admin' }).json());
      const agent = new Database(tmp.db, { readonly: true })
        .prepare("select handle from users where role = 'agent' limit 1")
        .pluck()
        .get() as string;
      const refused = runCli(pg, ['report', 'sla', '--recompute'], { as: agent });
      expect(refused.code).toBe(4);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/only an admin may recompute the report rollups/);
    },
  );
});
