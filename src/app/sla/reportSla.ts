// `ticketty report sla` and the TUI's SLA report: per group, pickup and resolution figures from
// the stored clocks (aggregated in SQL), and open tickets by SLA state now. Scoped like the queue.
import { BadInput } from '../../domain/errors.js';
import { visibilityOf, type Actor } from '../../domain/permissions.js';
import { parseInstant } from '../../domain/clock.js';
import { parseDuration } from '../../domain/duration.js';
import { REPORT_DIMENSIONS, type ClockAggregate, type ReportDimension, type ReportWindow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';

export { REPORT_DIMENSIONS, type ReportDimension };

export interface ReportInput {
  /** ISO date/time, or a duration back from now (`30d`, `12h`, `2w`). */
  since?: string | undefined;
  until?: string | undefined;
  by?: string | undefined;
}

export interface ClockFigures {
  /** Stopped clocks (picked up / solved or closed). */
  measured: number;
  met: number;
  breached: number;
  /** met / (met + breached) × 100, one decimal; null when no clock had a target. */
  withinTargetPct: number | null;
  /** Business minutes, nearest rank. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SlaReportRow {
  group: string;
  tickets: number;
  pickup: ClockFigures & { withinHourPct: number | null };
  resolution: ClockFigures;
  /** Open tickets now: on track, under 25% of a target left, breached, paused (pending). */
  open: { total: number; running: number; atRisk: number; breached: number; paused: number };
}

export interface SlaReport {
  by: ReportDimension | null;
  since: string | null;
  until: string | null;
  generatedAt: string;
  groups: SlaReportRow[];
}

/** `--since`/`--until`: an ISO time or a duration before now. */
export function parseWhen(text: string | undefined, nowMs: number, option: string): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = text.trim();
  if (/^\d+(\.\d+)?\s*[a-z]+$/i.test(value)) {
    const d = parseDuration(value);
    if (d.unit === 'bh' || d.unit === 'bd') throw new BadInput(`${option} ${value}: use real time units (m, h, d, w) or a date`);
    const minutes = { m: 1, h: 60, d: 1440, w: 10080 }[d.unit];
    return nowMs - Math.round(d.amount * minutes * 60_000);
  }
  try {
    return parseInstant(value).getTime();
  } catch {
    throw new BadInput(
      `${option} '${value}': expected a date (2026-03-01), a time (2026-03-01T09:00:00Z) or a duration back from now (30d)`,
    );
  }
}

export function reportWindow(ctx: AppContext, actor: Actor, input: ReportInput): ReportWindow {
  const nowMs = ctx.nowMs();
  const sinceMs = parseWhen(input.since, nowMs, '--since');
  const untilMs = parseWhen(input.until, nowMs, '--until');
  if (sinceMs !== null && untilMs !== null && untilMs <= sinceMs) throw new BadInput('--until must come after --since');
  return { sinceMs, untilMs, nowMs, scope: visibilityOf(actor) };
}

export function parseDimension(by: string | undefined): ReportDimension | null {
  if (by === undefined) return null;
  const value = by.trim().toLowerCase();
  if (!(REPORT_DIMENSIONS as readonly string[]).includes(value))
    throw new BadInput(`bad --by '${by}': use ${REPORT_DIMENSIONS.join(', ')}`);
  return value as ReportDimension;
}

const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

function figures(a: ClockAggregate | undefined): ClockFigures {
  const met = a?.met ?? 0;
  const breached = a?.breached ?? 0;
  return {
    measured: a?.stopped ?? 0,
    met,
    breached,
    withinTargetPct: pct(met, met + breached),
    medianMinutes: a?.median ?? null,
    p90Minutes: a?.p90 ?? null,
  };
}

function compareGroups(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function slaReport(ctx: AppContext, actor: Actor, input: ReportInput): SlaReport {
  const by = parseDimension(input.by);
  const w = reportWindow(ctx, actor, input);
  const dim = by ?? 'all';
  const repo = ctx.slaReport;
  const { rows, levelPickups } = ctx.store.read(() => ({
    rows: repo.groups(dim, w),
    levelPickups: by === 'level' ? repo.levelPickups(w) : null,
  }));
  // By level, pickups are every level's own clock; resolution and open figures the ticket's level.
  const pickups = new Map(
    (levelPickups ?? rows.map((r) => r.pickup).filter((p): p is ClockAggregate => p !== null)).map((a) => [String(a.group), a]),
  );
  const byGroup = new Map(rows.map((r) => [String(r.group), r]));
  const names = new Set([...byGroup.keys(), ...pickups.keys()]);
  const groups = [...names].sort(compareGroups).map((group): SlaReportRow => {
    const p = pickups.get(group);
    const o = byGroup.get(group);
    return {
      group,
      tickets: o?.tickets ?? 0,
      pickup: { ...figures(p), withinHourPct: pct(p?.withinHour ?? 0, p?.stopped ?? 0) },
      resolution: figures(o?.resolution ?? undefined),
      open: { total: o?.open ?? 0, running: o?.running ?? 0, atRisk: o?.atRisk ?? 0, breached: o?.breached ?? 0, paused: o?.paused ?? 0 },
    };
  });
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { by, since: iso(w.sinceMs), until: iso(w.untilMs), generatedAt: new Date(w.nowMs).toISOString(), groups };
}

/**
 * `report sla --recompute`: rebuilds the store's report rollups from the tickets themselves, in
 * one write (the triggers keep them afterwards; this is the repair if one ever drifts).
 */
export function recomputeReportRollups(ctx: AppContext, actor: Actor): void {
  requireAdmin(actor, 'recompute the report rollups');
  ctx.store.write(() => ctx.slaReport.recomputeRollups());
}
