// Holidays from an iCalendar (RFC 5545) export: just enough of the format for holiday feeds.
import { BadInput } from './errors.js';
import { DAY_MS } from './calendarZone.js';
import { dateOfDayNumber, type Holiday } from './calendarValidate.js';

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
  /** Line number in the file, for error messages. */
  number: number;
}

const MAX_EVENT_DAYS = 366;

/** Physical lines → logical lines: a line starting with a space or tab continues the previous one. */
function unfold(text: string): Array<{ line: string; number: number }> {
  const logical: Array<{ line: string; number: number }> = [];
  text.split(/\r\n|\n|\r/).forEach((physical, index) => {
    const last = logical.at(-1);
    if ((physical.startsWith(' ') || physical.startsWith('\t')) && last) last.line += physical.slice(1);
    else if (physical.trim() !== '') logical.push({ line: physical, number: index + 1 });
  });
  return logical;
}

function parseProperty(line: string, number: number): Property {
  let i = 0;
  let quoted = false;
  while (i < line.length && (quoted || line[i] !== ':')) {
    if (line[i] === '"') quoted = !quoted;
    i++;
  }
  if (i >= line.length) throw new BadInput(`iCalendar line ${number}: expected NAME:VALUE, got '${line.slice(0, 60)}'`);
  const [name = '', ...rawParams] = line.slice(0, i).split(';');
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq > 0) params[raw.slice(0, eq).toUpperCase()] = raw.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(i + 1), number };
}

/** A DATE or DATE-TIME value → day number and ms into that (floating) day. */
function parseDateValue(prop: Property): { day: number; timeMs: number; isDate: boolean } {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(prop.value.trim());
  const bad = (): never => {
    throw new BadInput(
      `iCalendar line ${prop.number}: bad ${prop.name} '${prop.value.slice(0, 40)}' (expected YYYYMMDD or YYYYMMDDTHHMMSS)`,
    );
  };
  if (!match) return bad();
  const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return bad();
  const isDate = match[4] === undefined;
  const timeMs = isDate ? 0 : ((Number(match[4]) * 60 + Number(match[5])) * 60 + Number(match[6])) * 1000;
  if (timeMs > DAY_MS) return bad();
  return { day: Math.round(ms / DAY_MS), timeMs, isDate };
}

/** DURATION such as P2D, P1W, PT12H → ms. */
function parseIcsDuration(prop: Property): number {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(prop.value.trim());
  if (!match || prop.value.trim() === 'P' || prop.value.trim().endsWith('T'))
    throw new BadInput(`iCalendar line ${prop.number}: bad DURATION '${prop.value.slice(0, 40)}'`);
  const [w, d, h, m, s] = match.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? ' ' : ch)).trim();
}

/**
 * Holidays from the VEVENTs of an iCalendar text. All-day events (`DTSTART;VALUE=DATE:20261225`)
 * cover [DTSTART, DTEND) — DTEND is exclusive — or DURATION days, else one day. Timed events give
 * the dates they touch as written (no zone conversion; an end at midnight is exclusive). The
 * SUMMARY is the name. Cancelled events are skipped; RRULE recurrences are not expanded.
 * Result: sorted by date, one entry per date (the first name wins).
 */
export function parseIcsHolidays(text: string): Holiday[] {
  const lines = unfold(text);
  if (lines[0]?.line.trim().toUpperCase() !== 'BEGIN:VCALENDAR')
    throw new BadInput('not an iCalendar file (expected it to start with BEGIN:VCALENDAR)');
  const byDate = new Map<string, Holiday>();
  const stack: string[] = [];
  let event: { props: Property[]; number: number } | null = null;
  for (const { line, number } of lines) {
    const prop = parseProperty(line, number);
    if (prop.name === 'BEGIN') {
      stack.push(prop.value.toUpperCase());
      if (prop.value.toUpperCase() === 'VEVENT') event = { props: [], number };
    } else if (prop.name === 'END') {
      const open = stack.pop();
      if (open !== prop.value.toUpperCase())
        throw new BadInput(`iCalendar line ${number}: END:${prop.value} does not close ${open ? `BEGIN:${open}` : 'anything'}`);
      if (open === 'VEVENT' && event) {
        for (const holiday of eventHolidays(event.props, event.number)) if (!byDate.has(holiday.date)) byDate.set(holiday.date, holiday);
        event = null;
      }
    } else if (event && stack.at(-1) === 'VEVENT') {
      event.props.push(prop);
    }
  }
  if (stack.length > 0) throw new BadInput(`iCalendar: BEGIN:${stack.at(-1)} is never closed (truncated file?)`);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function eventHolidays(props: Property[], number: number): Holiday[] {
  const find = (name: string): Property | undefined => props.find((p) => p.name === name);
  if (find('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return [];
  const startProp = find('DTSTART');
  if (!startProp) throw new BadInput(`iCalendar event at line ${number} has no DTSTART`);
  const start = parseDateValue(startProp);
  const endProp = find('DTEND');
  const durationProp = find('DURATION');
  let lastDay = start.day;
  if (endProp || durationProp) {
    let endDay: number;
    let endTime: number;
    if (endProp) {
      const end = parseDateValue(endProp);
      [endDay, endTime] = [end.day, end.timeMs];
    } else {
      const endMs = start.day * DAY_MS + start.timeMs + parseIcsDuration(durationProp as Property);
      [endDay, endTime] = [Math.floor(endMs / DAY_MS), endMs % DAY_MS];
    }
    // The end is exclusive: an end at midnight (always so for all-day events) excludes that day.
    lastDay = Math.max(start.day, endTime === 0 ? endDay - 1 : endDay);
  }
  if (lastDay - start.day >= MAX_EVENT_DAYS) throw new BadInput(`iCalendar event at line ${number} spans more than ${MAX_EVENT_DAYS} days`);
  const summary = find('SUMMARY');
  const name = summary ? unescapeText(summary.value) : '';
  const result: Holiday[] = [];
  for (let day = start.day; day <= lastDay; day++)
    result.push(name ? { date: dateOfDayNumber(day), name } : { date: dateOfDayNumber(day) });
  return result;
}
