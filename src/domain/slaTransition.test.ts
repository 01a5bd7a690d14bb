// The SLA transition against the clock arithmetic of sla.ts, over random ticket histories.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CALENDAR, businessMinutesBetween, nextBusinessInstant } from './calendar.js';
import { DEFAULT_SLA_PLAN, evaluateClock, type SlaPause } from './sla.js';
import { NO_DUE_MS, slaOnCreate, slaTransition, touchesSla, type LevelClock, type SlaTransitionResult } from './slaTransition.js';
import type { Priority } from './types.js';

const cal = DEFAULT_CALENDAR;
const START = Date.parse('2026-03-02T08:00:00Z');

// Moves of a simplified ticket: each is (minutes later, what happens).
type Move = 'pickup' | 'pend' | 'answer' | 'escalate' | 'solve' | 'reopen' | 'close';
const NEXT: Record<string, Move[]> = {
  new: ['pickup', 'escalate', 'pend', 'close'],
  open: ['pend', 'escalate', 'solve', 'close'],
  pending: ['answer', 'escalate', 'solve', 'close'],
  solved: ['reopen', 'close'],
};

interface Sim {
  status: string;
  level: number;
  result: SlaTransitionResult;
  clocks: Map<number, LevelClock>;
  pauses: SlaPause[];
  stoppedAt: number | null;
}

function play(priority: Priority, steps: Array<[number, number]>, check: (before: Sim, after: Sim, now: number) => void): Sim {
  const first = slaOnCreate(DEFAULT_SLA_PLAN, cal, priority, 1, START);
  let sim: Sim = { status: 'new', level: 1, result: first, clocks: new Map([[1, first.levels[0]!]]), pauses: [], stoppedAt: null };
  let now = START;
  for (const [minutes, choice] of steps) {
    const moves = NEXT[sim.status];
    if (!moves || sim.level === 3) break;
    const move = moves[choice % moves.length]!;
    now += minutes * 60_000;
    const after = {
      pickup: { status: 'open', level: sim.level },
      pend: { status: 'pending', level: sim.level },
      answer: { status: 'open', level: sim.level },
      escalate: { status: 'new', level: sim.level + 1 },
      solve: { status: 'solved', level: sim.level },
      reopen: { status: 'open', level: sim.level },
      close: { status: 'closed', level: sim.level },
    }[move];
    const result = slaTransition({
      before: {
        status: sim.status,
        level: sim.level,
        priority,
        createdAt: START,
        solvedAt: sim.status === 'solved' ? sim.stoppedAt : null,
        sla: sim.result.sla,
        levelClock: sim.clocks.get(sim.level) ?? null,
        targetLevelClock: sim.clocks.get(after.level) ?? null,
      },
      after: { ...after, priority },
      pickup: move === 'pickup',
      now,
      plan: DEFAULT_SLA_PLAN,
      calendar: cal,
    });
    const clocks = new Map(sim.clocks);
    for (const c of result.levels) clocks.set(c.level, c);
    const pauses = [...sim.pauses];
    if (sim.status === 'pending' || sim.status === 'solved')
      pauses.push({ from: new Date(sim.status === 'solved' ? sim.stoppedAt! : sim.result.sla.pausedSince!), to: new Date(now) });
    const next: Sim = {
      status: after.status,
      level: after.level,
      result,
      clocks,
      pauses,
      stoppedAt: after.status === 'solved' || (after.status === 'closed' && sim.status !== 'solved') ? now : sim.stoppedAt,
    };
    if (sim.status === 'solved' && after.status === 'closed') next.pauses = sim.pauses;
    check(sim, next, now);
    sim = next;
  }
  return sim;
}

const histories = fc.tuple(
  fc.constantFrom<Priority>('P1', 'P2', 'P3', 'P4', 'P5'),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.nat(10)), { maxLength: 12 }),
);

describe('slaTransition', () => {
  it('uses the largest valid Date as the no-due sentinel', () => expect(NO_DUE_MS).toBe(new Date(8.64e15).getTime()));

  it('only status, level, priority and pickups touch the clocks', () => {
    const side = { status: 'open', level: 1, priority: 'P3' as const };
    expect(touchesSla(side, side, false)).toBe(false);
    expect(touchesSla(side, { ...side, status: 'pending' }, false)).toBe(true);
    expect(touchesSla(side, side, true)).toBe(true);
  });

  it('agrees with evaluateClock on the resolution clock, and pauses never bring a due time forward', () => {
    fc.assert(
      fc.property(histories, ([priority, steps]) => {
        const target = DEFAULT_SLA_PLAN.targets[priority].resolutionMinutes;
        play(priority, steps, (before, after, now) => {
          const sla = after.result.sla;
          // Due times only move later (no priority change here).
          if (before.result.sla.resolutionDueAt !== null)
            expect(sla.resolutionDueAt).toBeGreaterThanOrEqual(before.result.sla.resolutionDueAt);
          expect(sla.slaRiskAt).toBeLessThanOrEqual(sla.slaDueAt);
          const stopped = sla.resolutionMinutes !== null;
          const evaluation = evaluateClock(cal, {
            startedAt: new Date(START),
            targetMinutes: target,
            pauses: after.pauses,
            stoppedAt: stopped ? new Date(after.stoppedAt!) : null,
            now: new Date(now),
          });
          if (stopped) {
            expect(Math.abs(sla.resolutionMinutes! - evaluation.elapsedMinutes)).toBeLessThanOrEqual(after.pauses.length + 1);
            // SPEC 4: breached only once the business time elapsed exceeds the target.
            if (target !== null) expect(sla.resolutionBreached).toBe(evaluation.state === 'breached');
          }
          if (target !== null && evaluation.dueAt && sla.pausedSince === null) expect(sla.resolutionDueAt).toBe(evaluation.dueAt.getTime());
          // The queue's due time is when the earliest running clock breaches.
          const running: number[] = [];
          const current = after.clocks.get(after.level)!;
          if (current.pickedUpAt === null && current.pickupDueAt !== null) running.push(current.pickupDueAt);
          if (!stopped && sla.pausedSince === null && sla.resolutionDueAt !== null) running.push(sla.resolutionDueAt);
          expect(sla.slaDueAt).toBe(running.length ? nextBusinessInstant(cal, new Date(Math.min(...running))).getTime() : NO_DUE_MS);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('stops the first level pickup once, with its business minutes and verdict', () => {
    fc.assert(
      fc.property(histories, ([priority, steps]) => {
        const end = play(priority, steps, () => undefined);
        const sla = end.result.sla;
        const first = end.clocks.get(1)!;
        expect(sla.firstPickupAt).toBe(first.pickedUpAt);
        if (sla.firstPickupAt === null) return;
        expect(sla.pickupMinutes).toBe(Math.floor(businessMinutesBetween(cal, new Date(START), new Date(sla.firstPickupAt))));
        const target = DEFAULT_SLA_PLAN.targets[priority].pickupMinutes;
        expect(sla.pickupBreached).toBe(
          target !== null && businessMinutesBetween(cal, new Date(START), new Date(sla.firstPickupAt)) > target,
        );
        for (const clock of end.clocks.values()) if (clock.level < end.level) expect(clock.pickedUpAt).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
