// The SLA part of a ticket's JSON (SPEC 4, 8), from the columns kept current at each transition
// (domain/slaTransition.ts says what they mean). Elapsed time of a running clock is measured to
// now in the organization's calendar; everything else is read as stored.
import { isoOrNull } from '../../domain/clock.js';
import { businessDayMinutes, businessMinutesBetween, type BusinessCalendar } from '../../domain/calendar.js';
import { dueAtAfterPause, isBreachedAt, planForType } from '../../domain/sla.js';
import { isPriority } from '../../domain/types.js';
import { NO_DUE } from '../../store/port/index.js';
import type { LevelRow, TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { slaRulesFor, type SlaRules } from './slaSettings.js';

export type SlaClockState = 'running' | 'paused' | 'met' | 'breached' | 'none' | 'not_started';
/** The ticket's state, as the `sla=` filter classifies it (first match wins, in this order). */
export type SlaState = 'breached' | 'at_risk' | 'running' | 'paused' | 'met' | 'none';

export interface SlaClockView {
  /** Business minutes; null = no target (best effort). */
  targetMinutes: number | null;
  startedAt: string | null;
  dueAt: string | null;
  /** When the clock stopped (pickup, leaving the level, solve, close); null while it runs. */
  stoppedAt: string | null;
  /** Business minutes counted (pauses excluded) until the stop or now. */
  elapsedMinutes: number;
  pausedMinutes: number;
  state: SlaClockState;
  /** Business minutes left to the target (negative once over); null without a target. */
  leftMinutes: number | null;
}

export interface SlaView {
  /**
   * When the running clock due soonest breaches (what the queue counts down to): its due time, or
   * the next opening when that falls on a closing instant (SPEC 4); null when nothing runs.
   */
  dueAt: string | null;
  /** Real (wall-clock) minutes until `dueAt`, negative when overdue; null when nothing runs. */
  leftMinutes: number | null;
  state: SlaState;
  /** For colouring: breached, at_risk (under 25% of a target left), ok, none. */
  risk: 'breached' | 'at_risk' | 'ok' | 'none';
  plan: string;
  calendar: string;
  /** Business minutes in one business day of the calendar (480 for 09:00–17:00), to show `bd`. */
  businessDayMinutes: number;
  /** The ticket's pickup: the clock of the level it was created at (level 1 normally). */
  pickup: SlaClockView & { level: number };
  /** Every level's own pickup clock, in level order. */
  levels: Array<SlaClockView & { level: number }>;
  resolution: SlaClockView & { pausedSince: string | null; pausedBecause: 'pending' | 'on_hold_requester' | null };
}

const iso = isoOrNull;
const between = (cal: BusinessCalendar, from: number, to: number): number =>
  to <= from ? 0 : businessMinutesBetween(cal, new Date(from), new Date(to));

export function slaState(
  row: Pick<
    TicketRow,
    'pickupBreached' | 'resolutionBreached' | 'slaDueAt' | 'slaRiskAt' | 'pausedSince' | 'pickupDueAt' | 'resolutionDueAt'
  >,
  now: number,
): SlaState {
  // sla_due_at is the breach instant (domain/slaTransition.ts): breached once now is past it.
  if (row.pickupBreached === true || row.resolutionBreached === true || row.slaDueAt < now) return 'breached';
  if (row.slaDueAt < NO_DUE) return row.slaRiskAt <= now ? 'at_risk' : 'running';
  if (row.pausedSince !== null) return 'paused';
  return row.pickupDueAt !== null || row.resolutionDueAt !== null ? 'met' : 'none';
}

function pickupClock(
  cal: BusinessCalendar,
  target: number | null,
  enteredAt: number,
  dueAt: number | null,
  stoppedAt: number | null,
  minutes: number | null,
  now: number,
): SlaClockView {
  const elapsed =
    stoppedAt !== null ? (minutes ?? Math.floor(between(cal, enteredAt, stoppedAt))) : Math.floor(between(cal, enteredAt, now));
  const end = stoppedAt ?? now;
  const state: SlaClockState =
    dueAt === null ? 'none' : isBreachedAt(cal, dueAt, end) ? 'breached' : stoppedAt !== null ? 'met' : 'running';
  return {
    targetMinutes: dueAt === null ? null : target,
    startedAt: iso(enteredAt),
    dueAt: iso(dueAt),
    stoppedAt: iso(stoppedAt),
    elapsedMinutes: elapsed,
    pausedMinutes: 0,
    state,
    leftMinutes: dueAt === null || target === null ? null : target - elapsed,
  };
}

function resolutionClock(cal: BusinessCalendar, target: number | null, row: TicketRow, now: number): SlaView['resolution'] {
  const start = row.resolutionStartAt;
  const base = {
    pausedSince: iso(row.pausedSince),
    pausedBecause: row.pausedSince === null ? null : row.status === 'on_hold' ? ('on_hold_requester' as const) : ('pending' as const),
  };
  if (start === null) {
    return {
      ...base,
      targetMinutes: target,
      startedAt: null,
      dueAt: null,
      stoppedAt: null,
      elapsedMinutes: 0,
      pausedMinutes: 0,
      state: 'not_started',
      leftMinutes: target,
    };
  }
  if (row.resolutionMinutes !== null) {
    const stoppedAt = row.solvedAt ?? row.closedAt;
    const state: SlaClockState = row.resolutionDueAt === null ? 'none' : row.resolutionBreached ? 'breached' : 'met';
    return {
      ...base,
      targetMinutes: row.resolutionDueAt === null ? null : target,
      startedAt: iso(start),
      dueAt: iso(row.resolutionDueAt),
      stoppedAt: iso(stoppedAt),
      elapsedMinutes: row.resolutionMinutes,
      pausedMinutes: row.resolutionPausedMinutes,
      state,
      leftMinutes: row.resolutionDueAt === null || target === null ? null : target - row.resolutionMinutes,
    };
  }
  // Running or paused: an open pause counts to now and pushes the due time as if it ended now.
  const openPause = row.pausedSince !== null ? between(cal, row.pausedSince, now) : 0;
  const paused = Math.floor(row.resolutionPausedMinutes + openPause);
  const elapsed = Math.max(0, Math.floor(between(cal, start, now) - row.resolutionPausedMinutes - openPause));
  let dueAt = row.resolutionDueAt;
  if (dueAt !== null && row.pausedSince !== null)
    dueAt = dueAtAfterPause(cal, new Date(dueAt), new Date(row.pausedSince), new Date(now)).getTime();
  let state: SlaClockState = row.pausedSince !== null ? 'paused' : 'running';
  if (dueAt === null) state = row.pausedSince !== null ? 'paused' : 'none';
  else if (
    (row.pausedSince !== null && isBreachedAt(cal, row.resolutionDueAt, row.pausedSince)) ||
    (row.pausedSince === null && isBreachedAt(cal, dueAt, now))
  )
    state = 'breached';
  return {
    ...base,
    targetMinutes: dueAt === null ? null : target,
    startedAt: iso(start),
    dueAt: iso(dueAt),
    stoppedAt: null,
    elapsedMinutes: elapsed,
    pausedMinutes: paused,
    state,
    leftMinutes: dueAt === null || target === null ? null : target - elapsed,
  };
}

/**
 * `levelRows` and `rules`: the ticket's, when the caller has them (a page reads them in bulk).
 * The clocks (pickup, levels, resolution) are business-time arithmetic over the calendar, and a
 * queue page shows only the due time and the risk: they are computed when first read (once), from
 * what is read here, so a page of 40 computes the one its preview pane shows. They are enumerable
 * like the rest: JSON and structured clones see every field, in the same order.
 */
export function slaView(
  ctx: AppContext,
  row: TicketRow,
  now: number,
  levelRows?: LevelRow[],
  rules: SlaRules = slaRulesFor(ctx, row.orgId),
): SlaView {
  const cal = rules.calendar;
  const targets = planForType(rules.plan, row.type).targets[isPriority(row.priority) ? row.priority : 'P3'];
  const levelsRead = levelRows ?? ctx.tickets.levelsOf(row.id);
  const state = slaState(row, now);
  const running = row.slaDueAt < NO_DUE;
  const view = {
    dueAt: running ? iso(row.slaDueAt) : null,
    leftMinutes: running ? Math.floor((row.slaDueAt - now) / 60_000) : null,
    state,
    risk: state === 'breached' || state === 'at_risk' ? state : state === 'running' ? 'ok' : 'none',
    plan: rules.planName,
    calendar: rules.calendarName,
    businessDayMinutes: businessDayMinutes(cal),
  } as SlaView;
  computedOnRead(view, 'pickup', () => ({
    level: levelsRead.find((l) => l.enteredAt === row.createdAt)?.level ?? levelsRead[0]?.level ?? row.level,
    ...pickupClock(cal, targets.pickupMinutes, row.createdAt, row.pickupDueAt, row.firstPickupAt, row.pickupMinutes, now),
  }));
  computedOnRead(view, 'levels', () =>
    levelsRead.map((l) => ({
      level: l.level,
      ...pickupClock(cal, targets.pickupMinutes, l.enteredAt, l.pickupDueAt, l.pickedUpAt, l.pickupMinutes, now),
    })),
  );
  computedOnRead(view, 'resolution', () => resolutionClock(cal, targets.resolutionMinutes, row, now));
  return view;
}

/** Defines `key` on `target` as `compute()`'s value, computed at the first read and then kept as a plain value. */
function computedOnRead<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
}
