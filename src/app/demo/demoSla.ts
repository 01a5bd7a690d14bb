// The SLA columns of a generated ticket (SPEC 4), from its finished history: the default
// calendar (Mon–Fri 09:00–17:00 UTC) and the default `standard` plan, as domain/sla.ts defines
// them. The one place where the demo fills SLA figures.
import { DEFAULT_CALENDAR, addBusinessMinutes, businessMinutesBetween } from '../../domain/calendar.js';
import { DEFAULT_SLA_PLAN, breachInstant, dueAtAfterPause } from '../../domain/sla.js';
import type { Priority } from '../../domain/types.js';
import { AT_RISK_SHARE } from '../../domain/slaTransition.js';
import { NO_DUE } from '../../store/port/index.js';

const cal = DEFAULT_CALENDAR;
const MINUTE = 60_000;

/** What the SLA arithmetic needs from a generated ticket's history. */
export interface SlaHistory {
  priority: Priority;
  level: number;
  createdAt: number;
  /** Per level (index 1–3): entered and picked-up times, or -1 when not visited / not picked up. */
  enteredAt: number[];
  pickedAt: number[];
  /** Pending periods (the resolution clock pauses); `to` -1 while still pending. */
  pauseFrom: number[];
  pauseTo: number[];
  pauses: number;
  /** When the resolution clock stopped (solve or close), or -1 while it runs. */
  stoppedAt: number;
}

export interface LevelSla {
  pickupDueAt: number | null;
  pickupMinutes: number | null;
}

export interface TicketSla {
  pickupDueAt: number | null;
  firstPickupAt: number | null;
  pickupMinutes: number | null;
  pickupBreached: number | null;
  resolutionStartAt: number;
  resolutionDueAt: number | null;
  resolutionPausedMinutes: number;
  pausedSince: number | null;
  resolutionMinutes: number | null;
  resolutionBreached: number | null;
  slaDueAt: number;
  /** The earliest moment a running clock has under 25% of its target left, or NO_DUE. */
  slaRiskAt: number;
  /** Per level, index 1–3. */
  levels: LevelSla[];
}

const minutesBetween = (from: number, to: number): number => businessMinutesBetween(cal, new Date(from), new Date(to));

/**
 * Fills the SLA columns as the store keeps them at each transition: due times shifted by the
 * pending periods that ended, breached flags only for stopped clocks (a running clock's breach
 * shows through `sla_due_at` < now), `sla_due_at` the breach instant of the earliest running due
 * time or NO_DUE.
 */
export function demoSlaColumns(h: SlaHistory): TicketSla {
  const target = DEFAULT_SLA_PLAN.targets[h.priority];
  const levels: LevelSla[] = [{ pickupDueAt: null, pickupMinutes: null }];
  for (let level = 1; level <= 3; level++) {
    const entered = h.enteredAt[level] as number;
    const picked = h.pickedAt[level] as number;
    if (entered < 0) {
      levels.push({ pickupDueAt: null, pickupMinutes: null });
      continue;
    }
    levels.push({
      pickupDueAt: target.pickupMinutes === null ? null : addBusinessMinutes(cal, new Date(entered), target.pickupMinutes).getTime(),
      pickupMinutes: picked < 0 ? null : Math.floor(minutesBetween(entered, picked)),
    });
  }
  const first = levels[1] as LevelSla;
  const firstPickupAt = (h.pickedAt[1] as number) < 0 ? null : (h.pickedAt[1] as number);
  const pickupBreached =
    first.pickupMinutes === null ? null : target.pickupMinutes !== null && first.pickupMinutes > target.pickupMinutes ? 1 : 0;

  let pausedMs = 0;
  let pausedSince: number | null = null;
  let resolutionDueAt =
    target.resolutionMinutes === null ? null : addBusinessMinutes(cal, new Date(h.createdAt), target.resolutionMinutes).getTime();
  for (let i = 0; i < h.pauses; i++) {
    const from = h.pauseFrom[i] as number;
    const to = h.pauseTo[i] as number;
    if (to < 0) {
      // Still pending at the end: counted up to the stop (a close while pending), else open.
      if (h.stoppedAt >= 0) pausedMs += minutesBetween(from, h.stoppedAt) * MINUTE;
      else pausedSince = from;
      continue;
    }
    pausedMs += minutesBetween(from, to) * MINUTE;
    if (resolutionDueAt !== null) resolutionDueAt = dueAtAfterPause(cal, new Date(resolutionDueAt), new Date(from), new Date(to)).getTime();
  }
  let resolutionMinutes: number | null = null;
  let resolutionBreached: number | null = null;
  if (h.stoppedAt >= 0) {
    const elapsedMs = Math.max(0, minutesBetween(h.createdAt, h.stoppedAt) * MINUTE - pausedMs);
    resolutionMinutes = Math.floor(elapsedMs / MINUTE);
    resolutionBreached = target.resolutionMinutes !== null && elapsedMs > target.resolutionMinutes * MINUTE ? 1 : 0;
  }

  // As domain/slaTransition.ts `finish` keeps them: the risk moment at 75% of a running target.
  let slaDueAt = NO_DUE;
  let risk = NO_DUE;
  const current = levels[h.level] as LevelSla;
  if (h.stoppedAt < 0 && (h.pickedAt[h.level] as number) < 0 && current.pickupDueAt !== null && target.pickupMinutes !== null) {
    slaDueAt = current.pickupDueAt;
    risk = addBusinessMinutes(cal, new Date(h.enteredAt[h.level] as number), target.pickupMinutes * (1 - AT_RISK_SHARE)).getTime();
  }
  if (h.stoppedAt < 0 && pausedSince === null && resolutionDueAt !== null && target.resolutionMinutes !== null) {
    slaDueAt = Math.min(slaDueAt, resolutionDueAt);
    const pausedMinutes = Math.floor(pausedMs / MINUTE);
    const riskAt = addBusinessMinutes(cal, new Date(h.createdAt), target.resolutionMinutes * (1 - AT_RISK_SHARE) + pausedMinutes).getTime();
    risk = Math.min(risk, riskAt, resolutionDueAt);
  }
  if (slaDueAt !== NO_DUE) slaDueAt = breachInstant(cal, slaDueAt);
  const slaRiskAt = Math.min(risk, slaDueAt);
  return {
    pickupDueAt: first.pickupDueAt,
    firstPickupAt,
    pickupMinutes: first.pickupMinutes,
    pickupBreached,
    resolutionStartAt: h.createdAt,
    resolutionDueAt,
    resolutionPausedMinutes: Math.floor(pausedMs / MINUTE),
    pausedSince,
    resolutionMinutes,
    resolutionBreached,
    slaDueAt,
    slaRiskAt,
    levels,
  };
}
