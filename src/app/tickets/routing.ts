// Routing (SPEC 6): when routing is on for a level, a ticket that enters it (created there, mailed
// in, escalated to it, a follow-up) is assigned to the next available staff member who handles it.
// The assignment is a system change (actor null, event `assign`, the assignee is notified); the
// ticket stays `new`, so the assignee still picks it up and the pickup clock keeps running.
import { handles } from '../../domain/permissions.js';
import { pickAssignee, type RoutingCandidate, type RoutingChoice } from '../../domain/routing.js';
import type { Level } from '../../domain/types.js';
import type { TicketRow } from '../../store/port/index.js';
import { actorFromUser } from '../people/actors.js';
import type { AppContext } from '../context.js';
import { getSetting } from '../settings/settingValues.js';
import { workflowTicket, writePlan } from './ticketWrite.js';

/**
 * Config row (not a setting): per level, the turn (a counter, not a time: the clock may stand still
 * under --now) at which each staff member was last routed a ticket.
 */
const LAST_ROUTED_KEY = 'routing.lastRouted';
type LastRouted = Record<string, Record<string, number>>;

export function routedLevels(ctx: AppContext): Level[] {
  return getSetting(ctx, 'routing.levels') as Level[];
}

/** Who routing would choose for the ticket now, or undefined (routing off, assigned, nobody available). */
export function routingChoice(ctx: AppContext, ticket: TicketRow): RoutingChoice | undefined {
  if (ticket.assigneeId !== null || !routedLevels(ctx).includes(ticket.level as Level)) return undefined;
  const wt = workflowTicket(ticket);
  const staff = ctx.routing.staffOfTier(ticket.level).filter((u) => handles(actorFromUser(u), wt));
  const ids = staff.map((u) => u.id);
  const loads = ctx.routing.loadsAtLevel(ids, ticket.level);
  const lastRouted = ((ctx.config.get(LAST_ROUTED_KEY) as LastRouted | undefined) ?? {})[String(ticket.level)] ?? {};
  const project = ticket.type === 'project' && ticket.orgId !== null;
  const handled = project ? ctx.routing.handledForOrg(ids, ticket.orgId!) : undefined;
  const candidates: RoutingCandidate[] = staff.map((u) => ({
    id: u.id,
    handle: u.handle,
    away: u.away,
    load: loads.get(u.id) ?? 0,
    lastRoutedAt: lastRouted[String(u.id)] ?? null,
    ...(handled ? { handledForOrg: handled.get(u.id) ?? 0 } : {}),
  }));
  return pickAssignee({ candidates, project, previousAssigneeId: previousAssignee(ctx, ticket, new Set(ids)) });
}

/** A follow-up stays with whoever had the ticket it follows: its assignee, else its last one at this level. */
function previousAssignee(ctx: AppContext, ticket: TicketRow, handlers: Set<number>): number | null {
  if (ticket.followUpOf === null) return null;
  const previous = ctx.tickets.ticketById(ticket.followUpOf);
  if (!previous) return null;
  if (previous.assigneeId !== null && handlers.has(previous.assigneeId)) return previous.assigneeId;
  return ctx.tickets.level(previous.id, ticket.level)?.lastAssigneeId ?? null;
}

/**
 * Assigns a ticket that just entered its level, when routing is on there. Runs inside the caller's
 * transaction; returns the ticket after the change (unchanged when nothing applies).
 */
export function routeOnLevelEntry(ctx: AppContext, ticket: TicketRow): TicketRow {
  const choice = routingChoice(ctx, ticket);
  if (!choice) return ticket;
  const routed = writePlan(
    ctx,
    null,
    ticket,
    'assign',
    { fields: { assigneeId: choice.candidate.id }, text: `routed to ${choice.candidate.handle} (${choice.why})` },
    {},
  );
  const all = (ctx.config.get(LAST_ROUTED_KEY) as LastRouted | undefined) ?? {};
  const level = String(ticket.level);
  const turn = Math.max(0, ...Object.values(all[level] ?? {})) + 1;
  ctx.config.set(LAST_ROUTED_KEY, { ...all, [level]: { ...all[level], [String(choice.candidate.id)]: turn } });
  return routed;
}
