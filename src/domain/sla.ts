// SLA plans and clock evaluation (SPEC 4). Every minute here is a business minute of a calendar.
import { BadInput } from './errors.js';
import { PRIORITIES, type Priority } from './types.js';
import { addBusinessMinutes, businessMinutesBetween, nextBusinessInstant, type BusinessCalendar } from './calendar.js';

export interface SlaTarget {
  /** Business minutes to pick a ticket up at a level; null = no target. */
  pickupMinutes: number | null;
  /** Business minutes to solve it; null = no target (best effort). */
  resolutionMinutes: number | null;
}
export interface SlaPlan {
  name: string;
  /** When the resolution clock starts: at creation (default) or at the first pickup. */
  startResolutionAt: 'creation' | 'first_pickup';
  targets: Record<Priority, SlaTarget>;
  /**
   * Targets per request type that override the priority's (SPEC 4: questions within 1 bh, work
   * requests within 1 bd); a missing side keeps the priority's target.
   */
  typeTargets?: Record<string, Partial<SlaTarget>>;
}

/** The plan as it applies to a ticket of `type`: the type's targets over every priority's. */
export function planForType(plan: SlaPlan, type: string): SlaPlan {
  const over = plan.typeTargets?.[type];
  if (!over) return plan;
  const targets = Object.fromEntries(PRIORITIES.map((p) => [p, { ...plan.targets[p], ...over }])) as Record<Priority, SlaTarget>;
  return { ...plan, targets };
}

const hours = (h: number | null): number | null => (h === null ? null : h * 60);

/** The `standard` plan of SPEC 4. */
export const DEFAULT_SLA_PLAN: SlaPlan = {
  name: 'standard',
  startResolutionAt: 'creation',
  targets: {
    P1: { pickupMinutes: hours(4), resolutionMinutes: hours(8) },
    P2: { pickupMinutes: hours(8), resolutionMinutes: hours(16) },
    P3: { pickupMinutes: hours(16), resolutionMinutes: hours(80) },
    P4: { pickupMinutes: hours(40), resolutionMinutes: null },
    P5: { pickupMinutes: null, resolutionMinutes: null },
  },
};

export const MAX_TARGET_MINUTES = 525_600;

function validateTargetMinutes(value: unknown, where: string): number | null {
  if (value === null || value === undefined) return null;
  // At most a year of minutes: a larger target made the due-time walk over the calendar fail every creation.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TARGET_MINUTES) {
    throw new BadInput(
      `${where}: expected business minutes from 0 to ${MAX_TARGET_MINUTES} (a year) or null, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Checks an untrusted plan (admin edit, stored JSON); a missing startResolutionAt means creation. */
export function validateSlaPlan(input: unknown): SlaPlan {
  if (typeof input !== 'object' || input === null)
    throw new BadInput('SLA plan: expected an object with name, startResolutionAt and targets');
  const { name, startResolutionAt, targets, typeTargets } = input as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') throw new BadInput('SLA plan: name must be a non-empty text');
  const start = startResolutionAt ?? 'creation';
  if (start !== 'creation' && start !== 'first_pickup')
    throw new BadInput(
      `SLA plan ${name}: startResolutionAt must be 'creation' or 'first_pickup', got ${JSON.stringify(startResolutionAt)}`,
    );
  if (typeof targets !== 'object' || targets === null)
    throw new BadInput(`SLA plan ${name}: targets must map P1…P5 to {pickupMinutes, resolutionMinutes}`);
  const byPriority = targets as Record<string, unknown>;
  const checked = Object.fromEntries(
    PRIORITIES.map((p) => {
      const target = byPriority[p];
      if (typeof target !== 'object' || target === null) throw new BadInput(`SLA plan ${name}: missing targets for ${p}`);
      const { pickupMinutes, resolutionMinutes } = target as Record<string, unknown>;
      return [
        p,
        {
          pickupMinutes: validateTargetMinutes(pickupMinutes, `SLA plan ${name} ${p} pickup`),
          resolutionMinutes: validateTargetMinutes(resolutionMinutes, `SLA plan ${name} ${p} resolution`),
        },
      ];
    }),
  ) as Record<Priority, SlaTarget>;
  if (typeTargets === undefined || typeTargets === null) return { name, startResolutionAt: start, targets: checked };
  if (typeof typeTargets !== 'object')
    throw new BadInput(`SLA plan ${name}: typeTargets must map types to {pickupMinutes?, resolutionMinutes?}`);
  const byType = Object.fromEntries(
    Object.entries(typeTargets as Record<string, unknown>).map(([type, t]) => {
      if (typeof t !== 'object' || t === null) throw new BadInput(`SLA plan ${name}: bad targets for type ${type}`);
      const { pickupMinutes, resolutionMinutes } = t as Record<string, unknown>;
      return [
        type,
        {
          ...(pickupMinutes !== undefined
            ? { pickupMinutes: validateTargetMinutes(pickupMinutes, `SLA plan ${name} type ${type} pickup`) }
            : {}),
          ...(resolutionMinutes !== undefined
            ? { resolutionMinutes: validateTargetMinutes(resolutionMinutes, `SLA plan ${name} type ${type} resolution`) }
            : {}),
        },
      ];
    }),
  );
  return { name, startResolutionAt: start, targets: checked, typeTargets: byType };
}

export interface SlaPause {
  from: Date;
  /** null while the pause is still open. */
  to: Date | null;
}
export interface ClockInput {
  startedAt: Date;
  targetMinutes: number | null;
  pauses: SlaPause[];
  /** When the clock stopped (pickup, solve, staff close); null while it runs. */
  stoppedAt: Date | null;
  now: Date;
}
export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'none';
export interface ClockEvaluation {
  targetMinutes: number | null;
  /** The target shifted by the pauses that began before it; null without a target. */
  dueAt: Date | null;
  /** Business minutes counted (not paused) until the stop or now, rounded down. */
  elapsedMinutes: number;
  /** Business minutes spent paused until the stop or now, rounded down. */
  pausedMinutes: number;
  state: ClockState;
  /** targetMinutes − elapsed (negative once breached), rounded down; null without a target. */
  leftMinutes: number | null;
}

const MINUTE_MS = 60_000;

/**
 * A due time after one pause: later by the business minutes of [pauseFrom, pauseTo) when the
 * pause began before the clock breached (at its due time, or overnight after a due time on a
 * closing instant, elapsed still equals the target); unchanged otherwise (a pause after a breach
 * does not hide it). Never earlier. The store can keep due times in indexed columns and apply
 * this at every resume.
 */
export function dueAtAfterPause(cal: BusinessCalendar, dueAt: Date, pauseFrom: Date, pauseTo: Date): Date {
  if (pauseTo.getTime() <= pauseFrom.getTime() || isBreachedAt(cal, dueAt.getTime(), pauseFrom.getTime())) return new Date(dueAt.getTime());
  return addBusinessMinutes(cal, dueAt, businessMinutesBetween(cal, pauseFrom, pauseTo));
}

/**
 * The instant after which a clock due at `dueAt` is breached (SPEC 4: only once the business
 * time elapsed exceeds the target). A due time inside working hours breaches right after it; one
 * on a closing instant only after the next opening, never overnight or over a weekend.
 * A clock stopped or looked at at instant t is breached iff t > breachInstant(due).
 */
export function breachInstant(cal: BusinessCalendar, dueAt: number): number {
  return nextBusinessInstant(cal, new Date(dueAt)).getTime();
}

/** Whether a clock due at `dueAt` (null: no target) is breached at instant `at`. */
export function isBreachedAt(cal: BusinessCalendar, dueAt: number | null, at: number): boolean {
  return dueAt !== null && at > dueAt && at > breachInstant(cal, dueAt);
}

/** Pauses clipped to [start, end], sorted, overlaps merged. */
function normalizePauses(pauses: SlaPause[], start: number, end: number): Array<{ from: number; to: number; open: boolean }> {
  const clipped = pauses
    .map((p) => {
      const to = p.to === null ? end : p.to.getTime();
      return { from: Math.max(p.from.getTime(), start), to: Math.min(to, end), open: p.to === null || to > end };
    })
    .filter((p) => p.to > p.from || (p.open && p.from <= end))
    .sort((a, b) => a.from - b.from);
  const merged: typeof clipped = [];
  for (const p of clipped) {
    const last = merged.at(-1);
    if (last && p.from <= last.to) {
      last.to = Math.max(last.to, p.to);
      last.open ||= p.open;
    } else merged.push({ ...p });
  }
  return merged;
}

/**
 * One SLA clock at `now`: business minutes elapsed and paused between its start and its stop (or
 * now), the due time, and its state — `none` without a target, `breached` once elapsed exceeds
 * the target (stopped or not), `met` when stopped within it, `paused` while a pause is open,
 * else `running`. An open pause shifts the due time as if it ended now.
 */
export function evaluateClock(cal: BusinessCalendar, input: ClockInput): ClockEvaluation {
  const { startedAt, targetMinutes, pauses, stoppedAt, now } = input;
  if (targetMinutes !== null && (!Number.isFinite(targetMinutes) || targetMinutes < 0))
    throw new BadInput(`SLA target must be business minutes ≥ 0 or none, got ${targetMinutes}`);
  const start = startedAt.getTime();
  const end = Math.max(start, (stoppedAt ?? now).getTime());
  const endDate = new Date(end);
  const normalized = normalizePauses(pauses, start, end);
  let pausedMs = 0;
  for (const p of normalized) pausedMs += Math.round(businessMinutesBetween(cal, new Date(p.from), new Date(p.to)) * MINUTE_MS);
  const elapsedMs = Math.max(0, Math.round(businessMinutesBetween(cal, startedAt, endDate) * MINUTE_MS) - pausedMs);
  const pausedMinutes = Math.floor(pausedMs / MINUTE_MS);
  const elapsedMinutes = Math.floor(elapsedMs / MINUTE_MS);
  if (targetMinutes === null) return { targetMinutes, dueAt: null, elapsedMinutes, pausedMinutes, state: 'none', leftMinutes: null };

  let dueAt = addBusinessMinutes(cal, startedAt, targetMinutes);
  for (const p of normalized) dueAt = dueAtAfterPause(cal, dueAt, new Date(p.from), new Date(p.to));
  const targetMs = Math.round(targetMinutes * MINUTE_MS);
  const isPaused = stoppedAt === null && normalized.some((p) => p.open);
  const state: ClockState = elapsedMs > targetMs ? 'breached' : stoppedAt !== null ? 'met' : isPaused ? 'paused' : 'running';
  return { targetMinutes, dueAt, elapsedMinutes, pausedMinutes, state, leftMinutes: Math.floor((targetMs - elapsedMs) / MINUTE_MS) };
}
