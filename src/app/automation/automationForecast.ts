// The automations' part of `ticketty forecast`: reminders, tags and auto-closes that will fire by
// the end of the window. Registered in SOURCES of app/automation/forecast.ts; the shapes below match its
// ForecastSource structurally, so this file does not depend on it.
import { AUTOMATED_STATUSES, type AutomationStep } from '../../domain/automationPolicy.js';
import { candidateCutoff, dueSteps, scheduleFor, stepsFor } from '../../domain/automationSchedule.js';
import { isVisible } from '../../domain/permissions.js';
import type { Scope, TicketRow } from '../../store/port/index.js';
import { automationCalendar, automationPolicy } from './automation.js';
import type { AppContext } from '../context.js';

export interface AutomationForecastItem {
  at: string;
  kind: string;
  ticketId: number;
  subject: string;
  priority: string;
  status: string;
  level: number;
  assignee: string | null;
}

export interface AutomationForecastWindow {
  nowMs: number;
  /** Whose tickets the reader may see (null: all). */
  scope: Scope;
}

const soonest = (a: { at: number; ticket: TicketRow }, b: { at: number; ticket: TicketRow }) => a.at - b.at || a.ticket.id - b.ticket.id;
const kindOf = (step: AutomationStep) => (step.close !== null ? 'auto_close' : step.remind ? 'reminder' : 'auto_tag');

/**
 * Steps not fired yet whose due time is at most `untilMs`, soonest first, at most `limit`. Steps
 * already overdue (automate has not run since) are listed at their due time, except reminders that
 * the next run will skip because a later step is due too.
 */
export function automationForecast(
  ctx: AppContext,
  window: AutomationForecastWindow,
  untilMs: number,
  limit: number,
): AutomationForecastItem[] {
  const policy = automationPolicy(ctx);
  const repo = ctx.automation;
  const found: Array<{ at: number; kind: string; ticket: TicketRow }> = [];
  for (const status of AUTOMATED_STATUSES) {
    const steps = stepsFor(policy, status);
    const cutoff = candidateCutoff(policy, status, untilMs);
    if (cutoff === null) continue;
    let after: { statusSince: number; id: number } | undefined;
    for (;;) {
      const chunk = repo.candidates({ status, sinceAtMost: cutoff, unlessFired: steps[steps.length - 1]!.id, after, limit: 500 });
      if (!chunk.length) break;
      after = { statusSince: chunk[chunk.length - 1]!.statusSince, id: chunk[chunk.length - 1]!.id };
      const visible = chunk.filter((t) => isVisible(window.scope, t));
      const fired = repo.firedSteps(new Map(visible.map((t) => [t.id, t.statusSince])));
      for (const ticket of visible) {
        const done = fired.get(ticket.id) ?? new Set<string>();
        const cal = automationCalendar(ctx, ticket.orgId);
        const skipped = new Set(
          dueSteps(policy, ticket, done, window.nowMs, cal)
            .filter((d) => d.superseded)
            .map((d) => d.step.id),
        );
        for (const s of scheduleFor(policy, ticket, cal)) {
          if (s.dueAt <= untilMs && !done.has(s.step.id) && !skipped.has(s.step.id))
            found.push({ at: s.dueAt, kind: kindOf(s.step), ticket });
        }
      }
      // Keep only the soonest `limit`: memory stays bounded whatever the number of tickets.
      if (found.length > 2 * limit) found.splice(0, found.length, ...found.sort(soonest).slice(0, limit));
      if (chunk.length < 500) break;
    }
  }
  const top = found.sort(soonest).slice(0, limit);
  const assignees = new Map(
    ctx.people
      .usersByIds([...new Set(top.flatMap((f) => (f.ticket.assigneeId !== null ? [f.ticket.assigneeId] : [])))])
      .map((u) => [u.id, u.handle]),
  );
  return top.map(({ at, kind, ticket }) => ({
    at: new Date(at).toISOString(),
    kind,
    ticketId: ticket.id,
    subject: ticket.subject,
    priority: ticket.priority,
    status: ticket.status,
    level: ticket.level,
    assignee: ticket.assigneeId !== null ? (assignees.get(ticket.assigneeId) ?? null) : null,
  }));
}

/** The source to list in SOURCES of app/automation/forecast.ts. */
export const automationForecastSource = {
  name: 'automations',
  list: (ctx: AppContext, window: AutomationForecastWindow, untilMs: number, limit: number): AutomationForecastItem[] =>
    automationForecast(ctx, window, untilMs, limit),
};
