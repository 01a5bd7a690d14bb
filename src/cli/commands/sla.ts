// `ticketty sla show|set` and `ticketty calendar show|set|holiday add|holiday remove|import-ics`.
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { BadInput } from '../../domain/errors.js';
import { WEEKDAYS, parseHolidayParam, parseTimeRanges, type BusinessCalendar, type Weekday } from '../../domain/calendar.js';
import { PRIORITIES, isPriority, type Priority } from '../../domain/types.js';
import type { SlaPlan } from '../../domain/sla.js';
import {
  addHolidays,
  getCalendar,
  getPlan,
  importIcsHolidays,
  listCalendars,
  listPlans,
  removeHolidays,
  setCalendar,
  setPlan,
  DEFAULT_CALENDAR_NAME,
} from '../../app/sla/slaSettings.js';
import type { GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import { renderTable } from '../output/table.js';

/** Business time in hours and minutes (`80h`, `2h05m`, `45m`): business days have no fixed length. */
export function businessTime(minutes: number): string {
  const m = Math.round(minutes);
  const sign = m < 0 ? '-' : '';
  const h = Math.floor(Math.abs(m) / 60);
  const rest = Math.abs(m) % 60;
  return h === 0 ? `${sign}${rest}m` : `${sign}${h}h${rest ? String(rest).padStart(2, '0') + 'm' : ''}`;
}

const target = (minutes: number | null) => (minutes === null ? 'none' : businessTime(minutes));

function planText(plan: SlaPlan): string {
  const head = `${plan.name}  (business hours; resolution clock starts at ${plan.startResolutionAt === 'creation' ? 'creation' : 'the first pickup'})`;
  const table = renderTable(
    [{ header: 'PRIORITY' }, { header: 'PICKUP', align: 'right' }, { header: 'RESOLUTION', align: 'right' }],
    PRIORITIES.map((p) => [p, target(plan.targets[p].pickupMinutes), target(plan.targets[p].resolutionMinutes)]),
  );
  const byType = Object.entries(plan.typeTargets ?? {});
  if (!byType.length) return `${head}\n${table}`;
  const types = renderTable(
    [{ header: 'TYPE' }, { header: 'PICKUP', align: 'right' }, { header: 'RESOLUTION', align: 'right' }],
    byType.map(([t, v]) => [
      t,
      v.pickupMinutes === undefined ? '(priority)' : target(v.pickupMinutes),
      v.resolutionMinutes === undefined ? '(priority)' : target(v.resolutionMinutes),
    ]),
  );
  return `${head}\n${table}\nper request type, over the priority's:\n${types}`;
}

/** `4h`, `90m`, `1.5h`, `4bh` (business hours: every SLA target is), or `none`. */
export function parseTarget(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'none' || value === '-') return null;
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|bh)$/.exec(value);
  if (!match) throw new BadInput(`bad SLA target '${text}': business time such as 30m, 4h, 1.5h, or none`);
  return Math.round(Number(match[1]) * (match[2] === 'm' ? 1 : 60));
}

/** `P1=4h,P2=8h` → per priority minutes. */
function parseTargets(text: string | undefined, option: string): Partial<Record<Priority, number | null>> {
  if (text === undefined) return {};
  const result: Partial<Record<Priority, number | null>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value] = part.split('=');
    const p = key.trim().toUpperCase();
    if (!isPriority(p) || value === undefined) throw new BadInput(`bad ${option} '${part}': expected P1=4h,P2=8h… (P1 to P5)`);
    result[p] = parseTarget(value);
  }
  return result;
}

interface SlaArgs extends GlobalArgs {
  name?: string;
  pickup?: string;
  resolution?: string;
  start?: string;
  type?: string;
}

const slaShow: CommandModule<GlobalArgs, SlaArgs> = {
  command: 'show [name]',
  describe: 'show one SLA plan, or all',
  builder: (y) => (y as Argv<SlaArgs>).positional('name', { type: 'string' }),
  handler: withRuntime<SlaArgs>((rt, a) => {
    rt.actor();
    const plans = a.name ? [getPlan(rt.app, a.name)] : listPlans(rt.app);
    if (rt.json) return printJson(a.name ? plans[0] : plans);
    printLine(plans.map(planText).join('\n\n'));
  }),
};

const slaSet: CommandModule<GlobalArgs, SlaArgs> = {
  command: 'set <name>',
  describe: 'create or change an SLA plan (admin); a new plan starts as a copy of standard',
  builder: (y) =>
    (y as Argv<SlaArgs>)
      .positional('name', { type: 'string', demandOption: true })
      .option('pickup', { type: 'string', describe: 'pickup targets in business time: P1=4h,P2=8h,P5=none' })
      .option('resolution', { type: 'string', describe: 'resolution targets in business time: P1=8h,P4=none' })
      .option('start', { type: 'string', describe: 'when the resolution clock starts: creation or first_pickup' })
      .option('type', {
        type: 'string',
        describe: "targets for one request type, over the priority's: --type question --pickup 1h --resolution 8h",
      })
      .example('ticketty sla set standard --type work_request --pickup 8h', 'work requests picked up within one business day')
      .example('ticketty sla set gold --pickup P1=1h,P2=2h --resolution P1=4h,P2=8h', 'a tighter plan')
      .example('ticketty org set ACME --plan gold', 'ACME uses it from now on'),
  handler: withRuntime<SlaArgs>((rt, a) => {
    if (a.type !== undefined) {
      const type = a.type.trim().toLowerCase();
      if (a.pickup === undefined && a.resolution === undefined)
        throw new BadInput('--type needs --pickup and/or --resolution (business time, or none)');
      const plan = setPlan(rt.app, rt.actor(), a.name ?? '', (base) => ({
        ...base,
        typeTargets: {
          ...base.typeTargets,
          [type]: {
            ...base.typeTargets?.[type],
            ...(a.pickup !== undefined ? { pickupMinutes: parseTarget(a.pickup) } : {}),
            ...(a.resolution !== undefined ? { resolutionMinutes: parseTarget(a.resolution) } : {}),
          },
        },
      }));
      if (rt.json) printJson(plan);
      else printLine(planText(plan));
      return;
    }
    const pickup = parseTargets(a.pickup, '--pickup');
    const resolution = parseTargets(a.resolution, '--resolution');
    if (a.start !== undefined && a.start !== 'creation' && a.start !== 'first_pickup')
      throw new BadInput(`bad --start '${a.start}': creation or first_pickup`);
    const plan = setPlan(rt.app, rt.actor(), a.name ?? '', (base) => ({
      ...base,
      startResolutionAt: a.start ?? base.startResolutionAt,
      targets: Object.fromEntries(
        PRIORITIES.map((p) => [
          p,
          {
            pickupMinutes: p in pickup ? pickup[p] : base.targets[p].pickupMinutes,
            resolutionMinutes: p in resolution ? resolution[p] : base.targets[p].resolutionMinutes,
          },
        ]),
      ),
    }));
    if (rt.json) printJson(plan);
    else printLine(planText(plan));
  }),
};

export const slaCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'sla <command>',
  describe: 'SLA plans: pickup and resolution targets per priority',
  builder: (y) => y.command(slaShow).command(slaSet).demandCommand(1, 'name an sla command (see ticketty sla --help)'),
  handler: () => undefined,
};

function calendarText(name: string, cal: BusinessCalendar): string {
  const lines = [`${name}  zone ${cal.zone}`];
  for (const day of WEEKDAYS) lines.push(`  ${day}  ${cal.week[day].map((r) => `${r.start}-${r.end}`).join(', ') || 'closed'}`);
  lines.push(cal.holidays.length ? `  holidays: ${cal.holidays.length}` : '  holidays: none');
  // Holiday names come from ICS files off the web: never raw to a terminal.
  for (const h of cal.holidays) lines.push(`    ${h.date}${h.name ? `  ${sanitizeForTerminal(h.name)}` : ''}`);
  return lines.join('\n');
}

interface CalendarArgs extends GlobalArgs {
  name?: string;
  calendar?: string;
  zone?: string;
  hours?: string;
  days?: string;
  dates?: string;
  file?: string;
  mon?: string;
  tue?: string;
  wed?: string;
  thu?: string;
  fri?: string;
  sat?: string;
  sun?: string;
}

const show = (name: string, cal: BusinessCalendar, json: boolean) =>
  json ? printJson({ name, ...cal }) : printLine(calendarText(name, cal));

const calendarShow: CommandModule<GlobalArgs, CalendarArgs> = {
  command: 'show [name]',
  describe: 'show one calendar, or all',
  builder: (y) => (y as Argv<CalendarArgs>).positional('name', { type: 'string' }),
  handler: withRuntime<CalendarArgs>((rt, a) => {
    rt.actor();
    const all = a.name ? [{ name: a.name, calendar: getCalendar(rt.app, a.name) }] : listCalendars(rt.app);
    if (rt.json) return printJson(a.name ? { name: a.name, ...all[0]!.calendar } : all.map((c) => ({ name: c.name, ...c.calendar })));
    printLine(all.map((c) => calendarText(c.name, c.calendar)).join('\n\n'));
  }),
};

function parseDays(text: string): Weekday[] {
  const days = text
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const range = /^([a-z]{3})-([a-z]{3})$/.exec(text.trim().toLowerCase());
  if (range) {
    const [from, to] = [WEEKDAYS.indexOf(range[1] as Weekday), WEEKDAYS.indexOf(range[2] as Weekday)];
    if (from >= 0 && to >= from) return WEEKDAYS.slice(from, to + 1);
  }
  for (const d of days)
    if (!(WEEKDAYS as readonly string[]).includes(d))
      throw new BadInput(`bad day '${d}' in --days: ${WEEKDAYS.join(', ')} (or a range such as mon-fri)`);
  return days as Weekday[];
}

const calendarSet: CommandModule<GlobalArgs, CalendarArgs> = {
  command: 'set [name]',
  describe: 'create or change a calendar (admin); a new one starts as Mon–Fri 09:00–17:00 UTC',
  builder: (y) => {
    let b = (y as Argv<CalendarArgs>)
      .positional('name', { type: 'string', default: DEFAULT_CALENDAR_NAME })
      .option('zone', { type: 'string', describe: 'IANA time zone, e.g. Europe/Paris' })
      .option('hours', { type: 'string', describe: 'working hours of --days, e.g. 09:00-12:00,13:00-17:00' })
      .option('days', { type: 'string', describe: 'the working days --hours applies to (default mon-fri); the others close' });
    for (const day of WEEKDAYS) b = b.option(day, { type: 'string', describe: `hours on ${day} (or off)` });
    return b
      .example('ticketty calendar set --zone Europe/Paris --hours 09:00-12:00,14:00-18:00', 'split days in Paris')
      .example('ticketty calendar set weekend --days sat-sun --hours 10:00-16:00', 'a weekend team');
  },
  handler: withRuntime<CalendarArgs>((rt, a) => {
    const name = a.name ?? DEFAULT_CALENDAR_NAME;
    const cal = setCalendar(rt.app, rt.actor(), name, (base) => {
      const week = { ...base.week };
      if (a.hours !== undefined) {
        const ranges = parseTimeRanges(a.hours);
        const days = parseDays(a.days ?? 'mon-fri');
        for (const day of WEEKDAYS) week[day] = days.includes(day) ? ranges : [];
      } else if (a.days !== undefined) throw new BadInput('--days goes with --hours');
      for (const day of WEEKDAYS) if (a[day] !== undefined) week[day] = parseTimeRanges(a[day]!);
      return { ...base, zone: a.zone ?? base.zone, week };
    });
    show(name, cal, rt.json);
  }),
};

const holidayAdd: CommandModule<GlobalArgs, CalendarArgs> = {
  command: 'add <dates>',
  describe: 'add holidays: 2026-12-25=Christmas, 2026-08-01..2026-08-15=Summer (admin)',
  builder: (y) =>
    (y as Argv<CalendarArgs>)
      .positional('dates', { type: 'string', demandOption: true })
      .option('calendar', { type: 'string', default: DEFAULT_CALENDAR_NAME }),
  handler: withRuntime<CalendarArgs>((rt, a) => {
    const name = a.calendar ?? DEFAULT_CALENDAR_NAME;
    show(name, addHolidays(rt.app, rt.actor(), name, parseHolidayParam(a.dates ?? '')), rt.json);
  }),
};

const holidayRemove: CommandModule<GlobalArgs, CalendarArgs> = {
  command: 'remove <dates>',
  describe: 'remove holidays by date (admin)',
  builder: (y) =>
    (y as Argv<CalendarArgs>)
      .positional('dates', { type: 'string', demandOption: true })
      .option('calendar', { type: 'string', default: DEFAULT_CALENDAR_NAME }),
  handler: withRuntime<CalendarArgs>((rt, a) => {
    const name = a.calendar ?? DEFAULT_CALENDAR_NAME;
    const dates = parseHolidayParam(a.dates ?? '').map((h) => h.date);
    show(name, removeHolidays(rt.app, rt.actor(), name, dates), rt.json);
  }),
};

const holidayCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'holiday <command>',
  describe: 'add or remove holidays',
  builder: (y) => y.command(holidayAdd).command(holidayRemove).demandCommand(1, 'name a holiday command: add or remove'),
  handler: () => undefined,
};

const importIcs: CommandModule<GlobalArgs, CalendarArgs> = {
  command: 'import-ics <file>',
  describe: 'add the holidays of an iCalendar (.ics) file (admin)',
  builder: (y) =>
    (y as Argv<CalendarArgs>)
      .positional('file', { type: 'string', demandOption: true })
      .option('calendar', { type: 'string', default: DEFAULT_CALENDAR_NAME }),
  handler: withRuntime<CalendarArgs>((rt, a) => {
    const name = a.calendar ?? DEFAULT_CALENDAR_NAME;
    let text: string;
    try {
      text = readFileSync(a.file === '-' ? 0 : (a.file ?? ''), 'utf8');
    } catch {
      throw new BadInput(`cannot read '${a.file}'`);
    }
    const { calendar, added } = importIcsHolidays(rt.app, rt.actor(), name, text);
    if (rt.json) printJson({ name, added, ...calendar });
    else printLine(`${added} holiday${added === 1 ? '' : 's'} added\n${calendarText(name, calendar)}`);
  }),
};

export const calendarCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'calendar <command>',
  describe: 'business calendars: zone, working hours, holidays',
  builder: (y) =>
    y
      .command(calendarShow)
      .command(calendarSet)
      .command(holidayCommand)
      .command(importIcs)
      .demandCommand(1, 'name a calendar command (see ticketty calendar --help)'),
  handler: () => undefined,
};
