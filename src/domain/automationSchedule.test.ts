import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CALENDAR } from './calendar.js';
import { addDuration, DURATION_UNITS, type Duration } from './duration.js';
import { compilePolicy, DEFAULT_POLICY_TEXT, INACTIVE_POLICY_TEXT } from './automationPolicy.js';
import { candidateCutoff, dueSteps, minimumRealMs, nextStep, scheduleFor } from './automationSchedule.js';

const ms = (iso: string) => new Date(iso).getTime();
const iso = (t: number) => new Date(t).toISOString();
const H = 3_600_000;
const cal = DEFAULT_CALENDAR;
const defaults = compilePolicy(DEFAULT_POLICY_TEXT);
const inactive = compilePolicy(INACTIVE_POLICY_TEXT);
const pendingSince = { status: 'pending', statusSince: ms('2026-03-02T10:00:00Z') };
const ids = (steps: Array<{ step: { id: string } }>) => steps.map((s) => s.step.id);

describe('the default pending timeline', () => {
  const at = (hours: number, fired: string[] = []) =>
    dueSteps(defaults, pendingSince, new Set(fired), pendingSince.statusSince + hours * H, cal);

  it('has nothing due at 23 h', () => expect(at(23)).toEqual([]));
  it('reminds at exactly 24 h', () => expect(ids(at(24))).toEqual(['pending.1']));
  it('has nothing more once the first reminder fired, until 5 d', () => expect(at(5 * 24 - 1, ['pending.1'])).toEqual([]));
  it('reminds again at 5 d', () => expect(ids(at(5 * 24, ['pending.1']))).toEqual(['pending.2']));
  it('tags and closes at 7 d', () => {
    const [step] = at(7 * 24, ['pending.1', 'pending.2']);
    expect(step?.step).toMatchObject({ id: 'pending.3', tags: ['no-response'], close: 'no_response' });
    expect(step?.dueAt).toBe(ms('2026-03-09T10:00:00Z'));
  });
  it('has nothing left after the last step', () => expect(at(30 * 24, ['pending.1', 'pending.2', 'pending.3'])).toEqual([]));

  it('marks overdue reminders superseded when a later step is due too', () => {
    expect(at(7 * 24).map((d) => [d.step.id, d.superseded])).toEqual([
      ['pending.1', true],
      ['pending.2', true],
      ['pending.3', false],
    ]);
    expect(at(6 * 24).map((d) => [d.step.id, d.superseded])).toEqual([
      ['pending.1', true],
      ['pending.2', false],
    ]);
  });

  it('has no rules for statuses without steps', () => {
    expect(dueSteps(defaults, { status: 'open', statusSince: 0 }, new Set(), ms('2030-01-01'), cal)).toEqual([]);
    expect(candidateCutoff(defaults, 'open', 0)).toBeNull();
  });

  it('closes a solved ticket 24 h after it was solved', () => {
    const solved = { status: 'solved', statusSince: ms('2026-03-06T16:00:00Z') };
    expect(dueSteps(defaults, solved, new Set(), ms('2026-03-07T15:59:59Z'), cal)).toEqual([]);
    expect(ids(dueSteps(defaults, solved, new Set(), ms('2026-03-07T16:00:00Z'), cal))).toEqual(['solved.1']);
  });
});

describe('the inactive policy in business days', () => {
  it('chains 2 bd after each step, skipping the weekend', () => {
    // Pending since Monday 2026-02-02 14:30: 30 d later is Wednesday 2026-03-04 14:30.
    const stay = { status: 'pending', statusSince: ms('2026-02-02T14:30:00Z') };
    expect(scheduleFor(inactive, stay, cal).map((s) => [s.step.id, iso(s.dueAt)])).toEqual([
      ['pending.1', '2026-03-04T14:30:00.000Z'],
      ['pending.2', '2026-03-06T14:30:00.000Z'], // Friday
      ['pending.3', '2026-03-10T14:30:00.000Z'], // Tuesday: Saturday and Sunday do not count
    ]);
  });

  it('counts from the next opening when the first reminder lands on a weekend', () => {
    // 30 d after Thursday 2026-02-05 10:00 is Saturday 2026-03-07 10:00.
    const stay = { status: 'pending', statusSince: ms('2026-02-05T10:00:00Z') };
    const [first, second, third] = scheduleFor(inactive, stay, cal);
    expect(iso(first!.dueAt)).toBe('2026-03-07T10:00:00.000Z');
    expect(iso(second!.dueAt)).toBe(iso(addDuration(cal, new Date(first!.dueAt), { amount: 2, unit: 'bd' }).getTime()));
    expect(new Date(second!.dueAt).getUTCDay()).toBe(3); // Wednesday
    expect(new Date(third!.dueAt).getUTCDay()).toBe(5); // Friday
  });
});

describe('scheduling', () => {
  it('never puts a later step before an earlier one', () => {
    const policy = compilePolicy({
      pending: [
        { after: '2bd', do: ['remind'] },
        { after: '24h', do: ['close stale'] },
      ],
    });
    const [a, b] = scheduleFor(policy, { status: 'pending', statusSince: ms('2026-03-06T10:00:00Z') }, cal);
    expect(b!.dueAt).toBe(a!.dueAt);
  });

  it('gives the next step to fire, due or not', () => {
    expect(nextStep(defaults, pendingSince, new Set(['pending.1']), cal)?.step.id).toBe('pending.2');
    expect(nextStep(defaults, pendingSince, new Set(['pending.1', 'pending.2', 'pending.3']), cal)).toBeUndefined();
  });

  it('selects candidates with a cutoff that never misses a due ticket', () => {
    const unit = fc.constantFrom(...DURATION_UNITS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), unit, fc.integer({ min: 0, max: 60 * 24 * 400 }), (amount, u, startMinutes) => {
        const d: Duration = { amount, unit: u };
        const start = ms('2026-01-01T00:00:00Z') + startMinutes * 60_000;
        const due = addDuration(cal, new Date(start), d).getTime();
        expect(due - start).toBeGreaterThanOrEqual(minimumRealMs(d));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts candidates by the first step', () => {
    expect(candidateCutoff(defaults, 'pending', ms('2026-03-03T10:00:00Z'))).toBe(ms('2026-03-02T10:00:00Z'));
    expect(candidateCutoff(inactive, 'pending', 0)).toBe(-30 * 24 * H);
  });
});
