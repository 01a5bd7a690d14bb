import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BadInput } from './errors.js';
import { DEFAULT_CALENDAR, businessMinutesBetween, validateCalendar } from './calendar.js';
import { DEFAULT_SLA_PLAN, dueAtAfterPause, evaluateClock, validateSlaPlan, type ClockInput } from './sla.js';

const at = (iso: string): Date => new Date(iso);
const cal = DEFAULT_CALENDAR; // Mon–Fri 09:00–17:00 UTC
const clock = (over: Partial<ClockInput>): ClockInput => ({
  startedAt: at('2026-03-06T16:00:00Z'),
  targetMinutes: 240,
  pauses: [],
  stoppedAt: null,
  now: at('2026-03-06T16:00:00Z'),
  ...over,
});

describe('DEFAULT_SLA_PLAN', () => {
  it('is SPEC 4 standard plan in business minutes', () => {
    expect(DEFAULT_SLA_PLAN.name).toBe('standard');
    expect(DEFAULT_SLA_PLAN.startResolutionAt).toBe('creation');
    expect(DEFAULT_SLA_PLAN.targets).toEqual({
      P1: { pickupMinutes: 240, resolutionMinutes: 480 },
      P2: { pickupMinutes: 480, resolutionMinutes: 960 },
      P3: { pickupMinutes: 960, resolutionMinutes: 4800 },
      P4: { pickupMinutes: 2400, resolutionMinutes: null },
      P5: { pickupMinutes: null, resolutionMinutes: null },
    });
    expect(validateSlaPlan(DEFAULT_SLA_PLAN)).toEqual(DEFAULT_SLA_PLAN);
  });

  it('validates edited plans', () => {
    expect(() => validateSlaPlan({ ...DEFAULT_SLA_PLAN, name: '' })).toThrow(/name/);
    expect(() => validateSlaPlan({ ...DEFAULT_SLA_PLAN, startResolutionAt: 'later' })).toThrow(/startResolutionAt/);
    expect(() => validateSlaPlan({ ...DEFAULT_SLA_PLAN, targets: { ...DEFAULT_SLA_PLAN.targets, P2: undefined } })).toThrow(
      /missing targets for P2/,
    );
    expect(() =>
      validateSlaPlan({
        ...DEFAULT_SLA_PLAN,
        targets: { ...DEFAULT_SLA_PLAN.targets, P1: { pickupMinutes: -5, resolutionMinutes: null } },
      }),
    ).toThrow(BadInput);
    const { startResolutionAt: _omit, ...rest } = DEFAULT_SLA_PLAN;
    expect(validateSlaPlan({ ...rest, startResolutionAt: undefined }).startResolutionAt).toBe('creation');
  });
});

describe('evaluateClock', () => {
  it('SPEC examples: P1 created Friday 16:00, P3 created Wednesday 10:00', () => {
    const { P1, P3 } = DEFAULT_SLA_PLAN.targets;
    const friday = at('2026-03-06T16:00:00Z');
    expect(evaluateClock(cal, clock({ startedAt: friday, targetMinutes: P1.pickupMinutes, now: friday })).dueAt?.toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
    expect(evaluateClock(cal, clock({ startedAt: friday, targetMinutes: P1.resolutionMinutes, now: friday })).dueAt?.toISOString()).toBe(
      '2026-03-09T16:00:00.000Z',
    );
    const wednesday = at('2026-03-04T10:00:00Z');
    expect(evaluateClock(cal, clock({ startedAt: wednesday, targetMinutes: P3.pickupMinutes, now: wednesday })).dueAt?.toISOString()).toBe(
      '2026-03-06T10:00:00.000Z',
    );
  });

  it('runs, is met, breaches', () => {
    expect(evaluateClock(cal, clock({ now: at('2026-03-09T10:00:00Z') }))).toEqual({
      targetMinutes: 240,
      dueAt: at('2026-03-09T12:00:00Z'),
      elapsedMinutes: 120,
      pausedMinutes: 0,
      state: 'running',
      leftMinutes: 120,
    });
    expect(evaluateClock(cal, clock({ stoppedAt: at('2026-03-09T12:00:00Z'), now: at('2026-03-20T00:00:00Z') }))).toMatchObject({
      state: 'met',
      elapsedMinutes: 240,
      leftMinutes: 0,
    });
    expect(evaluateClock(cal, clock({ stoppedAt: at('2026-03-09T12:01:00Z'), now: at('2026-03-20T00:00:00Z') }))).toMatchObject({
      state: 'breached',
      leftMinutes: -1,
    });
    expect(evaluateClock(cal, clock({ now: at('2026-03-09T13:45:00Z') }))).toMatchObject({
      state: 'breached',
      elapsedMinutes: 345,
      leftMinutes: -105,
    });
    // Saturday after a Friday-evening due time: elapsed equals the target, not more.
    expect(evaluateClock(cal, clock({ targetMinutes: 60, now: at('2026-03-07T12:00:00Z') }))).toMatchObject({
      state: 'running',
      leftMinutes: 0,
    });
  });

  it('has no due time without a target', () => {
    expect(evaluateClock(cal, clock({ targetMinutes: null, now: at('2026-03-09T10:00:00Z') }))).toEqual({
      targetMinutes: null,
      dueAt: null,
      elapsedMinutes: 120,
      pausedMinutes: 0,
      state: 'none',
      leftMinutes: null,
    });
  });

  it('pauses shift the due time by the business minutes paused', () => {
    const start = at('2026-03-09T09:00:00Z'); // Monday
    const pending = { from: at('2026-03-09T10:00:00Z'), to: at('2026-03-10T10:00:00Z') };
    const result = evaluateClock(cal, clock({ startedAt: start, targetMinutes: 240, pauses: [pending], now: at('2026-03-10T11:00:00Z') }));
    expect(result).toMatchObject({
      dueAt: at('2026-03-10T13:00:00Z'),
      elapsedMinutes: 120,
      pausedMinutes: 480,
      state: 'running',
      leftMinutes: 120,
    });
    const open = evaluateClock(
      cal,
      clock({ startedAt: start, targetMinutes: 240, pauses: [{ from: pending.from, to: null }], now: at('2026-03-09T15:00:00Z') }),
    );
    expect(open).toMatchObject({ dueAt: at('2026-03-10T10:00:00Z'), state: 'paused', elapsedMinutes: 60, pausedMinutes: 300 });
    // A pause that begins after the due time does not move it.
    const late = evaluateClock(
      cal,
      clock({
        startedAt: start,
        targetMinutes: 60,
        pauses: [{ from: at('2026-03-09T11:00:00Z'), to: null }],
        now: at('2026-03-09T12:00:00Z'),
      }),
    );
    expect(late).toMatchObject({ dueAt: at('2026-03-09T10:00:00Z'), state: 'breached', elapsedMinutes: 120 });
    expect(dueAtAfterPause(cal, at('2026-03-09T13:00:00Z'), pending.from, pending.to).toISOString()).toBe('2026-03-10T13:00:00.000Z');
    expect(dueAtAfterPause(cal, at('2026-03-09T10:00:00Z'), at('2026-03-09T11:00:00Z'), at('2026-03-09T12:00:00Z')).toISOString()).toBe(
      '2026-03-09T10:00:00.000Z',
    );
  });

  it('merges overlapping pauses and ignores pauses outside the clock', () => {
    const start = at('2026-03-09T09:00:00Z');
    const result = evaluateClock(
      cal,
      clock({
        startedAt: start,
        targetMinutes: 480,
        pauses: [
          { from: at('2026-03-09T10:00:00Z'), to: at('2026-03-09T12:00:00Z') },
          { from: at('2026-03-09T11:00:00Z'), to: at('2026-03-09T13:00:00Z') },
          { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-02T00:00:00Z') },
        ],
        stoppedAt: at('2026-03-09T17:00:00Z'),
        now: at('2026-03-12T00:00:00Z'),
      }),
    );
    expect(result).toMatchObject({ pausedMinutes: 180, elapsedMinutes: 300, state: 'met', leftMinutes: 180 });
  });
});

describe('SLA properties', () => {
  const paris = validateCalendar({
    zone: 'Europe/Paris',
    week: {
      mon: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      tue: [{ start: '08:00', end: '18:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      sat: [{ start: '10:00', end: '14:00' }],
    },
    holidays: [{ date: '2026-05-01' }],
  });
  const time = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) });
  const pauses = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * 86_400_000 }), fc.option(fc.integer({ min: 0, max: 5 * 86_400_000 }))), {
    maxLength: 4,
  });
  const input = fc
    .record({
      start: time,
      target: fc.option(fc.integer({ min: 0, max: 5000 })),
      pauses,
      stop: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 })),
      now: fc.integer({ min: 0, max: 30 * 86_400_000 }),
    })
    .map(({ start, target, pauses: raw, stop, now }) => ({
      startedAt: new Date(start),
      targetMinutes: target,
      pauses: raw.map(([from, len]) => ({ from: new Date(start + from), to: len === null ? null : new Date(start + from + len) })),
      stoppedAt: stop === null ? null : new Date(start + stop),
      now: new Date(start + now),
    }));

  it('pauses never shorten a due time', () => {
    fc.assert(
      fc.property(fc.constantFrom(cal, paris), input, (c, clockInput) => {
        const withPauses = evaluateClock(c, clockInput);
        const without = evaluateClock(c, { ...clockInput, pauses: [] });
        if (withPauses.dueAt && without.dueAt) expect(withPauses.dueAt.getTime()).toBeGreaterThanOrEqual(without.dueAt.getTime());
        for (const p of clockInput.pauses) {
          if (!without.dueAt || !p.to) continue;
          expect(dueAtAfterPause(c, without.dueAt, p.from, p.to).getTime()).toBeGreaterThanOrEqual(without.dueAt.getTime());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('elapsed and paused add up, and the state agrees with them', () => {
    fc.assert(
      fc.property(fc.constantFrom(cal, paris), input, (c, clockInput) => {
        const r = evaluateClock(c, clockInput);
        const end = clockInput.stoppedAt ?? clockInput.now;
        const total = businessMinutesBetween(c, clockInput.startedAt, end);
        expect(Math.abs(r.elapsedMinutes + r.pausedMinutes - total)).toBeLessThanOrEqual(2);
        if (r.targetMinutes === null) {
          expect(r.state).toBe('none');
          return;
        }
        expect(r.state === 'breached').toBe((r.leftMinutes as number) < 0);
        if (r.state !== 'breached') expect(r.elapsedMinutes).toBeLessThanOrEqual(r.targetMinutes);
        if (clockInput.stoppedAt && r.state !== 'breached') expect(r.state).toBe('met');
        // Without pauses, the clock is breached exactly when more business time than the target lies before the end.
        if (clockInput.pauses.length === 0) expect(r.state === 'breached').toBe(total > r.targetMinutes);
      }),
      { numRuns: 300 },
    );
  });
});
