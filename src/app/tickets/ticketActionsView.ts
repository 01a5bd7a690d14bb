// What the TUI needs around the ticket verbs: which actions this actor may take on a ticket now
// (and why not, in the words of the workflow's refusals), and the escalation preview of SPEC 9
// (target level, who handles it and their open load, who will be notified).
import type { Actor } from '../../domain/permissions.js';
import { handles } from '../../domain/permissions.js';
import { DomainError } from '../../domain/errors.js';
import { ACTIONS, checkAction, type Action } from '../../domain/workflow.js';
import type { Level } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { notificationRecipients } from './notificationRecipients.js';
import { actorFromUser } from '../people/actors.js';
import { loadVisibleTicket, workflowTicket } from './ticketWrite.js';

export interface ActionAvailability {
  ticketId: number;
  version: number;
  /** Why each unavailable action is refused; actions not listed are available. */
  refusals: Partial<Record<Action, string>>;
}

/** Every action of SPEC 2.1 checked against the table for this actor and ticket; writes nothing. */
export function actionAvailability(ctx: AppContext, actor: Actor, id: number): ActionAvailability {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, id);
    const ticket = workflowTicket(row);
    const refusals: Partial<Record<Action, string>> = {};
    for (const action of ACTIONS) {
      try {
        checkAction(action, ticket, actor);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refusals[action] = error.message;
      }
    }
    return { ticketId: id, version: row.version, refusals };
  });
}

export interface Handler {
  handle: string;
  name: string;
  role: string;
  away: boolean;
  /** Unsolved tickets assigned to them at the target level. */
  openLoad: number;
}

export interface EscalationPreview {
  ticketId: number;
  version: number;
  subject: string;
  status: string;
  direction: 'escalate' | 'deescalate';
  currentLevel: number;
  /** Null when there is no level to go to (escalating at L3, de-escalating at L1). */
  targetLevel: number | null;
  /** Staff (not admins) who handle the target level for this ticket, least loaded first. */
  handlers: Handler[];
  /** The assignee after the change: none on escalation, the last one at that level on de-escalation. */
  assigneeAfter: string | null;
  /** Handles of the people the change will notify (the actor never is). */
  notified: string[];
  /** Why the actor may not do it now, or null. */
  refusal: string | null;
}

export function escalationPreview(ctx: AppContext, actor: Actor, id: number, direction: 'escalate' | 'deescalate'): EscalationPreview {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, id);
    let refusal: string | null = null;
    try {
      checkAction(direction, workflowTicket(row), actor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = error.message;
    }
    const target = row.level + (direction === 'escalate' ? 1 : -1);
    const targetLevel = target >= 1 && target <= 3 ? target : null;
    const assigneeAfterId = direction === 'deescalate' && targetLevel !== null ? (ctx.tickets.level(row.id, targetLevel)?.lastAssigneeId ?? null) : null;
    const recipients = notificationRecipients(ctx, row, { actorId: actor.id, action: direction, internal: false, assigneeId: assigneeAfterId });
    const people = new Map(ctx.people.usersByIds([...recipients, ...(assigneeAfterId !== null ? [assigneeAfterId] : [])]).map((u) => [u.id, u.handle]));
    return {
      ticketId: row.id,
      version: row.version,
      subject: row.subject,
      status: row.status,
      direction,
      currentLevel: row.level,
      targetLevel,
      handlers: targetLevel === null ? [] : handlersOf(ctx, targetLevel as Level, row.orgId, row.requesterId),
      assigneeAfter: assigneeAfterId !== null ? (people.get(assigneeAfterId) ?? null) : null,
      notified: recipients.map((rid) => people.get(rid) ?? `#${rid}`),
      refusal,
    };
  });
}

/**
 * Staff handling `level` for a ticket of `orgId`, with their open load, least loaded first (away
 * staff last). Reads the user list: staff are few, and requesters are filtered out by role first.
 */
export function handlersOf(ctx: AppContext, level: Level, orgId: number | null, requesterId: number): Handler[] {
  const load = ctx.tickets.openLoadByAssignee(level);
  const access = { level, orgId, requesterId };
  return ctx.people
    .listUsers()
    .filter((u) => u.role !== 'requester' && u.role !== 'admin' && handles(actorFromUser(u), access))
    .map((u) => ({ handle: u.handle, name: u.name, role: u.role, away: u.away, openLoad: load.get(u.id) ?? 0 }))
    .sort((a, b) => Number(a.away) - Number(b.away) || a.openLoad - b.openLoad || a.handle.localeCompare(b.handle));
}

/** Handlers of a ticket's current level (the assign picker). */
export function assignCandidates(ctx: AppContext, actor: Actor, id: number): Handler[] {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, id);
    return handlersOf(ctx, row.level as Level, row.orgId, row.requesterId);
  });
}
