// `ticketty report agents` (SPEC 8) through the real CLI: per staff member, the open load, solves
// and closes, pickups and resolutions within target and their medians; staff read it, a requester is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';

const tmp = tempDb();
const env = { db: tmp.db, now: '2026-03-02T10:00:00Z' };
const must = (as: string, args: string[]) => {
  const r = runCli(env, args, { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};

beforeAll(() => {
  seedCli(env);
  must('ann', ['ticket', 'create', '--subject', 'VPN', '--text', 'drops']); // #1
  must('sam', ['ticket', 'accept', '1']);
  must('sam', ['ticket', 'solve', '1', '--resolution', 'fixed']);
  must('ann', ['ticket', 'close', '1']);
  must('ann', ['ticket', 'create', '--subject', 'Printer', '--text', 'jams']); // #2
  must('sam', ['ticket', 'accept', '2']);
  must('sam', ['ticket', 'escalate', '2', '--reason', 'driver']);
  must('bob', ['ticket', 'accept', '2']);
  // The admin picks up three tickets 10, 30 and 90 minutes after creation and solves two of them
  // 120 and 180 minutes after: medians 30 and 120 (nearest rank, the lower of two).
  for (const [id, pickup, solve] of [
    ['3', '10:10', ''],
    ['4', '10:30', '12:00'],
    ['5', '11:30', '13:00'],
  ] as const) {
    must('ann', ['ticket', 'create', '--subject', `ticket ${id}`, '--text', 'words']);
    must('admin', ['ticket', 'accept', id, '--now', `2026-03-02T${pickup}:00Z`]);
    if (solve) must('admin', ['ticket', 'solve', id, '--resolution', 'done', '--now', `2026-03-02T${solve}:00Z`]);
  }
});
afterAll(() => tmp.cleanup());

describe('report agents', () => {
  it('gives every staff member their figures, aggregated from the history', () => {
    const report = must('admin', ['report', 'agents', '--json']).json<{ agents: Array<Record<string, unknown>> }>();
    const row = (agent: string) => report.agents.find((r) => r.agent === agent);
    expect(report.agents.map((r) => r.agent)).toEqual(['admin', 'bob', 'eve', 'sam']); // staff only, by handle
    expect(row('sam')).toMatchObject({ open: 0, solved: 1, closed: 0, pickups: 2, pickupMet: 2, pickupBreached: 0, resolutionMet: 1 });
    expect(row('bob')).toMatchObject({ open: 1, solved: 0, closed: 0, pickups: 1, pickupMet: 1, pickupWithinTargetPct: 100 });
    expect(row('eve')).toMatchObject({ open: 0, solved: 0, pickups: 0, pickupWithinTargetPct: null });
    expect(row('admin')).toMatchObject({ open: 1, solved: 2, pickups: 3, pickupMedianMinutes: 30, resolutionMedianMinutes: 120 });
    expect(row('eve')).toMatchObject({ pickupMedianMinutes: null, resolutionMedianMinutes: null });
    // The window is of the actions: nothing happened before 2026-03-01.
    const before = must('admin', ['report', 'agents', '--json', '--until', '2026-03-01']).json<{ agents: Array<{ solved: number }> }>();
    expect(before.agents.every((r) => r.solved === 0)).toBe(true);
    const csv = must('admin', ['report', 'agents', '--format', 'csv']).stdout.split('\n');
    expect(csv[0]).toBe(
      'agent,role,open,solved,closed,pickups,pickupMet,pickupBreached,pickupWithinTargetPct,resolutionMet,resolutionBreached,resolutionWithinTargetPct,pickupMedianMinutes,resolutionMedianMinutes',
    );
    expect(must('admin', ['report', 'agents']).stdout).toMatch(/^AGENT +ROLE +OPEN.* PICKUP MED +RES MED\n/);
  });

  it('is for staff: superusers and agents read every agent, a requester is refused in one line', () => {
    for (const who of ['sam', 'bob', 'eve'])
      expect(must(who, ['report', 'agents', '--json']).json<{ agents: unknown[] }>().agents).toHaveLength(4);
    const r = runCli(env, ['report', 'agents'], { as: 'ann' });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('ticketty: report agents is for staff\n');
  });
});
