// SLA plans and business calendars (SPEC 4): admin edits, the defaults installed by `init`, and
// the per-organization lookup every transition makes (cached: they are tiny and rarely change).
import { BadInput, NotFound } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import { DEFAULT_CALENDAR, parseIcsHolidays, validateCalendar, type BusinessCalendar, type Holiday } from '../../domain/calendar.js';
import { DEFAULT_SLA_PLAN, validateSlaPlan, type SlaPlan } from '../../domain/sla.js';
import { type SlaSettingsRepo } from '../../store/port/index.js';
import type { OrgRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';

export const DEFAULT_PLAN_NAME = 'standard';
export const DEFAULT_CALENDAR_NAME = 'default';
const NAME = /^[a-z0-9][a-z0-9_.-]{0,39}$/i;

export interface SlaRules {
  planName: string;
  calendarName: string;
  plan: SlaPlan;
  calendar: BusinessCalendar;
}

interface Cache {
  repo: SlaSettingsRepo;
  /** The store's settings version when the entries were read (SQLite: data_version): a change empties the cache. */
  version: number | string;
  byOrg: Map<number | null, SlaRules>;
  /** Plans and calendars by name, emptied with byOrg: organizations sharing a plan read it once. */
  plans: Map<string, SlaPlan | undefined>;
  calendars: Map<string, BusinessCalendar | undefined>;
}
const caches = new WeakMap<AppContext, Cache>();

function cacheOf(ctx: AppContext): Cache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = { repo: ctx.slaSettings, version: settingsVersion(ctx), byOrg: new Map(), plans: new Map(), calendars: new Map() };
    caches.set(ctx, cache);
  }
  return cache;
}

const settingsVersion = (ctx: AppContext): number | string => ctx.store.settingsVersion?.() ?? ctx.store.dataVersion();

export function slaRepo(ctx: AppContext): SlaSettingsRepo {
  return cacheOf(ctx).repo;
}

/** Our own edits invalidate at once; other processes' edits through data_version. */
function invalidate(ctx: AppContext): void {
  clear(cacheOf(ctx));
}

function clear(cache: Cache): void {
  cache.byOrg.clear();
  cache.plans.clear();
  cache.calendars.clear();
}

/** The cache, emptied first when another connection has committed since it was filled. */
function freshCache(ctx: AppContext): Cache {
  const cache = cacheOf(ctx);
  const version = settingsVersion(ctx);
  if (version !== cache.version) {
    clear(cache);
    cache.version = version;
  }
  return cache;
}

function storedPlan(ctx: AppContext, name: string): SlaPlan | undefined {
  const cache = freshCache(ctx);
  if (!cache.plans.has(name)) cache.plans.set(name, readPlan(ctx, name));
  return cache.plans.get(name);
}

function readPlan(ctx: AppContext, name: string): SlaPlan | undefined {
  const definition = slaRepo(ctx).plans.get(name);
  if (definition !== undefined) return validateSlaPlan(definition);
  return name === DEFAULT_PLAN_NAME ? DEFAULT_SLA_PLAN : undefined;
}

function storedCalendar(ctx: AppContext, name: string): BusinessCalendar | undefined {
  const cache = freshCache(ctx);
  if (!cache.calendars.has(name)) cache.calendars.set(name, readCalendar(ctx, name));
  return cache.calendars.get(name);
}

function readCalendar(ctx: AppContext, name: string): BusinessCalendar | undefined {
  const definition = slaRepo(ctx).calendars.get(name);
  if (definition !== undefined) return validateCalendar(definition);
  return name === DEFAULT_CALENDAR_NAME ? DEFAULT_CALENDAR : undefined;
}

/**
 * The plan and calendar of an organization (no organization: the defaults). A name that is not
 * stored falls back to the default so that a transition never fails on a missing setting.
 */
export function slaRulesFor(ctx: AppContext, orgId: number | null, org?: Pick<OrgRow, 'slaPlan' | 'calendar'>): SlaRules {
  const cache = freshCache(ctx);
  const known = cache.byOrg.get(orgId);
  if (known) return known;
  const row = org ?? (orgId !== null ? ctx.people.orgById(orgId) : undefined);
  const planName = row?.slaPlan ?? DEFAULT_PLAN_NAME;
  const calendarName = row?.calendar ?? DEFAULT_CALENDAR_NAME;
  const rules: SlaRules = {
    planName,
    calendarName,
    plan: storedPlan(ctx, planName) ?? DEFAULT_SLA_PLAN,
    calendar: storedCalendar(ctx, calendarName) ?? DEFAULT_CALENDAR,
  };
  cache.byOrg.set(orgId, rules);
  return rules;
}

/** `init`: the `standard` plan and the `default` calendar of SPEC 4, unless present. */
export function installSlaDefaults(ctx: AppContext): void {
  ctx.store.write(() => {
    slaRepo(ctx).plans.putIfMissing(DEFAULT_PLAN_NAME, DEFAULT_SLA_PLAN);
    slaRepo(ctx).calendars.putIfMissing(DEFAULT_CALENDAR_NAME, DEFAULT_CALENDAR);
  });
  invalidate(ctx);
}

function checkName(name: string, what: string): string {
  const value = name.trim();
  if (!NAME.test(value)) throw new BadInput(`bad ${what} name '${name}': letters, digits and . _ - (up to 40)`);
  return value;
}

export function listPlans(ctx: AppContext): SlaPlan[] {
  const stored = slaRepo(ctx)
    .plans.list()
    .map((p) => validateSlaPlan(p.definition));
  return stored.some((p) => p.name === DEFAULT_PLAN_NAME) ? stored : [DEFAULT_SLA_PLAN, ...stored];
}

export function getPlan(ctx: AppContext, name: string): SlaPlan {
  const plan = storedPlan(ctx, name);
  if (!plan) throw new NotFound(`unknown SLA plan '${name}': see 'ticketty sla show'`);
  return plan;
}

/** Creates or changes a plan: unnamed parts come from the plan as it is (a new one: from standard). */
export function setPlan(ctx: AppContext, actor: Actor, name: string, change: (base: SlaPlan) => unknown): SlaPlan {
  requireAdmin(actor, 'edit SLA plans');
  const planName = checkName(name, 'plan');
  return ctx.store.write(() => {
    const base = storedPlan(ctx, planName) ?? { ...DEFAULT_SLA_PLAN, name: planName };
    const plan = validateSlaPlan({ ...(change(structuredClone(base)) as object), name: planName });
    slaRepo(ctx).plans.put(planName, plan);
    invalidate(ctx);
    return plan;
  });
}

export function listCalendars(ctx: AppContext): Array<{ name: string; calendar: BusinessCalendar }> {
  const stored = slaRepo(ctx)
    .calendars.list()
    .map((c) => ({ name: c.name, calendar: validateCalendar(c.definition) }));
  return stored.some((c) => c.name === DEFAULT_CALENDAR_NAME)
    ? stored
    : [{ name: DEFAULT_CALENDAR_NAME, calendar: DEFAULT_CALENDAR }, ...stored];
}

export function getCalendar(ctx: AppContext, name: string): BusinessCalendar {
  const calendar = storedCalendar(ctx, name);
  if (!calendar) throw new NotFound(`unknown calendar '${name}': see 'ticketty calendar show'`);
  return calendar;
}

/** Creates or changes a calendar (a new one starts from the default); validated before it is kept. */
export function setCalendar(ctx: AppContext, actor: Actor, name: string, change: (base: BusinessCalendar) => unknown): BusinessCalendar {
  requireAdmin(actor, 'edit calendars');
  const calendarName = checkName(name, 'calendar');
  return ctx.store.write(() => {
    const base = storedCalendar(ctx, calendarName) ?? DEFAULT_CALENDAR;
    const calendar = validateCalendar(change(structuredClone(base)));
    slaRepo(ctx).calendars.put(calendarName, calendar);
    invalidate(ctx);
    return calendar;
  });
}

export function addHolidays(ctx: AppContext, actor: Actor, name: string, holidays: Holiday[]): BusinessCalendar {
  if (name !== DEFAULT_CALENDAR_NAME) getCalendar(ctx, name);
  return setCalendar(ctx, actor, name, (cal) => ({ ...cal, holidays: [...holidays, ...cal.holidays] }));
}

export function removeHolidays(ctx: AppContext, actor: Actor, name: string, dates: string[]): BusinessCalendar {
  const current = getCalendar(ctx, name);
  const missing = dates.filter((d) => !current.holidays.some((h) => h.date === d));
  if (missing.length) throw new BadInput(`no holiday on ${missing.join(', ')} in calendar ${name}`);
  return setCalendar(ctx, actor, name, (cal) => ({ ...cal, holidays: cal.holidays.filter((h) => !dates.includes(h.date)) }));
}

export function importIcsHolidays(
  ctx: AppContext,
  actor: Actor,
  name: string,
  icsText: string,
): { calendar: BusinessCalendar; added: number } {
  const holidays = parseIcsHolidays(icsText);
  const before = getCalendar(ctx, name).holidays.length;
  const calendar = addHolidays(ctx, actor, name, holidays);
  return { calendar, added: calendar.holidays.length - before };
}

/** `org set NAME --plan P --calendar C`: both must exist. Applies to the next transitions. */
export function setOrgSla(
  ctx: AppContext,
  actor: Actor,
  orgName: string,
  input: { plan?: string | undefined; calendar?: string | undefined },
): OrgRow {
  requireAdmin(actor, 'change organizations');
  const org = ctx.people.orgByName(orgName);
  if (!org) throw new NotFound(`unknown organization '${orgName}'`);
  if (input.plan === undefined && input.calendar === undefined) throw new BadInput('nothing to change: give --plan and/or --calendar');
  if (input.plan !== undefined) getPlan(ctx, input.plan);
  if (input.calendar !== undefined) getCalendar(ctx, input.calendar);
  return ctx.store.write(() => {
    ctx.people.updateOrg(org.id, {
      ...(input.plan !== undefined ? { slaPlan: input.plan } : {}),
      ...(input.calendar !== undefined ? { calendar: input.calendar } : {}),
    });
    invalidate(ctx);
    return ctx.people.orgById(org.id)!;
  });
}
