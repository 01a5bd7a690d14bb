// When the steps of an automation policy fall due for one stay of a ticket in a status. Pure.
import { addDuration, type Duration } from './duration.js';
import type { BusinessCalendar } from './calendar.js';
import type { AutomatedStatus, AutomationPolicy, AutomationStep } from './automationPolicy.js';

export interface ScheduledStep {
  step: AutomationStep;
  dueAt: number;
}

export interface DueStep extends ScheduledStep {
  /**
   * A reminder that is overdue while a later step is due too (the job did not run for a while):
   * it is recorded as fired but sends nothing, so nobody gets two reminders and a close at once.
   */
  superseded: boolean;
}

export interface StayInStatus {
  status: string;
  /** When the ticket entered its current status (epoch ms). */
  statusSince: number;
}

export function stepsFor(policy: AutomationPolicy, status: string): AutomationStep[] {
  return (policy as Partial<Record<string, AutomationStep[]>>)[status] ?? [];
}

/** Every step of the status with its due time. Later steps never fall due before earlier ones. */
export function scheduleFor(policy: AutomationPolicy, stay: StayInStatus, cal: BusinessCalendar): ScheduledStep[] {
  const result: ScheduledStep[] = [];
  let previousDue = stay.statusSince;
  for (const step of stepsFor(policy, stay.status)) {
    const base = step.from === 'status' ? stay.statusSince : previousDue;
    const dueAt = Math.max(addDuration(cal, new Date(base), step.delay).getTime(), previousDue);
    result.push({ step, dueAt });
    previousDue = dueAt;
  }
  return result;
}

/** The steps due at `now` that have not fired yet in this stay, in order. */
export function dueSteps(
  policy: AutomationPolicy,
  stay: StayInStatus,
  fired: ReadonlySet<string>,
  now: number,
  cal: BusinessCalendar,
): DueStep[] {
  const due = scheduleFor(policy, stay, cal).filter((s) => s.dueAt <= now && !fired.has(s.step.id));
  return due.map((s, i) => ({
    ...s,
    superseded: i < due.length - 1 && s.step.remind && s.step.tags.length === 0 && s.step.close === null,
  }));
}

/** The next step to fire in this stay (due or not), or undefined when every step has fired. */
export function nextStep(
  policy: AutomationPolicy,
  stay: StayInStatus,
  fired: ReadonlySet<string>,
  cal: BusinessCalendar,
): ScheduledStep | undefined {
  return scheduleFor(policy, stay, cal).find((s) => !fired.has(s.step.id));
}

/**
 * A lower bound of the real time a duration spans, whatever the calendar: lets the store select
 * candidates by `status_since` with an index before the exact business arithmetic. Calendar units
 * and business hours span at least their real length; `bd` lands on a later day but may be snapped
 * to that day's opening hours, so it counts a day less (and an hour less for a DST change).
 */
export function minimumRealMs(d: Duration): number {
  const minute = 60_000;
  switch (d.unit) {
    case 'm':
      return d.amount * minute;
    case 'h':
    case 'bh':
      return d.amount * 60 * minute;
    case 'd':
      return d.amount * 1440 * minute;
    case 'w':
      return d.amount * 7 * 1440 * minute;
    case 'bd':
      return Math.max(0, (d.amount - 1) * 1440 * minute - 60 * minute);
  }
}

/** Tickets in `status` whose stay began after this instant cannot have a step due by `at`. */
export function candidateCutoff(policy: AutomationPolicy, status: AutomatedStatus, at: number): number | null {
  const first = stepsFor(policy, status)[0];
  return first ? at - minimumRealMs(first.delay) : null;
}
