// The report rollups (migration 0010, store/sqlite/repos/slaRollups.ts) against the full
// computation from the tickets table (createFullSlaReportRepo), on random histories written
// through the verbs (clock moved over nights and weekends, so business-time breaches happen) and
// on a generated demo (its bulk writes): every dimension, windows on and off day boundaries, and
// the backlog. The triggers' tables also equal a rebuild (`report sla --recompute`). Replay a
// failure with the seed it prints: TICKETTY_SEED=… npx vitest run --config test/vitest.config.ts test/sla/rollups.test.ts
import { afterEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { backlogReport } from '../../src/app/sla/reportBacklog.js';
import { recomputeReportRollups } from '../../src/app/sla/reportSla.js';
import { generateDemo } from '../../src/app/demo/demo.js';
import { initDatabase } from '../../src/app/settings/init.js';
import { DomainError } from '../../src/domain/errors.js';
import { REPORT_DIMENSIONS, type ReportWindow, type SlaReportRepo } from '../../src/store/port/index.js';
import { createFullSlaReportRepo } from '../../src/store/sqlite/repos/slaReport.js';

const SEED = Number(process.env.TICKETTY_SEED ?? 20261206);
const DAY = 86_400_000;

/** mulberry32: a small seeded generator, so a failing history replays exactly. */
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

let w: TestWorld | undefined;
afterEach(() => w?.close());

const sortRows = <T extends object>(rows: T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Every figure of both implementations, for every dimension and window. */
function compareAll(world: TestWorld, windows: Array<Pick<ReportWindow, 'sinceMs' | 'untilMs'>>, nowMs: number): void {
  const full: SlaReportRepo = createFullSlaReportRepo(world.app.store.db);
  const rollups: SlaReportRepo = world.app.slaReport;
  for (const win of windows) {
    const rw: ReportWindow = { ...win, nowMs, scope: undefined };
    for (const by of ['all', ...REPORT_DIMENSIONS] as const) {
      expect(sortRows(rollups.groups(by, rw)), `--by ${by} ${JSON.stringify(win)}`).toEqual(sortRows(full.groups(by, rw)));
    }
    expect(sortRows(rollups.levelPickups(rw)), `level pickups ${JSON.stringify(win)}`).toEqual(sortRows(full.levelPickups(rw)));
    expect(sortRows(rollups.backlogByStatusLevel(rw)), `backlog ${JSON.stringify(win)}`).toEqual(sortRows(full.backlogByStatusLevel(rw)));
    expect(sortRows(rollups.backlogByAssignee(rw)), `assignees ${JSON.stringify(win)}`).toEqual(sortRows(full.backlogByAssignee(rw)));
  }
}

function rollupTables(world: TestWorld): unknown[] {
  const sqlite = world.app.store.sqlite;
  return ['report_days where tickets <> 0 or p_stopped <> 0', 'report_minutes where n <> 0', 'report_backlog where n <> 0'].map((t) =>
    sqlite.prepare(`select * from ${t} order by 1, 2, 3, 4, 5`).all(),
  );
}

/** Random windows: open-ended, whole days, and instants inside days. */
function windows(rand: () => number, fromMs: number, toMs: number): Array<Pick<ReportWindow, 'sinceMs' | 'untilMs'>> {
  const at = () => Math.floor(fromMs + rand() * (toMs - fromMs));
  const list: Array<Pick<ReportWindow, 'sinceMs' | 'untilMs'>> = [
    { sinceMs: null, untilMs: null },
    { sinceMs: Math.ceil(fromMs / DAY) * DAY + DAY, untilMs: null },
  ];
  for (let i = 0; i < 4; i++) {
    const [a, b] = [at(), at()].sort((x, y) => x - y);
    list.push({ sinceMs: a!, untilMs: b! + 1 }, { sinceMs: null, untilMs: a! }, { sinceMs: b!, untilMs: null });
  }
  const inDay = at();
  list.push({ sinceMs: inDay, untilMs: inDay + 3_600_000 });
  return list;
}

describe('report rollups equal the full computation', () => {
  it(`on random histories through the verbs (seed ${SEED})`, () => {
    console.info(`report rollups: seed ${SEED} (replay with TICKETTY_SEED=${SEED})`);
    const rand = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const start = Date.parse('2026-03-02T08:00:00Z');
    w = testWorld(new Date(start).toISOString());
    const world = w;
    seedPeople(world);
    const ids: number[] = [];
    const agents = ['bob', 'bea', 'sam', 'una', 'admin'];
    const act: Array<(id: number) => unknown> = [
      (id) => verbs.acceptTicket(world.app, world.actor(pick(agents)), id),
      (id) => verbs.assignTicket(world.app, world.actor('admin'), id, pick(['bob', 'bea', 'eve'])),
      (id) => verbs.escalateTicket(world.app, world.actor('admin'), id, 'needs a specialist'),
      (id) => verbs.deescalateTicket(world.app, world.actor('admin'), id, 'back'),
      (id) => verbs.solveTicket(world.app, world.actor('admin'), id, 'Fixed'),
      (id) => verbs.reopenTicket(world.app, world.actor('admin'), id, 'again'),
      (id) => verbs.closeTicket(world.app, world.actor('admin'), id, undefined),
      (id) => verbs.setPriority(world.app, world.actor('admin'), id, pick(['P1', 'P2', 'P3', 'P4'])),
      (id) => verbs.setType(world.app, world.actor('admin'), id, pick(['question', 'fault', 'project'])),
      (id) => verbs.holdTicket(world.app, world.actor('admin'), id, 'waiting on the vendor'),
      (id) => verbs.resumeTicket(world.app, world.actor('admin'), id),
      (id) => verbs.requestInfo(world.app, world.actor('admin'), id, 'which printer?'),
    ];
    let now = start;
    let refused = 0;
    for (let step = 0; step < 160; step++) {
      now += Math.floor(rand() ** 3 * 3 * DAY); // mostly minutes, sometimes days: nights and weekends
      world.setNow(new Date(now).toISOString());
      if (ids.length === 0 || rand() < 0.3) {
        const who = pick(['ann', 'abe', 'gus']);
        ids.push(
          createTicket(world.app, world.actor(who), {
            subject: 'Printer',
            description: 'It jams',
            priority: pick(['P1', 'P2', 'P3', 'P4']),
          }).id,
        );
      } else {
        try {
          pick(act)(pick(ids));
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          refused++; // a verb the ticket's state does not allow: nothing written
        }
      }
    }
    expect(refused).toBeLessThan(160);
    // The history has what the figures count: met and breached clocks of both kinds, open tickets.
    const [everything] = createFullSlaReportRepo(world.app.store.db).groups('all', {
      sinceMs: null,
      untilMs: null,
      nowMs: now,
      scope: undefined,
    });
    expect(everything!.pickup).toMatchObject({ met: expect.any(Number), breached: expect.any(Number) });
    expect(
      [everything!.pickup!.met, everything!.pickup!.breached, everything!.resolution!.stopped, everything!.open].every((n) => n > 0),
    ).toBe(true);
    const triggers = rollupTables(world);
    compareAll(world, windows(rand, start - DAY, now + DAY), now);
    recomputeReportRollups(world.app, world.actor('admin'));
    expect(rollupTables(world)).toEqual(triggers);
    expect(() => recomputeReportRollups(world.app, world.actor('bob'))).toThrow(/only an admin/);
  });

  it('on a generated demo (its bulk writes)', () => {
    w = testWorld('2026-03-04T15:00:00Z');
    const world = w;
    initDatabase(world.app, 'admin');
    generateDemo(world.app, { tickets: 1_500, seed: SEED % 1000 });
    const nowMs = Date.parse('2026-03-04T15:00:00Z');
    compareAll(world, windows(random(SEED), nowMs - 200 * DAY, nowMs), nowMs);
    const backlog = backlogReport(world.app, world.actor('admin'));
    expect(backlog.total).toBeGreaterThan(0);
  });
});

describe('report sla --recompute', () => {
  const tmp = tempDb();
  it('rebuilds for an admin (same report after), refuses anyone else in one line (exit 4)', () => {
    const env = { db: tmp.db, now: '2026-03-04T10:00:00Z' };
    seedCli(env);
    runCli(env, ['ticket', 'create', '--subject', 'VPN', '--text', 'down', '--priority', 'P2'], { as: 'ann' });
    const before = runCli(env, ['report', 'sla', '--format', 'json'], { as: 'admin' });
    const rebuilt = runCli(env, ['report', 'sla', '--format', 'json', '--recompute'], { as: 'admin' });
    expect([rebuilt.code, rebuilt.stderr.trim()]).toEqual([0, 'rebuilt the report rollups from the tickets']);
    expect(rebuilt.json()).toEqual(before.json());
    expect(rebuilt.json().groups[0]).toMatchObject({ group: 'all', tickets: 1 });
    const refused = runCli(env, ['report', 'sla', '--recompute'], { as: 'bob' });
    expect(refused.code).toBe(4);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/only an admin may recompute the report rollups/);
    tmp.cleanup();
  });
});
