// Business-time arithmetic over a compiled calendar. Business minutes are real elapsed minutes
// inside working ranges whose bounds are wall-clock times in the calendar's zone, so a DST change
// inside working hours makes that day an hour shorter or longer, as a clock on the wall would.
// Speed: each local day's working ranges are converted to instants once and cached; runs of whole
// weeks are skipped arithmetically (weekly minutes − holidays + the few DST-affected days).
import { BadInput } from './errors.js';
import { DAY_MS, MAX_SUPPORTED_MS, MIN_SUPPORTED_MS, MINUTE_MS, ZoneOffsets } from './calendarZone.js';
import { dayNumberOf, parseClockTime, validateCalendar, WEEKDAYS, type BusinessCalendar } from './calendarValidate.js';

interface Compiled {
  readonly zone: ZoneOffsets;
  /** Per weekday (0 = Monday): wall ranges as ms since local midnight, flat [start, end, …]. */
  readonly wallRanges: number[][];
  readonly wallMs: number[];
  readonly weekWallMs: number;
  readonly workdaysPerWeek: number;
  readonly holidays: Set<number>;
  /** Holidays that fall on a working weekday, ascending, with prefix sums of their wall ms. */
  readonly workHolidays: number[];
  readonly workHolidayPrefixMs: number[];
  /** Real working segments of a local day, flat [startMs, endMs, …] (cache). */
  readonly days: Map<number, number[]>;
}

const EMPTY: number[] = [];
const DAY_CACHE_LIMIT = 50_000;
const byIdentity = new WeakMap<object, Compiled>();
const byContent = new Map<string, Compiled>();
/** One offset table per zone name, shared by every calendar in that zone. */
const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(name: string): ZoneOffsets {
  let zone = zones.get(name);
  if (!zone) {
    zone = new ZoneOffsets(name);
    zones.set(name, zone);
  }
  return zone;
}

/** Validates (once per calendar object or content) and precomputes what the arithmetic needs. */
function compile(cal: BusinessCalendar): Compiled {
  const known = byIdentity.get(cal);
  if (known) return known;
  const key = JSON.stringify(cal);
  let compiled = byContent.get(key);
  if (!compiled) {
    compiled = build(validateCalendar(cal));
    if (byContent.size >= 64) byContent.clear();
    byContent.set(key, compiled);
  }
  byIdentity.set(cal, compiled);
  return compiled;
}

function build(cal: BusinessCalendar): Compiled {
  const wallRanges = WEEKDAYS.map((day) =>
    cal.week[day].flatMap((r) => [(parseClockTime(r.start) as number) * MINUTE_MS, (parseClockTime(r.end) as number) * MINUTE_MS]),
  );
  const wallMs = wallRanges.map((flat) => flat.reduce((sum, v, i) => sum + (i % 2 === 0 ? -v : v), 0));
  const holidays = new Set(cal.holidays.map((h) => dayNumberOf(h.date) as number));
  const workHolidays = [...holidays].filter((d) => (wallMs[weekdayIndex(d)] as number) > 0).sort((a, b) => a - b);
  const workHolidayPrefixMs = [0];
  for (const d of workHolidays) workHolidayPrefixMs.push((workHolidayPrefixMs.at(-1) as number) + (wallMs[weekdayIndex(d)] as number));
  return {
    zone: zoneOffsets(cal.zone),
    wallRanges,
    wallMs,
    weekWallMs: wallMs.reduce((a, b) => a + b, 0),
    workdaysPerWeek: wallMs.filter((ms) => ms > 0).length,
    holidays,
    workHolidays,
    workHolidayPrefixMs,
    days: new Map(),
  };
}

/** 0 = Monday … 6 = Sunday; day 0 (1970-01-01) was a Thursday. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function isWorkingDay(c: Compiled, day: number): boolean {
  return (c.wallMs[weekdayIndex(day)] as number) > 0 && !c.holidays.has(day);
}

function daySegments(c: Compiled, day: number): number[] {
  if (!isWorkingDay(c, day)) return EMPTY;
  let segments = c.days.get(day);
  if (segments === undefined) {
    segments = [];
    const base = day * DAY_MS;
    const ranges = c.wallRanges[weekdayIndex(day)] as number[];
    // A bound inside a spring-forward gap moves forward by the gap (SPEC 4); a range that then
    // ends before it starts is empty, and no range may start before the previous one ended.
    for (let i = 0; i < ranges.length; i += 2) {
      const start = Math.max(c.zone.wallToUtc(base + (ranges[i] as number), 'shift'), segments.at(-1) ?? -Infinity);
      const end = c.zone.wallToUtc(base + (ranges[i + 1] as number), 'shift');
      if (end > start) segments.push(start, end);
    }
    if (c.days.size >= DAY_CACHE_LIMIT) c.days.clear();
    c.days.set(day, segments);
  }
  return segments;
}

function dayStart(c: Compiled, day: number): number {
  return c.zone.wallToUtc(day * DAY_MS);
}

function realDayMs(c: Compiled, day: number): number {
  const segments = daySegments(c, day);
  let sum = 0;
  for (let i = 0; i < segments.length; i += 2) sum += (segments[i + 1] as number) - (segments[i] as number);
  return sum;
}

/** Index of the first element ≥ value in an ascending array. */
function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Real business ms of the whole local days [d0, d1), where d1 − d0 is a multiple of 7. */
function wholeWeeksMs(c: Compiled, d0: number, d1: number): number {
  const i0 = lowerBound(c.workHolidays, d0);
  const i1 = lowerBound(c.workHolidays, d1);
  let total = ((d1 - d0) / 7) * c.weekWallMs - ((c.workHolidayPrefixMs[i1] as number) - (c.workHolidayPrefixMs[i0] as number));
  // Only days holding an offset change can differ from their wall-clock length.
  const touched = new Set<number>();
  c.zone.forEachTransition(dayStart(c, d0) - DAY_MS, dayStart(c, d1) + DAY_MS, (at, before, after) => {
    const first = Math.floor((at + Math.min(before, after)) / DAY_MS) - 1;
    const last = Math.floor((at + Math.max(before, after)) / DAY_MS) + 1;
    for (let d = Math.max(first, d0); d <= Math.min(last, d1 - 1); d++) touched.add(d);
  });
  for (const d of touched) total += realDayMs(c, d) - (isWorkingDay(c, d) ? (c.wallMs[weekdayIndex(d)] as number) : 0);
  return total;
}

function checkInstant(t: Date, what: string): number {
  const ms = t instanceof Date ? t.getTime() : NaN;
  if (Number.isNaN(ms)) throw new BadInput(`${what}: not a valid time`);
  if (ms < MIN_SUPPORTED_MS || ms >= MAX_SUPPORTED_MS)
    throw new BadInput(`${what}: ${t.toISOString()} is outside the supported years 1900–2199`);
  return ms;
}

function checkHorizon(day: number): void {
  if (day * DAY_MS > MAX_SUPPORTED_MS + DAY_MS) throw new BadInput('business time runs past the supported years 1900–2199');
}

function addBusinessMs(c: Compiled, t0: number, amount: number): number {
  let need = amount;
  if (need <= 0) return t0;
  let t = t0;
  let day = c.zone.localDay(t0) - 1;
  for (;;) {
    if (need > 2 * c.weekWallMs && dayStart(c, day) >= t) {
      for (let weeks = Math.floor(need / c.weekWallMs) - 1; weeks >= 1; weeks = Math.floor(weeks / 2)) {
        checkHorizon(day + 7 * weeks);
        const span = wholeWeeksMs(c, day, day + 7 * weeks);
        if (span < need) {
          need -= span;
          day += 7 * weeks;
          break;
        }
      }
    }
    const segments = daySegments(c, day);
    for (let i = 0; i < segments.length; i += 2) {
      const end = segments[i + 1] as number;
      if (end <= t) continue;
      const from = Math.max(segments[i] as number, t);
      if (need <= end - from) return from + need;
      need -= end - from;
      t = end;
    }
    day++;
    checkHorizon(day);
  }
}

function businessMsBetween(c: Compiled, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let day = c.zone.localDay(from) - 1;
  const lastDay = c.zone.localDay(to) + 1;
  while (day <= lastDay) {
    const weeks = Math.floor((lastDay - 2 - day) / 7);
    if (weeks >= 1 && dayStart(c, day) >= from && dayStart(c, day + 7 * weeks) <= to) {
      total += wholeWeeksMs(c, day, day + 7 * weeks);
      day += 7 * weeks;
      continue;
    }
    const segments = daySegments(c, day);
    for (let i = 0; i < segments.length; i += 2) {
      const overlap = Math.min(segments[i + 1] as number, to) - Math.max(segments[i] as number, from);
      if (overlap > 0) total += overlap;
    }
    day++;
  }
  return total;
}

/**
 * The instant when `minutes` business minutes have elapsed after `start` (the earliest such
 * instant: a sum that ends with the day's hours gives the closing time, not the next opening).
 * From outside working hours, counting begins at the next opening. 0 minutes gives `start`.
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new BadInput(`business minutes must be a finite number ≥ 0, got ${minutes}`);
  const c = compile(cal);
  return new Date(addBusinessMs(c, checkInstant(start, 'start'), Math.round(minutes * MINUTE_MS)));
}

/** Business minutes in [from, to) (fractional when the instants are not on whole minutes); 0 if to ≤ from. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const c = compile(cal);
  return businessMsBetween(c, checkInstant(from, 'from'), checkInstant(to, 'to')) / MINUTE_MS;
}

/**
 * `days` working days after `start`, at the same wall-clock time of day. A start outside hours
 * first moves to the next opening (a start exactly at a closing time stays on its day). When the
 * target day's hours do not cover that time, it snaps into that day: to the next opening if
 * before or between ranges, to the closing time if after. Weekends and holidays are skipped.
 */
export function addBusinessDays(cal: BusinessCalendar, start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new BadInput(`business days must be a whole number ≥ 0, got ${days}`);
  const c = compile(cal);
  const t0 = checkInstant(start, 'start');
  if (days === 0) return new Date(t0);
  // Find the business day and wall time of day where the count starts.
  let day = c.zone.localDay(t0) - 1;
  let timeOfDay = Number.NaN;
  for (;;) {
    checkHorizon(day);
    const segments = daySegments(c, day);
    for (let i = 0; i < segments.length && Number.isNaN(timeOfDay); i += 2) {
      const at = Math.max(t0, segments[i] as number);
      if (at <= (segments[i + 1] as number)) timeOfDay = at + c.zone.offsetAt(at) - day * DAY_MS;
    }
    if (!Number.isNaN(timeOfDay)) break;
    day++;
  }
  let remaining = days;
  while (remaining > 0) {
    if (remaining > 2 * c.workdaysPerWeek) {
      const weeks = Math.floor(remaining / c.workdaysPerWeek) - 1;
      checkHorizon(day + 7 * weeks);
      const holidays = lowerBound(c.workHolidays, day + 1 + 7 * weeks) - lowerBound(c.workHolidays, day + 1);
      remaining -= weeks * c.workdaysPerWeek - holidays;
      day += 7 * weeks;
      continue;
    }
    day++;
    checkHorizon(day);
    if (isWorkingDay(c, day)) remaining--;
  }
  const ranges = c.wallRanges[weekdayIndex(day)] as number[];
  let wall = ranges.at(-1) as number;
  for (let i = 0; i < ranges.length; i += 2) {
    if (timeOfDay <= (ranges[i + 1] as number)) {
      wall = Math.max(timeOfDay, ranges[i] as number);
      break;
    }
  }
  return new Date(c.zone.wallToUtc(day * DAY_MS + wall, 'shift'));
}

/**
 * The first instant at or after `at` inside working hours: `at` itself during working hours,
 * else the next opening. A due time is breached only once business time passes it (SPEC 4), so
 * a clock due at a closing instant breaches only after this instant, not overnight or over a
 * weekend.
 */
export function nextBusinessInstant(cal: BusinessCalendar, at: Date): Date {
  const c = compile(cal);
  const t = checkInstant(at, 'at');
  for (let day = c.zone.localDay(t) - 1; ; day++) {
    checkHorizon(day);
    const segments = daySegments(c, day);
    for (let i = 0; i < segments.length; i += 2) {
      if ((segments[i + 1] as number) > t) return new Date(Math.max(segments[i] as number, t));
    }
  }
}
