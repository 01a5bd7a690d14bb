// Business calendars as data (SPEC 4): the shape, the default, validation and the CLI parsers.
import { BadInput } from './errors.js';
import { DAY_MS, isValidZone } from './calendarZone.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock working hours in the calendar's zone, `end` exclusive; `24:00` ends at midnight. */
export interface TimeRange {
  start: string;
  end: string;
}
export interface Holiday {
  date: string;
  name?: string;
}
export interface BusinessCalendar {
  /** IANA time zone name; every hour and holiday is wall-clock in this zone. */
  zone: string;
  week: Record<Weekday, TimeRange[]>;
  holidays: Holiday[];
}

const NINE_TO_FIVE = Object.freeze([Object.freeze({ start: '09:00', end: '17:00' })]) as TimeRange[];
const CLOSED = Object.freeze([]) as unknown as TimeRange[];

/** UTC, Monday to Friday 09:00–17:00, no holidays (SPEC 4). Frozen: copy it to edit. */
export const DEFAULT_CALENDAR: BusinessCalendar = Object.freeze({
  zone: 'UTC',
  week: Object.freeze({
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
    sat: CLOSED,
    sun: CLOSED,
  }),
  holidays: Object.freeze([]) as unknown as Holiday[],
});

/** Minutes since midnight of `HH:MM` (00:00–24:00), or null when malformed. */
export function parseClockTime(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real date. */
export function dayNumberOf(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Checks one day's ranges: well-formed, end after start, sorted, not overlapping. */
function validateRanges(ranges: unknown, where: string): TimeRange[] {
  if (!Array.isArray(ranges)) throw new BadInput(`${where}: expected a list of {start, end} ranges`);
  let previousEnd = -1;
  return ranges.map((range: unknown, i) => {
    const label = `${where} range ${i + 1}`;
    if (typeof range !== 'object' || range === null) throw new BadInput(`${label}: expected {start: 'HH:MM', end: 'HH:MM'}`);
    const { start, end } = range as Record<string, unknown>;
    const startMin = typeof start === 'string' ? parseClockTime(start) : null;
    const endMin = typeof end === 'string' ? parseClockTime(end) : null;
    if (startMin === null || startMin === 24 * 60)
      throw new BadInput(`${label}: bad start time ${JSON.stringify(start)} (expected HH:MM, 00:00–23:59)`);
    if (endMin === null) throw new BadInput(`${label}: bad end time ${JSON.stringify(end)} (expected HH:MM, 00:01–24:00)`);
    if (endMin <= startMin) throw new BadInput(`${label}: end ${String(end)} is not after start ${String(start)}`);
    if (startMin < previousEnd)
      throw new BadInput(
        `${label}: ${String(start)}–${String(end)} overlaps or comes before the previous range (list ranges in order, without overlap)`,
      );
    previousEnd = endMin;
    return { start: start as string, end: end as string };
  });
}

function validateHoliday(input: unknown, i: number): Holiday {
  const label = `holiday ${i + 1}`;
  if (typeof input !== 'object' || input === null) throw new BadInput(`${label}: expected {date: 'YYYY-MM-DD', name?}`);
  const { date, name } = input as Record<string, unknown>;
  if (typeof date !== 'string' || dayNumberOf(date) === null)
    throw new BadInput(`${label}: bad date ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  if (name !== undefined && typeof name !== 'string') throw new BadInput(`${label}: name must be text`);
  return name === undefined ? { date } : { date, name };
}

/**
 * Checks an untrusted calendar (admin edit, stored JSON) and returns a normalized copy:
 * holidays sorted by date, duplicates dropped (the first name wins), missing `holidays` = none,
 * a missing weekday = not worked.
 */
export function validateCalendar(input: unknown): BusinessCalendar {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new BadInput('calendar: expected an object with zone, week and holidays');
  const { zone, week, holidays } = input as Record<string, unknown>;
  if (typeof zone !== 'string' || zone.trim() === '')
    throw new BadInput('calendar: zone must be an IANA time zone name such as Europe/Paris');
  if (!isValidZone(zone)) throw new BadInput(`calendar: unknown time zone '${zone}' (expected an IANA name such as Europe/Paris)`);
  if (typeof week !== 'object' || week === null || Array.isArray(week))
    throw new BadInput('calendar: week must map mon…sun to lists of {start, end} ranges');
  const unknownDay = Object.keys(week).find((key) => !(WEEKDAYS as readonly string[]).includes(key));
  if (unknownDay !== undefined) throw new BadInput(`calendar: unknown weekday '${unknownDay}' (expected ${WEEKDAYS.join(', ')})`);
  const days = week as Record<string, unknown>;
  const normalizedWeek = Object.fromEntries(WEEKDAYS.map((day) => [day, validateRanges(days[day] ?? [], `calendar ${day}`)])) as Record<
    Weekday,
    TimeRange[]
  >;
  if (WEEKDAYS.every((day) => normalizedWeek[day].length === 0)) throw new BadInput('calendar: no working hours on any weekday');
  if (holidays !== undefined && !Array.isArray(holidays)) throw new BadInput('calendar: holidays must be a list of {date, name?}');
  const seen = new Set<string>();
  const normalizedHolidays = ((holidays ?? []) as unknown[])
    .map(validateHoliday)
    .filter((holiday) => !seen.has(holiday.date) && seen.add(holiday.date) !== undefined)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { zone, week: normalizedWeek, holidays: normalizedHolidays };
}

/**
 * `09:00-12:00,13:00-17:00` → ranges (CLI `--mon`, `--hours`). `off`, `closed`, `none` or an
 * empty text mean a day without working hours.
 */
export function parseTimeRanges(text: string): TimeRange[] {
  const trimmed = text.trim();
  if (trimmed === '' || /^(off|closed|none|-)$/i.test(trimmed)) return [];
  const ranges = trimmed.split(',').map((part) => {
    const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    if (!match) throw new BadInput(`bad time range '${part.trim()}' (expected HH:MM-HH:MM, e.g. 09:00-12:00,13:00-17:00)`);
    const pad = (time: string): string => time.padStart(5, '0');
    return { start: pad(match[1] as string), end: pad(match[2] as string) };
  });
  return validateRanges(ranges, `hours '${trimmed}'`);
}

/**
 * Holidays from the CLI: a comma-separated list of `YYYY-MM-DD`, `YYYY-MM-DD=Name` or
 * `YYYY-MM-DD..YYYY-MM-DD=Name` (an inclusive range, at most 366 days).
 */
export function parseHolidayParam(text: string): Holiday[] {
  const result: Holiday[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const match = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?(?:\s*[=:]\s*(.+))?$/.exec(part);
    const first = match ? dayNumberOf(match[1] as string) : null;
    const last = match?.[2] !== undefined ? dayNumberOf(match[2]) : first;
    if (!match || first === null || last === null)
      throw new BadInput(`bad holiday '${part}' (expected YYYY-MM-DD, YYYY-MM-DD=Name or YYYY-MM-DD..YYYY-MM-DD=Name)`);
    if (last < first || last - first > 365)
      throw new BadInput(`bad holiday range '${part}' (the end must follow the start, within 366 days)`);
    const name = match[3]?.trim();
    for (let day = first; day <= last; day++) result.push(name ? { date: dateOfDayNumber(day), name } : { date: dateOfDayNumber(day) });
  }
  if (result.length === 0) throw new BadInput('no holiday given (expected YYYY-MM-DD[=Name], comma-separated)');
  return result;
}

/** The working minutes of an average working day (480 for 09:00–17:00): the length of a `bd`. */
export function businessDayMinutes(cal: BusinessCalendar): number {
  const days = WEEKDAYS.map((d) =>
    (cal.week[d] ?? []).reduce((sum, r) => sum + ((parseClockTime(r.end) ?? 0) - (parseClockTime(r.start) ?? 0)), 0),
  ).filter((m) => m > 0);
  return days.length ? Math.round(days.reduce((a, b) => a + b, 0) / days.length) : 480;
}
