import { describe, expect, it } from 'vitest';
import { BadInput } from './errors.js';
import {
  DEFAULT_CALENDAR,
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  parseHolidayParam,
  parseTimeRanges,
  validateCalendar,
  type BusinessCalendar,
} from './calendar.js';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();
const nineToFive = [{ start: '09:00', end: '17:00' }];
const weekdays = (
  ranges: Array<{ start: string; end: string }>,
  zone = 'UTC',
  holidays: BusinessCalendar['holidays'] = [],
): BusinessCalendar => validateCalendar({ zone, week: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges }, holidays });

describe('validateCalendar', () => {
  it('accepts the default calendar and normalizes holidays', () => {
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual(DEFAULT_CALENDAR);
    const cal = validateCalendar({
      ...DEFAULT_CALENDAR,
      holidays: [{ date: '2026-12-25', name: 'Xmas' }, { date: '2026-01-01' }, { date: '2026-12-25', name: 'dup' }],
    });
    expect(cal.holidays).toEqual([{ date: '2026-01-01' }, { date: '2026-12-25', name: 'Xmas' }]);
  });

  it.each([
    [{ ...DEFAULT_CALENDAR, zone: 'Mars/Olympus' }, /unknown time zone 'Mars\/Olympus'/],
    [{ ...DEFAULT_CALENDAR, week: { mon: [{ start: '9:00', end: '17:00' }] } }, /calendar mon range 1: bad start time/],
    [{ ...DEFAULT_CALENDAR, week: { tue: [{ start: '09:00', end: '24:30' }] } }, /calendar tue range 1: bad end time/],
    [{ ...DEFAULT_CALENDAR, week: { wed: [{ start: '17:00', end: '09:00' }] } }, /end 09:00 is not after start 17:00/],
    [
      {
        ...DEFAULT_CALENDAR,
        week: {
          thu: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
      },
      /thu range 2: 12:00–17:00 overlaps/,
    ],
    [
      {
        ...DEFAULT_CALENDAR,
        week: {
          fri: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
      },
      /fri range 2.*overlaps or comes before/,
    ],
    [{ ...DEFAULT_CALENDAR, week: { funday: [] } }, /unknown weekday 'funday'/],
    [{ ...DEFAULT_CALENDAR, week: { sat: [], sun: [] } }, /no working hours on any weekday/],
    [{ ...DEFAULT_CALENDAR, holidays: [{ date: '2026-02-30' }] }, /holiday 1: bad date "2026-02-30"/],
    ['UTC', /expected an object/],
  ])('refuses %j', (input, message) => {
    expect(() => validateCalendar(input)).toThrow(BadInput);
    expect(() => validateCalendar(input)).toThrow(message);
  });

  it('allows touching ranges and 24:00', () => {
    expect(() =>
      weekdays([
        { start: '00:00', end: '12:00' },
        { start: '12:00', end: '24:00' },
      ]),
    ).not.toThrow();
  });
});

describe('CLI parsers', () => {
  it('parses time ranges', () => {
    expect(parseTimeRanges('09:00-12:00,13:00-17:00')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(parseTimeRanges(' 8:30 - 12:00 ')).toEqual([{ start: '08:30', end: '12:00' }]);
    expect(parseTimeRanges('off')).toEqual([]);
    expect(() => parseTimeRanges('9-5')).toThrow(/bad time range '9-5'/);
    expect(() => parseTimeRanges('13:00-17:00,09:00-12:00')).toThrow(BadInput);
  });

  it('parses holidays, names and ranges', () => {
    expect(parseHolidayParam('2026-12-25=Christmas,2026-01-01')).toEqual([
      { date: '2026-12-25', name: 'Christmas' },
      { date: '2026-01-01' },
    ]);
    expect(parseHolidayParam('2026-12-24..2026-12-26=Break').map((h) => h.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
    expect(() => parseHolidayParam('25/12/2026')).toThrow(/bad holiday '25\/12\/2026'/);
    expect(() => parseHolidayParam('2026-12-26..2026-12-24')).toThrow(BadInput);
    expect(() => parseHolidayParam('')).toThrow(BadInput);
  });
});

describe('business minutes in Mon–Fri 09:00–17:00 UTC', () => {
  const cal = DEFAULT_CALENDAR;
  // 2026-03-06 is a Friday.
  it('adds across a weekend', () => {
    expect(iso(addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), 240))).toBe('2026-03-09T12:00:00.000Z');
    expect(iso(addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), 480))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(addBusinessMinutes(cal, at('2026-03-04T10:00:00Z'), 960))).toBe('2026-03-06T10:00:00.000Z');
  });

  it('ends at the closing time rather than the next opening', () => {
    expect(iso(addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), 60))).toBe('2026-03-06T17:00:00.000Z');
  });

  it('starts counting at the next opening from outside hours', () => {
    expect(iso(addBusinessMinutes(cal, at('2026-03-07T11:00:00Z'), 30))).toBe('2026-03-09T09:30:00.000Z');
    expect(iso(addBusinessMinutes(cal, at('2026-03-09T06:00:00Z'), 30))).toBe('2026-03-09T09:30:00.000Z');
    expect(iso(addBusinessMinutes(cal, at('2026-03-09T06:00:00Z'), 0))).toBe('2026-03-09T06:00:00.000Z');
  });

  it('measures', () => {
    expect(businessMinutesBetween(cal, at('2026-03-06T16:00:00Z'), at('2026-03-09T12:00:00Z'))).toBe(240);
    expect(businessMinutesBetween(cal, at('2026-03-07T00:00:00Z'), at('2026-03-08T23:59:00Z'))).toBe(0);
    expect(businessMinutesBetween(cal, at('2026-03-09T12:00:00Z'), at('2026-03-06T16:00:00Z'))).toBe(0);
    expect(businessMinutesBetween(cal, at('2026-03-09T09:00:30Z'), at('2026-03-09T09:01:00Z'))).toBe(0.5);
    // 2026 has 261 weekdays.
    expect(businessMinutesBetween(cal, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(261 * 480);
  });

  it('refuses bad input', () => {
    expect(() => addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), -1)).toThrow(BadInput);
    expect(() => addBusinessMinutes(cal, at('nope'), 1)).toThrow(BadInput);
    expect(() => addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), 1e12)).toThrow(/supported years/);
    expect(() => businessMinutesBetween({ ...cal, zone: 'Nowhere/Land' }, at('2026-03-06T16:00:00Z'), at('2026-03-07T16:00:00Z'))).toThrow(
      BadInput,
    );
  });
});

describe('split days, holidays, other zones', () => {
  it('skips the lunch break', () => {
    const cal = weekdays(parseTimeRanges('09:00-12:00,13:00-17:00'));
    expect(iso(addBusinessMinutes(cal, at('2026-03-09T11:00:00Z'), 90))).toBe('2026-03-09T13:30:00.000Z');
    expect(iso(addBusinessMinutes(cal, at('2026-03-09T12:30:00Z'), 10))).toBe('2026-03-09T13:10:00.000Z');
    expect(businessMinutesBetween(cal, at('2026-03-09T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(420);
  });

  it('skips holidays', () => {
    const cal = weekdays(nineToFive, 'UTC', [{ date: '2026-03-09' }, { date: '2026-03-10', name: 'Bridge' }]);
    expect(iso(addBusinessMinutes(cal, at('2026-03-06T16:00:00Z'), 240))).toBe('2026-03-11T12:00:00.000Z');
    expect(businessMinutesBetween(cal, at('2026-03-06T00:00:00Z'), at('2026-03-13T00:00:00Z'))).toBe(3 * 480);
  });

  it('uses wall-clock hours in the zone, across DST changes', () => {
    const paris = weekdays(nineToFive, 'Europe/Paris');
    // Friday 2026-03-27 16:00 CET (15:00Z) + 2h → Monday 2026-03-30 10:00 CEST (08:00Z).
    expect(iso(addBusinessMinutes(paris, at('2026-03-27T15:00:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
    // Friday 2026-10-23 16:00 CEST (14:00Z) + 2h → Monday 2026-10-26 10:00 CET (09:00Z).
    expect(iso(addBusinessMinutes(paris, at('2026-10-23T14:00:00Z'), 120))).toBe('2026-10-26T09:00:00.000Z');
    const ny = weekdays(nineToFive, 'America/New_York');
    // Friday 2026-03-06 16:00 EST (21:00Z) + 2h → Monday 2026-03-09 10:00 EDT (14:00Z).
    expect(iso(addBusinessMinutes(ny, at('2026-03-06T21:00:00Z'), 120))).toBe('2026-03-09T14:00:00.000Z');
    expect(businessMinutesBetween(ny, at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z'))).toBe(120);
  });

  it('counts the real length of a day whose hours hold a DST change', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const paris = validateCalendar({ zone: 'Europe/Paris', week: { sun: allDay }, holidays: [] });
    expect(businessMinutesBetween(paris, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(paris, at('2026-10-24T00:00:00Z'), at('2026-10-27T00:00:00Z'))).toBe(25 * 60);
    // Sunday 00:00 CET + 23 h of business time = Monday 00:00 CEST, the end of that short day.
    expect(iso(addBusinessMinutes(paris, at('2026-03-28T23:00:00Z'), 23 * 60))).toBe('2026-03-29T22:00:00.000Z');
    // Whole years (week skipping) see both changes: 52 Sundays of 24 h in 2026, −1 h + 1 h.
    expect(businessMinutesBetween(paris, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(52 * 24 * 60);
    const nights = validateCalendar({ zone: 'Europe/Paris', week: { sun: [{ start: '01:00', end: '04:00' }] }, holidays: [] });
    expect(businessMinutesBetween(nights, at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(4 * 180 + 120);
    expect(businessMinutesBetween(nights, at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z'))).toBe(3 * 180 + 240);
  });
});

describe('addBusinessDays', () => {
  const cal = weekdays(nineToFive, 'UTC', [{ date: '2026-03-10' }]);
  it('keeps the time of day and skips weekends and holidays', () => {
    expect(iso(addBusinessDays(cal, at('2026-03-06T14:30:00Z'), 2))).toBe('2026-03-11T14:30:00.000Z');
    expect(iso(addBusinessDays(cal, at('2026-03-06T17:00:00Z'), 1))).toBe('2026-03-09T17:00:00.000Z');
    expect(iso(addBusinessDays(cal, at('2026-03-06T18:00:00Z'), 1))).toBe('2026-03-11T09:00:00.000Z');
    expect(iso(addBusinessDays(cal, at('2026-03-07T12:00:00Z'), 5))).toBe('2026-03-17T09:00:00.000Z');
    expect(iso(addBusinessDays(cal, at('2026-03-06T14:30:00Z'), 0))).toBe('2026-03-06T14:30:00.000Z');
  });

  it('snaps into a shorter target day', () => {
    const short = validateCalendar({ zone: 'UTC', week: { thu: nineToFive, fri: [{ start: '09:00', end: '13:00' }] }, holidays: [] });
    expect(iso(addBusinessDays(short, at('2026-03-05T15:00:00Z'), 1))).toBe('2026-03-06T13:00:00.000Z');
  });

  it('skips whole weeks', () => {
    expect(iso(addBusinessDays(cal, at('2026-03-02T10:00:00Z'), 261))).toBe('2027-03-03T10:00:00.000Z');
    expect(() => addBusinessDays(cal, at('2026-03-02T10:00:00Z'), 1.5)).toThrow(BadInput);
  });
});
