// Property tests of the business-time arithmetic against its definition and a brute-force model.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  validateCalendar,
  WEEKDAYS,
  type BusinessCalendar,
} from './calendar.js';

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'America/Sao_Paulo'];
const FROM = Date.UTC(2018, 0, 1);
const TO = Date.UTC(2032, 0, 1);

/** Ranges on whole hours (so a brute-force model by quarter hours is exact), sorted, disjoint. */
const dayRanges = fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { maxLength: 4 }).map((hours) => {
  const sorted = [...hours].sort((a, b) => a - b);
  const ranges: Array<{ start: string; end: string }> = [];
  const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;
  for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push({ start: hh(sorted[i] as number), end: hh(sorted[i + 1] as number) });
  return ranges;
});

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    days: fc.array(dayRanges, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: FROM / 86_400_000, max: TO / 86_400_000 }), { maxLength: 40 }),
    split: fc.boolean(),
  })
  .map(({ zone, days, holidays, split }) => {
    const week = Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i] as Array<{ start: string; end: string }>]));
    if (WEEKDAYS.every((d) => week[d]?.length === 0))
      week.wed = split
        ? [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ]
        : [{ start: '09:00', end: '17:00' }];
    return validateCalendar({ zone, week, holidays: holidays.map((d) => ({ date: new Date(d * 86_400_000).toISOString().slice(0, 10) })) });
  });

const instant = fc.integer({ min: FROM, max: TO - 400 * 86_400_000 }).map((ms) => new Date(ms));
const minutes = fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 400_000 }));

/** Is the instant inside working hours? Reads the wall clock with luxon, minute by minute. */
function isWorking(cal: BusinessCalendar, ms: number): boolean {
  const local = DateTime.fromMillis(ms, { zone: cal.zone });
  if (cal.holidays.some((h) => h.date === local.toISODate())) return false;
  const minute = local.hour * 60 + local.minute;
  return cal.week[WEEKDAYS[local.weekday - 1] as (typeof WEEKDAYS)[number]].some((r) => {
    const [sh, sm] = r.start.split(':').map(Number) as [number, number];
    const [eh, em] = r.end.split(':').map(Number) as [number, number];
    return minute >= sh * 60 + sm && minute < eh * 60 + em;
  });
}

const QUARTER = 15 * 60_000;

describe('business time properties', () => {
  it('matches a brute-force wall-clock model (quarter hours, up to 3 weeks)', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: FROM / QUARTER, max: TO / QUARTER - 3000 }),
        fc.integer({ min: 0, max: 2000 }),
        (cal, q, span) => {
          let expected = 0;
          for (let i = 0; i < span; i++) if (isWorking(cal, (q + i) * QUARTER)) expected += 15;
          expect(businessMinutesBetween(cal, new Date(q * QUARTER), new Date((q + span) * QUARTER))).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('adding then measuring gives back the amount', () => {
    fc.assert(
      fc.property(calendarArb, instant, minutes, (cal, start, m) => {
        const end = addBusinessMinutes(cal, start, m);
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessMinutesBetween(cal, start, end)).toBe(m);
      }),
      { numRuns: 300 },
    );
  });

  it('addBusinessMinutes gives the earliest instant: measuring then adding never passes the end', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 200 * 86_400_000 }), (cal, from, span) => {
        const to = new Date(from.getTime() + span);
        const m = businessMinutesBetween(cal, from, to);
        const back = addBusinessMinutes(cal, from, m);
        expect(back.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessMinutesBetween(cal, back, to)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('is additive over adjacent intervals (checks week skipping against day by day)', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instant,
        fc.integer({ min: 0, max: 300 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cal, a, span, cut) => {
          const c = new Date(a.getTime() + span);
          const b = new Date(a.getTime() + Math.floor(span * cut));
          const whole = businessMinutesBetween(cal, a, c);
          const parts = businessMinutesBetween(cal, a, b) + businessMinutesBetween(cal, b, c);
          expect(Math.abs(whole - parts)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotone in the amount, the start and the interval', () => {
    fc.assert(
      fc.property(calendarArb, instant, minutes, minutes, fc.integer({ min: 0, max: 30 * 86_400_000 }), (cal, start, m1, m2, shift) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        const later = new Date(start.getTime() + shift);
        expect(addBusinessMinutes(cal, start, lo).getTime()).toBeLessThanOrEqual(addBusinessMinutes(cal, start, hi).getTime());
        expect(addBusinessMinutes(cal, start, lo).getTime()).toBeLessThanOrEqual(addBusinessMinutes(cal, later, lo).getTime());
        const end = addBusinessMinutes(cal, start, hi);
        expect(businessMinutesBetween(cal, later, end)).toBeLessThanOrEqual(businessMinutesBetween(cal, start, end));
      }),
      { numRuns: 200 },
    );
  });

  it('business days land on a later working day and are monotone', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 1, max: 600 }), (cal, start, n) => {
        const one = addBusinessDays(cal, start, n);
        const more = addBusinessDays(cal, start, n + 1);
        expect(one.getTime()).toBeGreaterThan(start.getTime());
        expect(more.getTime()).toBeGreaterThan(one.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe('performance', () => {
  const paris = validateCalendar({
    zone: 'Europe/Paris',
    week: {
      mon: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      tue: [{ start: '09:00', end: '17:00' }],
      wed: [{ start: '09:00', end: '17:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      fri: [{ start: '09:00', end: '17:00' }],
    },
    holidays: Array.from({ length: 300 }, (_, i) => ({ date: new Date(Date.UTC(2020, 0, 1 + i * 13)).toISOString().slice(0, 10) })),
  });

  it('handles 100k ticket-sized calls quickly', () => {
    const started = performance.now();
    let checksum = 0;
    for (let i = 0; i < 100_000; i++) {
      const start = new Date(Date.UTC(2026, 0, 1) + ((i * 7_919_993) % (365 * 86_400_000)));
      const due = addBusinessMinutes(paris, start, 240 + (i % 5) * 480);
      checksum += businessMinutesBetween(paris, start, new Date(due.getTime() + 86_400_000));
    }
    expect(checksum).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('skips weeks over long spans', () => {
    const started = performance.now();
    const end = addBusinessMinutes(paris, new Date('2000-01-01T00:00:00Z'), 60 * 24 * 365 * 10);
    expect(businessMinutesBetween(paris, new Date('2000-01-01T00:00:00Z'), end)).toBe(60 * 24 * 365 * 10);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
