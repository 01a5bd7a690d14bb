// The breach rule of SPEC 4 (breached only once business time elapsed exceeds the target) and
// the calendar arithmetic under it, checked against published vectors of public business-time
// libraries as well as our own cases.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR,
  addBusinessMinutes,
  businessMinutesBetween,
  nextBusinessInstant,
  validateCalendar,
  type BusinessCalendar,
} from './calendar.js';
import { DEFAULT_SLA_PLAN, breachInstant, evaluateClock, isBreachedAt } from './sla.js';

const at = (iso: string): Date => new Date(iso);
const ms = (iso: string): number => Date.parse(iso);
const iso = (d: Date | number): string => new Date(d).toISOString();
const cal = DEFAULT_CALENDAR; // Mon–Fri 09:00–17:00 UTC, like business_time's default
const nineToFive = [{ start: '09:00', end: '17:00' }];
const weekdays = (zone: string, holidays: BusinessCalendar['holidays'] = []): BusinessCalendar =>
  validateCalendar({ zone, week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive }, holidays });

describe('published vectors', () => {
  // bokmann/business_time, test/test_business_hours.rb (default day 09:00–17:00, Mon–Fri).
  it.each([
    ['8 business hours from Wed Aug 4 2010 9:35 is Thu 9:35', '2010-08-04T09:35:00Z', 480, '2010-08-05T09:35:00.000Z', []],
    ['1 business hour from Fri Apr 9 2010 4:50 pm is Mon 9:50 (weekend)', '2010-04-09T16:50:00Z', 60, '2010-04-12T09:50:00.000Z', []],
    [
      '1 business hour from Fri Jul 2 2010 4:50 pm with Jul 5 a holiday is Tue 9:50',
      '2010-07-02T16:50:00Z',
      60,
      '2010-07-06T09:50:00.000Z',
      [{ date: '2010-07-05' }],
    ],
    ['3 business hours from Mon Apr 12 2010 9:50 is 12:50', '2010-04-12T09:50:00Z', 180, '2010-04-12T12:50:00.000Z', []],
  ])('business_time: %s', (_name, start, minutes, expected, holidays) => {
    expect(iso(addBusinessMinutes(weekdays('UTC', holidays), at(start), minutes))).toBe(expected);
  });

  // bokmann/business_time, test/test_business_hours.rb: Time.roll_forward.
  it('business_time: roll_forward from 04:30 is 09:00 that day, from 18:00 the next morning', () => {
    expect(iso(nextBusinessInstant(cal, at('2010-04-26T04:30:00Z')))).toBe('2010-04-26T09:00:00.000Z');
    expect(iso(nextBusinessInstant(cal, at('2010-04-26T18:00:00Z')))).toBe('2010-04-27T09:00:00.000Z');
    expect(iso(nextBusinessInstant(cal, at('2010-04-26T10:15:00Z')))).toBe('2010-04-26T10:15:00.000Z');
  });

  // bokmann/business_time, test/test_business_time_until_eastern.rb: 15:00 → 16:00 Eastern is one hour.
  it('business_time: 15:00 to 16:00 on 2014-02-17 in US Eastern is 60 business minutes', () => {
    expect(businessMinutesBetween(weekdays('America/New_York'), at('2014-02-17T20:00:00Z'), at('2014-02-17T21:00:00Z'))).toBe(60);
  });
});

describe('the breach rule (SPEC 4)', () => {
  it('a due time on a closing instant breaches only after the next opening', () => {
    const fridayClose = ms('2026-03-06T17:00:00Z');
    expect(iso(breachInstant(cal, fridayClose))).toBe('2026-03-09T09:00:00.000Z');
    expect(isBreachedAt(cal, fridayClose, ms('2026-03-06T20:00:00Z'))).toBe(false);
    expect(isBreachedAt(cal, fridayClose, ms('2026-03-08T23:59:00Z'))).toBe(false);
    expect(isBreachedAt(cal, fridayClose, ms('2026-03-09T09:00:00Z'))).toBe(false);
    expect(isBreachedAt(cal, fridayClose, ms('2026-03-09T09:00:01Z'))).toBe(true);
  });

  it('a due time inside working hours breaches right after it, not at it', () => {
    const due = ms('2026-03-09T12:00:00Z');
    expect(breachInstant(cal, due)).toBe(due);
    expect(isBreachedAt(cal, due, due)).toBe(false);
    expect(isBreachedAt(cal, due, due + 1)).toBe(true);
    expect(isBreachedAt(cal, null, due + 1)).toBe(false);
  });

  it('a 0-minute target is not breached at creation', () => {
    const created = ms('2026-03-09T10:00:00Z');
    const due = addBusinessMinutes(cal, new Date(created), 0).getTime();
    expect(isBreachedAt(cal, due, created)).toBe(false);
    expect(
      evaluateClock(cal, { startedAt: new Date(created), targetMinutes: 0, pauses: [], stoppedAt: null, now: new Date(created) }).state,
    ).toBe('running');
    // Created on a Saturday: not breached before business time passes on Monday.
    const saturday = ms('2026-03-07T10:00:00Z');
    expect(isBreachedAt(cal, addBusinessMinutes(cal, new Date(saturday), 0).getTime(), ms('2026-03-09T09:00:00Z'))).toBe(false);
  });

  it('P1 created Saturday 10:00, accepted Monday 09:05, solved Monday 17:30: both clocks met', () => {
    const { P1 } = DEFAULT_SLA_PLAN.targets;
    const created = ms('2026-03-07T10:00:00Z');
    const pickupDue = addBusinessMinutes(cal, new Date(created), P1.pickupMinutes as number).getTime();
    const resolutionDue = addBusinessMinutes(cal, new Date(created), P1.resolutionMinutes as number).getTime();
    expect(iso(resolutionDue)).toBe('2026-03-09T17:00:00.000Z');
    expect(isBreachedAt(cal, pickupDue, ms('2026-03-09T09:05:00Z'))).toBe(false);
    expect(isBreachedAt(cal, resolutionDue, ms('2026-03-09T17:30:00Z'))).toBe(false);
    const clock = evaluateClock(cal, {
      startedAt: new Date(created),
      targetMinutes: P1.resolutionMinutes,
      pauses: [],
      stoppedAt: at('2026-03-09T17:30:00Z'),
      now: at('2026-03-09T17:30:00Z'),
    });
    expect(clock).toMatchObject({ state: 'met', elapsedMinutes: 480 });
  });

  it('agrees with evaluateClock on every instant around a closing due time', () => {
    const start = at('2026-03-06T13:00:00Z');
    const due = addBusinessMinutes(cal, start, 240).getTime(); // Friday 17:00
    for (let t = due - 3_600_000; t <= due + 4 * 86_400_000; t += 15 * 60_000) {
      const evaluated =
        evaluateClock(cal, { startedAt: start, targetMinutes: 240, pauses: [], stoppedAt: null, now: new Date(t) }).state === 'breached';
      expect([iso(t), isBreachedAt(cal, due, t)]).toEqual([iso(t), evaluated]);
    }
  });
});

describe('a working-hours bound inside a spring-forward gap moves forward by the gap', () => {
  const sunday = (zone: string, start: string, end: string): BusinessCalendar =>
    validateCalendar({ zone, week: { sun: [{ start, end }] }, holidays: [] });

  it('Europe/Paris, 2026-03-29 (02:00 → 03:00): 02:30–04:00 counts from 03:30', () => {
    const c = sunday('Europe/Paris', '02:30', '04:00');
    expect(iso(nextBusinessInstant(c, at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(businessMinutesBetween(c, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(30);
  });

  it('America/New_York, 2026-03-08 (02:00 → 03:00): 02:15–05:00 counts from 03:15', () => {
    const c = sunday('America/New_York', '02:15', '05:00');
    expect(iso(nextBusinessInstant(c, at('2026-03-07T12:00:00Z')))).toBe('2026-03-08T07:15:00.000Z'); // 03:15 EDT
    expect(businessMinutesBetween(c, at('2026-03-07T12:00:00Z'), at('2026-03-09T12:00:00Z'))).toBe(105);
    expect(iso(addBusinessMinutes(c, at('2026-03-07T12:00:00Z'), 105))).toBe('2026-03-08T09:00:00.000Z');
  });

  it('a bound outside the gap is unaffected, and the other Sundays keep their full hours', () => {
    const c = sunday('Europe/Paris', '01:00', '04:00');
    expect(businessMinutesBetween(c, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(120); // one hour skipped
    expect(businessMinutesBetween(c, at('2026-03-21T00:00:00Z'), at('2026-03-23T00:00:00Z'))).toBe(180);
  });
});
