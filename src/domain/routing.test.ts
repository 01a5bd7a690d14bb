import { describe, expect, it } from 'vitest';
import { parseRoutingLevels, pickAssignee, type RoutingCandidate } from './routing.js';

const person = (id: number, extra: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  id,
  handle: `u${id}`,
  away: false,
  load: 0,
  lastRoutedAt: null,
  ...extra,
});
const pick = (candidates: RoutingCandidate[], extra: { project?: boolean; previousAssigneeId?: number | null } = {}) =>
  pickAssignee({ candidates, project: extra.project ?? false, previousAssigneeId: extra.previousAssigneeId ?? null });

describe('pickAssignee', () => {
  it('gives the least loaded member', () => {
    expect(pick([person(1, { load: 3 }), person(2, { load: 1 }), person(3, { load: 2 })])).toMatchObject({
      candidate: { id: 2 },
      why: 'least loaded',
    });
  });

  it('goes round among equally loaded members: whoever waited longest first, never-routed before all', () => {
    expect(pick([person(1, { lastRoutedAt: 50 }), person(2, { lastRoutedAt: 10 }), person(3, { lastRoutedAt: 30 })])?.candidate.id).toBe(2);
    expect(pick([person(1, { lastRoutedAt: 50 }), person(2)])?.candidate.id).toBe(2);
  });

  it('spreads a run of tickets evenly', () => {
    const team = [person(1), person(2), person(3)];
    const got: number[] = [];
    for (let t = 1; t <= 9; t++) {
      const chosen = pick(team)!.candidate;
      got.push(chosen.id);
      chosen.load += 1;
      chosen.lastRoutedAt = t;
    }
    expect(got).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('gives nothing to away staff, and nobody when everyone is away', () => {
    expect(pick([person(1, { away: true }), person(2, { load: 9 })])?.candidate.id).toBe(2);
    expect(pick([person(1, { away: true })])).toBeUndefined();
    expect(pick([])).toBeUndefined();
  });

  it('keeps a follow-up with its previous assignee, unless they are away', () => {
    expect(pick([person(1), person(2, { load: 5 })], { previousAssigneeId: 2 })).toMatchObject({
      candidate: { id: 2 },
      why: 'previous assignee',
    });
    expect(pick([person(1), person(2, { away: true })], { previousAssigneeId: 2 })?.candidate.id).toBe(1);
    expect(pick([person(1)], { previousAssigneeId: 7 })?.candidate.id).toBe(1);
  });

  it('gives a project ticket to whoever handled the most tickets of the organization', () => {
    const team = [person(1, { handledForOrg: 2 }), person(2, { handledForOrg: 9, load: 20 }), person(3, { handledForOrg: 9, load: 4 })];
    expect(pick(team, { project: true })).toMatchObject({ candidate: { id: 3 }, why: 'most tickets of the organization' });
    team[2]!.away = true;
    expect(pick(team, { project: true })?.candidate.id).toBe(2);
    expect(pick([person(1, { handledForOrg: 0, load: 2 }), person(2, { handledForOrg: 0 })], { project: true })).toMatchObject({
      candidate: { id: 2 },
      why: 'least loaded',
    });
    expect(pick(team)?.candidate.id).toBe(1);
  });
});

describe('routing.levels', () => {
  it.each([
    ['2,3', [2, 3]],
    ['3 2 2', [2, 3]],
    ['L1', [1]],
    ['all', [1, 2, 3]],
    ['on', [1, 2, 3]],
    ['none', []],
    ['off', []],
  ])('%j → %j', (text, levels) => expect(parseRoutingLevels(text)).toEqual(levels));

  it.each(['4', '2,x', '0'])('refuses %j', (text) => {
    expect(() => parseRoutingLevels(text)).toThrow(/^bad level '.*': list levels 1, 2, 3/);
  });
});
