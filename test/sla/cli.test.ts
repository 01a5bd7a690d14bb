// SLA through the real CLI with --now: the examples, administration refusals, the report
// against hand-computed figures on a small database, its scope for a requester, and forecast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';

const tmp = tempDb();
const at = (now: string) => ({ db: tmp.db, now });
const FRI_16 = '2026-03-06T16:00:00Z';
const MON_10 = '2026-03-09T10:00:00Z';

function ok(now: string, args: string[], as: string) {
  const r = runCli(at(now), args, { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
}
const create = (now: string, as: string, priority: string, subject = 'Printer') =>
  ok(now, ['--json', 'ticket', 'create', '--subject', subject, '--text', 'It jams', '--priority', priority], as).json().id as number;

let p1: number;
let p3: number;
let late: number;
let gus1: number;

beforeAll(() => {
  seedCli(at(FRI_16));
  p1 = create(FRI_16, 'ann', 'P1'); // Friday 16:00
  p3 = create('2026-03-04T10:00:00Z', 'ann', 'P3'); // Wednesday 10:00
  late = create(FRI_16, 'ann', 'P2', 'VPN');
  gus1 = create(FRI_16, 'gus', 'P1', 'Globex outage');
  // p1 picked up Monday 10:00 (120 business minutes: 1 h Friday + 1 h Monday), solved at 11:00 (180).
  ok(MON_10, ['ticket', 'accept', String(p1)], 'sam');
  ok('2026-03-09T11:00:00Z', ['ticket', 'solve', String(p1), '--resolution', 'Cleared'], 'sam');
  // p3 picked up Friday 12:00: 18 business hours after Wednesday 10:00, over its 16 h target.
  ok('2026-03-06T12:00:00Z', ['ticket', 'accept', String(p3)], 'sam');
  // gus1 (Globex) picked up at once by the admin.
  ok(FRI_16, ['ticket', 'accept', String(gus1)], 'admin');
});
afterAll(() => tmp.cleanup());

describe('SLA clocks through the CLI', () => {
  it('P1 on a Friday at 16:00 is due for pickup Monday 12:00 and for resolution Monday 16:00', () => {
    const sla = ok(FRI_16, ['--json', 'ticket', 'show', String(late)], 'admin').json().sla;
    expect(sla.pickup.dueAt).toBe('2026-03-09T16:00:00.000Z'); // P2: 8 h
    const p1Sla = ok(MON_10, ['--json', 'ticket', 'show', String(p1)], 'admin').json().sla;
    expect(p1Sla.pickup).toMatchObject({ dueAt: '2026-03-09T12:00:00.000Z', state: 'met', elapsedMinutes: 120 });
    expect(p1Sla.resolution).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', state: 'met', elapsedMinutes: 180 });
  });

  it('P3 on a Wednesday at 10:00 is due for pickup Friday 10:00', () => {
    const sla = ok(MON_10, ['--json', 'ticket', 'show', String(p3)], 'admin').json().sla;
    expect(sla.pickup).toMatchObject({ dueAt: '2026-03-06T10:00:00.000Z', state: 'breached', elapsedMinutes: 18 * 60 });
  });

  it('lists the countdown and filters at-risk tickets at under 25% of the target left', () => {
    // VPN (P2 pickup, 480 min) and gus1 (P1 resolution, 480 min) have 120 min left at Monday 14:00.
    const list = ok('2026-03-09T14:00:00Z', ['--json', 'ticket', 'list', '--where', 'sla=at_risk'], 'admin').json();
    expect(list.map((t: any) => t.id)).toEqual([late, gus1]);
    expect(ok('2026-03-09T13:59:00Z', ['--json', 'ticket', 'list', '--where', 'sla=at_risk'], 'admin').json()).toEqual([]);
    expect(list[0].sla).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', leftMinutes: 120, risk: 'at_risk' });
  });
});

describe('ticketty report sla', () => {
  const report = (args: string[], as = 'admin', now = MON_10) => ok(now, ['report', 'sla', ...args], as);

  it('gives per-priority figures computed by hand', () => {
    const groups = report(['--by', 'priority', '--format', 'json']).json().groups;
    expect(groups.map((g: any) => g.group)).toEqual(['P1', 'P2', 'P3']);
    const [P1, P2, P3] = groups;
    // P1: p1 picked up after 120 min (met), gus1 after 0 min (met); p1 resolved in 180 min (met).
    expect(P1).toMatchObject({
      tickets: 2,
      pickup: { measured: 2, met: 2, breached: 0, withinTargetPct: 100, medianMinutes: 0, p90Minutes: 120, withinHourPct: 50 },
      resolution: { measured: 1, met: 1, breached: 0, medianMinutes: 180, p90Minutes: 180 },
      open: { total: 1, running: 1, atRisk: 0, breached: 0 },
    });
    // P2: VPN not picked up yet, 120 of its 480 min used at Monday 10:00.
    expect(P2).toMatchObject({
      tickets: 1,
      pickup: { measured: 0, withinTargetPct: null, medianMinutes: null },
      open: { total: 1, running: 1 },
    });
    // P3: picked up late (1080 min > 960); open, its pickup breached.
    expect(P3).toMatchObject({
      pickup: { measured: 1, met: 0, breached: 1, withinTargetPct: 0, medianMinutes: 1080 },
      open: { total: 1, breached: 1 },
    });
  });

  it('prints an aligned table and a CSV with a header', () => {
    const table = report(['--by', 'org']).stdout.split('\n');
    expect(table[0]).toMatch(/^ORG\s+TICKETS\s+PICKUP MET/);
    expect(table[1]).toMatch(/^ACME\s+3\s+1\s+1\s+50\.0%/);
    const csv = report(['--by', 'org', '--format', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^group,tickets,pickup_measured,pickup_met,pickup_breached,pickup_within_target_pct,/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['ACME', 'Globex']);
  });

  it('limits a requester to their own tickets and a superuser to their organization', () => {
    expect(report(['--format', 'json'], 'gus').json().groups).toMatchObject([{ group: 'all', tickets: 1 }]);
    expect(report(['--format', 'json'], 'sam').json().groups).toMatchObject([{ group: 'all', tickets: 3 }]);
    expect(report(['--format', 'json'], 'admin').json().groups).toMatchObject([{ group: 'all', tickets: 4 }]);
  });

  it('filters by creation window and refuses bad options with one line', () => {
    expect(report(['--since', '2026-03-05', '--format', 'json']).json().groups[0].tickets).toBe(3);
    for (const args of [
      ['--by', 'colour'],
      ['--since', 'yesterday'],
      ['--format', 'xml'],
      ['--since', '2026-03-06', '--until', '2026-03-01'],
    ]) {
      const r = runCli(at(MON_10), ['report', 'sla', ...args], { as: 'admin' });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('reports the backlog by status and level', () => {
    const backlog = ok(MON_10, ['--json', 'report', 'backlog'], 'admin').json();
    expect(backlog.byStatus.find((s: any) => s.status === 'open')).toMatchObject({ levels: { 1: 2, 2: 0, 3: 0 }, total: 2 });
    expect(backlog.byStatus.find((s: any) => s.status === 'new')).toMatchObject({ total: 1 });
  });
});

describe('forecast and administration', () => {
  it('forecasts breaches inside the window, soonest first', () => {
    const items = ok(MON_10, ['--json', 'forecast', '--within', '8h'], 'admin').json().items;
    expect(items.map((i: any) => [i.ticketId, i.kind, i.at])).toEqual([
      [late, 'pickup_breach', '2026-03-09T16:00:00.000Z'],
      [gus1, 'resolution_breach', '2026-03-09T16:00:00.000Z'],
    ]);
    expect(
      ok(MON_10, ['--json', 'forecast', '--within', '8h'], 'ann')
        .json()
        .items.map((i: any) => i.ticketId),
    ).toEqual([late]);
  });

  it('changes plans and calendars as admin only, refusing bad input with one line', () => {
    const refusals: Array<[string[], string, number, RegExp]> = [
      [['calendar', 'set', '--zone', 'Mars/Olympus'], 'admin', 2, /unknown time zone 'Mars\/Olympus'/],
      [['calendar', 'set', '--hours', '09:00-13:00,12:00-17:00'], 'admin', 2, /overlaps/],
      [['calendar', 'holiday', 'add', '2026-02-30'], 'admin', 2, /bad holiday/],
      [['sla', 'set', 'gold', '--pickup', 'P1=soon'], 'admin', 2, /bad SLA target/],
      [['sla', 'set', 'gold', '--pickup', 'P1=1h'], 'bob', 4, /only an admin/],
      [['org', 'set', 'ACME', '--plan', 'nope'], 'admin', 3, /unknown SLA plan 'nope'/],
    ];
    for (const [args, as, code, message] of refusals) {
      const r = runCli(at(MON_10), args, { as });
      expect([r.code, r.stderr.trim().split('\n').length]).toEqual([code, 1]);
      expect(r.stderr).toMatch(message);
    }
    expect(ok(MON_10, ['--json', 'sla', 'show', 'standard'], 'admin').json().targets.P1).toEqual({
      pickupMinutes: 240,
      resolutionMinutes: 480,
    });
  });

  it('applies an organization plan and calendar to new tickets', () => {
    ok(MON_10, ['sla', 'set', 'gold', '--pickup', 'P1=1h', '--resolution', 'P1=2h'], 'admin');
    ok(MON_10, ['calendar', 'set', 'paris', '--zone', 'Europe/Paris', '--hours', '09:00-12:00,14:00-18:00'], 'admin');
    ok(MON_10, ['calendar', 'holiday', 'add', '2026-03-10=Test day', '--calendar', 'paris'], 'admin');
    expect(ok(MON_10, ['org', 'set', 'Globex', '--plan', 'gold', '--calendar', 'paris'], 'admin').stdout).toMatch(
      /plan gold, calendar paris/,
    );
    // Monday 17:30 Paris (16:30 UTC): 30 min left today, Tuesday is a holiday, Wednesday 09:00 +30 min.
    const id = create('2026-03-09T16:30:00Z', 'gus', 'P1', 'After hours');
    const sla = ok('2026-03-09T16:30:00Z', ['--json', 'ticket', 'show', String(id)], 'admin').json().sla;
    expect(sla).toMatchObject({ plan: 'gold', calendar: 'paris', pickup: { targetMinutes: 60, dueAt: '2026-03-11T08:30:00.000Z' } });
  });
});
