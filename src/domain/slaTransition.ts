// The SLA columns of a ticket after one transition (SPEC 4), as a pure function of the columns
// before, the change, the time, the plan and the calendar. The store keeps these columns indexed
// so that queues sort by due time and reports aggregate in SQL; this is their only writer.
//
// Column semantics (times in epoch ms, minutes are business minutes of the calendar, floored):
// - Per level (ticket_levels): the pickup clock runs from `enteredAt` until `pickedUpAt`, the first
//   of: a staff pickup at that level (accept, assign, first public staff reply, request-info from
//   new), the ticket leaving the level, a solve or a close. `pickupDueAt` = entered + target (null
//   without a target); `pickupMinutes` = business minutes entered → stop (null while running).
//   Entering a level as `new` starts a fresh clock; coming back (de-escalation) to a level that was
//   picked up keeps its stopped clock.
// - The ticket's pickup (tickets.pickup_*): the clock of the level the ticket was created at
//   (level 1 unless staff chose another). `firstPickupAt` = its stop, `pickupBreached` = stopped
//   once business time passed its due time (null while it runs; a running clock's breach shows
//   as sla_due_at < now).
// - Resolution: starts at creation (or at the ticket's pickup when the plan says so:
//   `resolutionStartAt` null until then); `resolutionDueAt` = start + target, pushed back by every
//   pause that began before it; a pause is a stay in `pending`, and on reopen the time spent solved.
//   `resolutionPausedMinutes` sums closed pauses, `pausedSince` marks an open one.
//   It stops at `solved` or `closed`: `resolutionMinutes` = elapsed − paused, `resolutionBreached`
//   = stopped once business time passed its due time. Reopening sets both back to null and the clock runs on, the solved
//   interval counting as a pause. Escalation never resets it.
// - A priority change re-targets the running clocks from their start (stopped verdicts stay):
//   due = start + new target + paused minutes so far. A type change does the same with the new
//   type's targets (a plan's per-type targets).
// - `slaDueAt`: the breach instant (domain/sla.breachInstant) of the earliest due time among
//   running clocks (the current level's pickup, the resolution unless paused), NO_DUE when none
//   runs; the ticket is breached once now > slaDueAt. `slaRiskAt`: the earliest moment a running
//   clock has under 25% of its target left (start + 75% of the target + pauses), NO_DUE when none.
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './calendar.js';
import { breachInstant, dueAtAfterPause, isBreachedAt, type SlaPlan } from './sla.js';
import type { Priority } from './types.js';

/** `sla_due_at` / `sla_risk_at` when no clock runs (the largest valid JS Date). */
export const NO_DUE_MS = 8_640_000_000_000_000;
/** A running clock is at risk once less than this share of its target is left. */
export const AT_RISK_SHARE = 0.25;

export interface TicketSlaColumns {
  pickupDueAt: number | null;
  firstPickupAt: number | null;
  pickupMinutes: number | null;
  pickupBreached: boolean | null;
  resolutionStartAt: number | null;
  resolutionDueAt: number | null;
  resolutionPausedMinutes: number;
  pausedSince: number | null;
  resolutionMinutes: number | null;
  resolutionBreached: boolean | null;
  slaDueAt: number;
  slaRiskAt: number;
}

export interface LevelClock {
  level: number;
  enteredAt: number;
  pickupDueAt: number | null;
  pickedUpAt: number | null;
  pickupMinutes: number | null;
}

export interface SlaSide {
  status: string;
  level: number;
  priority: Priority;
  /** The request type, when the plan has per-type targets: a change re-targets like a priority change. */
  type?: string;
}

export interface SlaTransitionInput {
  before: SlaSide & {
    createdAt: number;
    /** When a solved ticket was solved (the resolution clock's stop), for a reopen. */
    solvedAt: number | null;
    sla: TicketSlaColumns;
    /** The clock of the level the ticket is at before the change. */
    levelClock: LevelClock | null;
    /** The clock of the level it moves to, when the level changes (null: never there). */
    targetLevelClock?: LevelClock | null;
  };
  after: SlaSide;
  /** A staff pickup at the ticket's (new) level. */
  pickup: boolean;
  now: number;
  plan: SlaPlan;
  calendar: BusinessCalendar;
}

export interface SlaTransitionResult {
  sla: TicketSlaColumns;
  /** Level clocks to write (the current one, and the one left behind when the level changed). */
  levels: LevelClock[];
}

const STOPPED = new Set(['solved', 'closed']);

function addMinutes(cal: BusinessCalendar, from: number, minutes: number): number {
  return addBusinessMinutes(cal, new Date(from), minutes).getTime();
}
function minutesBetween(cal: BusinessCalendar, from: number, to: number): number {
  return to <= from ? 0 : businessMinutesBetween(cal, new Date(from), new Date(to));
}

/** A fresh pickup clock for a level entered at `at`. */
export function startLevelClock(plan: SlaPlan, cal: BusinessCalendar, priority: Priority, level: number, at: number): LevelClock {
  const target = plan.targets[priority].pickupMinutes;
  return { level, enteredAt: at, pickupDueAt: target === null ? null : addMinutes(cal, at, target), pickedUpAt: null, pickupMinutes: null };
}

/** The columns of a ticket created at `createdAt` at `level`, and its first level clock. */
export function slaOnCreate(
  plan: SlaPlan,
  cal: BusinessCalendar,
  priority: Priority,
  level: number,
  createdAt: number,
): SlaTransitionResult {
  const clock = startLevelClock(plan, cal, priority, level, createdAt);
  const resolutionTarget = plan.targets[priority].resolutionMinutes;
  const fromCreation = plan.startResolutionAt === 'creation';
  const sla: TicketSlaColumns = {
    pickupDueAt: clock.pickupDueAt,
    firstPickupAt: null,
    pickupMinutes: null,
    pickupBreached: null,
    resolutionStartAt: fromCreation ? createdAt : null,
    resolutionDueAt: fromCreation && resolutionTarget !== null ? addMinutes(cal, createdAt, resolutionTarget) : null,
    resolutionPausedMinutes: 0,
    pausedSince: null,
    resolutionMinutes: null,
    resolutionBreached: null,
    slaDueAt: NO_DUE_MS,
    slaRiskAt: NO_DUE_MS,
  };
  finish(sla, clock, plan, cal, priority);
  return { sla, levels: [clock] };
}

/** Whether a transition can touch the clocks at all (the cheap path for tags, notes, watchers). */
export function touchesSla(before: SlaSide, after: SlaSide, pickup: boolean): boolean {
  return (
    pickup ||
    before.status !== after.status ||
    before.level !== after.level ||
    before.priority !== after.priority ||
    before.type !== after.type
  );
}

export function slaTransition(input: SlaTransitionInput): SlaTransitionResult {
  const { before, after, now, plan, calendar: cal } = input;
  const sla: TicketSlaColumns = { ...before.sla };
  const targets = plan.targets[after.priority];
  const resolutionRuns = () => sla.resolutionStartAt !== null && sla.resolutionMinutes === null;

  // 1. A pause ends: leaving `pending`, or a solved ticket reopened (its solved time is a pause).
  if (before.status === 'pending' && after.status !== 'pending' && sla.pausedSince !== null) endPause(sla, cal, sla.pausedSince, now);
  if (before.status === 'solved' && !STOPPED.has(after.status) && sla.resolutionStartAt !== null) {
    const solvedAt = before.solvedAt ?? now;
    sla.resolutionMinutes = null;
    sla.resolutionBreached = null;
    endPause(sla, cal, solvedAt, now);
  }

  // 2. A priority change (or a type change, per-type targets) re-targets the running clocks from their start.
  let current: LevelClock | null = before.levelClock ? { ...before.levelClock } : null;
  if (before.priority !== after.priority || before.type !== after.type) {
    if (sla.firstPickupAt === null)
      sla.pickupDueAt = targets.pickupMinutes === null ? null : addMinutes(cal, before.createdAt, targets.pickupMinutes);
    if (current && current.pickedUpAt === null)
      current.pickupDueAt = targets.pickupMinutes === null ? null : addMinutes(cal, current.enteredAt, targets.pickupMinutes);
    if (resolutionRuns()) {
      const target = targets.resolutionMinutes;
      sla.resolutionDueAt = target === null ? null : addMinutes(cal, sla.resolutionStartAt as number, target + sla.resolutionPausedMinutes);
    }
  }

  // 3. Level clocks: the one left behind stops; the one entered starts (or is kept, when coming
  // back to a level that was picked up); a pickup, a solve or a close stops the current one.
  const levels: LevelClock[] = [];
  const stop = (clock: LevelClock) => {
    if (clock.pickedUpAt !== null) return;
    clock.pickedUpAt = now;
    clock.pickupMinutes = Math.floor(minutesBetween(cal, clock.enteredAt, now));
    if (sla.firstPickupAt === null) {
      sla.firstPickupAt = now;
      sla.pickupMinutes = clock.pickupMinutes;
      sla.pickupBreached = isBreachedAt(cal, sla.pickupDueAt, now);
      if (sla.resolutionStartAt === null) {
        sla.resolutionStartAt = now;
        sla.resolutionDueAt = targets.resolutionMinutes === null ? null : addMinutes(cal, now, targets.resolutionMinutes);
      }
    }
  };
  if (after.level !== before.level) {
    if (current) {
      stop(current);
      levels.push(current);
    }
    const known = before.targetLevelClock ?? null;
    current =
      after.status !== 'new' && known && known.pickedUpAt !== null
        ? { ...known }
        : startLevelClock(plan, cal, after.priority, after.level, now);
  }
  if (current && (input.pickup || STOPPED.has(after.status))) stop(current);
  if (current) levels.push(current);

  // 4. The resolution clock stops at solved or closed; entering `pending` pauses it.
  if (STOPPED.has(after.status) && !STOPPED.has(before.status) && resolutionRuns()) {
    if (sla.pausedSince !== null) endPause(sla, cal, sla.pausedSince, now);
    const elapsed = minutesBetween(cal, sla.resolutionStartAt as number, now) - sla.resolutionPausedMinutes;
    sla.resolutionMinutes = Math.max(0, Math.floor(elapsed));
    sla.resolutionBreached = isBreachedAt(cal, sla.resolutionDueAt, now);
  }
  if (after.status === 'pending' && before.status !== 'pending' && resolutionRuns()) sla.pausedSince = now;

  finish(sla, current, plan, cal, after.priority);
  return { sla, levels };
}

/** Closes a pause [from, to): its business minutes are counted and the due time moves on. */
function endPause(sla: TicketSlaColumns, cal: BusinessCalendar, from: number, to: number): void {
  sla.pausedSince = null;
  if (to <= from) return;
  sla.resolutionPausedMinutes += Math.round(minutesBetween(cal, from, to));
  if (sla.resolutionDueAt !== null)
    sla.resolutionDueAt = dueAtAfterPause(cal, new Date(sla.resolutionDueAt), new Date(from), new Date(to)).getTime();
}

/** Recomputes sla_due_at and sla_risk_at from the running clocks. */
function finish(sla: TicketSlaColumns, current: LevelClock | null, plan: SlaPlan, cal: BusinessCalendar, priority: Priority): void {
  const targets = plan.targets[priority];
  let due = NO_DUE_MS;
  let risk = NO_DUE_MS;
  if (current && current.pickedUpAt === null && current.pickupDueAt !== null && targets.pickupMinutes !== null) {
    due = current.pickupDueAt;
    risk = addMinutes(cal, current.enteredAt, targets.pickupMinutes * (1 - AT_RISK_SHARE));
  }
  const resolutionRunning = sla.resolutionStartAt !== null && sla.resolutionMinutes === null && sla.pausedSince === null;
  if (resolutionRunning && sla.resolutionDueAt !== null && targets.resolutionMinutes !== null) {
    due = Math.min(due, sla.resolutionDueAt);
    const riskAt = addMinutes(
      cal,
      sla.resolutionStartAt as number,
      targets.resolutionMinutes * (1 - AT_RISK_SHARE) + sla.resolutionPausedMinutes,
    );
    risk = Math.min(risk, riskAt, sla.resolutionDueAt);
  }
  // Stored as the breach instant: a ticket is breached once now > sla_due_at (SPEC 4).
  sla.slaDueAt = due === NO_DUE_MS ? due : breachInstant(cal, due);
  sla.slaRiskAt = Math.min(risk, sla.slaDueAt);
}
