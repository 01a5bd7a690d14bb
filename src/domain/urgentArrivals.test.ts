import { describe, expect, it } from 'vitest';
import { arrivalNotice, ringsFor, urgentArrivals, type UrgentState } from './urgentArrivals.js';

const t = (id: number, priority: string, breached = false): UrgentState => ({ id, subject: `T${id}`, priority, breached });
const map = (...rows: UrgentState[]) => new Map(rows.map((r) => [r.id, r]));

describe('urgentArrivals', () => {
  it('takes the first reading as the baseline', () => {
    expect(urgentArrivals(null, [t(1, 'P1', true)])).toEqual([]);
  });

  it('reports new P1/P2 tickets, raises to P1 and new breaches, and nothing already known', () => {
    const before = map(t(1, 'P1'), t(2, 'P2'), t(3, 'P3', true), t(4, 'P2'));
    const now = [t(1, 'P1'), t(2, 'P1'), t(3, 'P3', true), t(4, 'P2', true), t(5, 'P2'), t(6, 'P4', true), t(7, 'P3')];
    expect(urgentArrivals(before, now).map((a) => [a.id, a.urgent, a.breach])).toEqual([
      [2, true, false],
      [4, false, true],
      [5, true, false],
      [6, false, true],
    ]);
  });
});

describe('ringsFor', () => {
  const p1 = urgentArrivals(map(), [t(1, 'P1')]);
  const p2 = urgentArrivals(map(), [t(2, 'P2')]);
  const breach = urgentArrivals(map(t(3, 'P3')), [t(3, 'P3', true)]);
  it.each([
    ['off', [false, false, false]],
    ['p1', [true, false, false]],
    ['p1p2', [true, true, false]],
    ['breach', [true, true, true]],
  ] as const)('%s', (setting, expected) => {
    expect([p1, p2, breach].map((a) => ringsFor(setting, a))).toEqual(expected);
    expect(ringsFor(setting, [])).toBe(false);
  });
});

describe('arrivalNotice', () => {
  it('names the first two and counts the rest', () => {
    const arrivals = urgentArrivals(map(t(3, 'P3')), [t(1, 'P1'), t(3, 'P3', true), t(5, 'P2')]);
    expect(arrivalNotice(arrivals)).toBe('in your queues: P1 #1 T1 · breach #3 T3 (+1 more)');
  });
});
