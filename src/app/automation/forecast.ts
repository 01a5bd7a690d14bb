// `ticketty forecast`: what will happen inside a window, soonest first. Each kind of event is a
// forecast source; the automations add reminders and auto-closes with one line in SOURCES.
import { BadInput } from '../../domain/errors.js';
import { visibilityOf, type Actor } from '../../domain/permissions.js';
import { parseDuration } from '../../domain/duration.js';
import type { ReportWindow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { automationForecastSource } from './automationForecast.js';

export interface ForecastItem {
  /** When it will happen (ISO 8601, UTC). */
  at: string;
  /** What: `pickup_breach`, `resolution_breach`; automations add `reminder`, `auto_close`… */
  kind: string;
  ticketId: number;
  subject: string;
  priority: string;
  status: string;
  level: number;
  assignee: string | null;
}

export interface ForecastSource {
  name: string;
  /** Items due in (now, until], soonest first, at most `limit`. */
  list(ctx: AppContext, window: ReportWindow, untilMs: number, limit: number): ForecastItem[];
}

/** SLA clocks that will breach: the running clock due soonest on each ticket. */
export const slaBreachSource: ForecastSource = {
  name: 'sla',
  list: (ctx, window, untilMs, limit) =>
    ctx.slaReport.dueBetween(window, untilMs, limit).map((r) => ({
      at: new Date(r.dueAt).toISOString(),
      // dueAt is the breach instant (the next opening when due at a closing instant, SPEC 4).
      kind: r.resolutionDueAt !== null && r.resolutionDueAt <= r.dueAt ? 'resolution_breach' : 'pickup_breach',
      ticketId: r.id,
      subject: r.subject,
      priority: r.priority,
      status: r.status,
      level: r.level,
      assignee: r.assignee,
    })),
};

const SOURCES: ForecastSource[] = [slaBreachSource, automationForecastSource];

/** Registers another source (automations: reminders, auto-closes). */
export function addForecastSource(source: ForecastSource): void {
  if (!SOURCES.some((s) => s.name === source.name)) SOURCES.push(source);
}

export interface ForecastInput {
  /** Real time: `24h`, `90m`, `2d`, `1w` (default 24h). */
  within?: string | undefined;
  limit?: number | undefined;
}

export interface Forecast {
  from: string;
  until: string;
  items: ForecastItem[];
}

/** The longest window forecast looks ahead: a year (and a leap day). */
const MAX_WITHIN_MS = 366 * 86_400_000;

export function forecast(ctx: AppContext, actor: Actor, input: ForecastInput = {}): Forecast {
  // A window looks ahead: a negative or zero one is refused as such, not as an unreadable duration.
  if (input.within !== undefined && /^\s*(-|0+(\.0*)?[a-z]*\s*$)/i.test(input.within))
    throw new BadInput(`--within ${input.within}: give a window from 1m to 366d (a window looks ahead)`);
  const within = parseDuration(input.within ?? '24h');
  if (within.unit === 'bh' || within.unit === 'bd') throw new BadInput(`--within ${input.within}: use real time units (m, h, d, w)`);
  const limit = input.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new BadInput('--limit takes a whole number from 1 to 100000');
  const nowMs = ctx.nowMs();
  const aheadMs = Math.round(within.amount * { m: 1, h: 60, d: 1440, w: 10080 }[within.unit] * 60_000);
  if (!(aheadMs > 0) || aheadMs > MAX_WITHIN_MS) throw new BadInput(`--within ${input.within}: give a window from 1m to 366d`);
  const untilMs = nowMs + aheadMs;
  const window: ReportWindow = { sinceMs: null, untilMs: null, nowMs, scope: visibilityOf(actor) };
  const items = ctx.store.read(() => SOURCES.flatMap((s) => s.list(ctx, window, untilMs, limit)));
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.ticketId - b.ticketId));
  return { from: new Date(nowMs).toISOString(), until: new Date(untilMs).toISOString(), items: items.slice(0, limit) };
}
