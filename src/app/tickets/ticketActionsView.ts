// What the TUI needs around the ticket verbs: which actions this actor may take on a ticket now
// (and why not, in the words of the workflow's refusals), and the escalation preview of SPEC 9
// (target level, who handles it and their open load, the assignee after, who will be notified),
// taken from the write itself, run and rolled back.
import type { Actor } from '../../domain/permissions.js';
import { handles } from '../../domain/permissions.js';
import { DomainError } from '../../domain/errors.js';
import { ACTIONS, checkAction, type Action } from '../../domain/workflow.js';
import { isoOrNull } from '../../domain/clock.js';
import type { Level } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { actorFromUser } from '../people/actors.js';
import { loadVisibleTicket, workflowTicket } from './ticketWrite.js';
import { previewWrite, type WriteTrial } from './previewWrite.js';
import { EAGER_RUNNERS } from './verbRunners.js';
import type { ActionResult } from './ticketActions.js';

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
  /** The level change previewed (escalate, deescalate). */
  verb: Action;
  currentLevel: number;
  /** The level after the change, null when it is refused (escalating at L3, de-escalating at L1…). */
  targetLevel: number | null;
  /** The status after the change, as the write leaves it. */
  statusAfter: string | null;
  /** Staff (not admins) who handle the target level for this ticket, least loaded first. */
  handlers: Handler[];
  /** The assignee after the change, routing included: what the write assigns. */
  assigneeAfter: string | null;
  /** Handles of the people the change notifies, in the order the write queues them (never the actor). */
  notified: string[];
  /** When the pickup clock of the target level falls due (ISO), as the write sets it; null if none. */
  pickupDueAt: string | null;
  /** Why the actor may not do it now, or null. */
  refusal: string | null;
}

/** The reason given to the trial run; the reason never changes who is assigned or notified. */
const PREVIEW_REASON = 'preview';

/**
 * The escalation view's preview (SPEC 9): runs the escalation (or de-escalation) itself in a
 * transaction that is rolled back (previewWrite), so the assignee after routing, the people
 * notified and the SLA clock shown are the ones the write produces.
 */
export function escalationPreview(ctx: AppContext, actor: Actor, id: number, verb: Action): EscalationPreview {
  const row = ctx.store.read(() => loadVisibleTicket(ctx, actor, id));
  let trial: WriteTrial<ActionResult> | null = null;
  let refusal: string | null = null;
  try {
    trial = previewWrite(ctx, (on) => EAGER_RUNNERS[verb as keyof typeof EAGER_RUNNERS](on, actor, id, { text: PREVIEW_REASON }, {}));
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'busy' || error.kind === 'not_found') throw error;
    refusal = error.message;
  }
  const after = trial?.result.ticket;
  const recipientIds = [...new Set((trial?.outbox ?? []).map((o) => o.recipientId))];
  return ctx.store.read(() => {
    const people = new Map(
      ctx.people.usersByIds([...recipientIds, ...(after?.assigneeId ? [after.assigneeId] : [])]).map((u) => [u.id, u.handle]),
    );
    return {
      ticketId: row.id,
      version: row.version,
      subject: row.subject,
      status: row.status,
      verb,
      currentLevel: row.level,
      targetLevel: after?.level ?? null,
      statusAfter: after?.status ?? null,
      handlers: after ? handlersOf(ctx, after.level as Level, row.orgId, row.requesterId) : [],
      assigneeAfter: after?.assigneeId ? (people.get(after.assigneeId) ?? null) : null,
      notified: recipientIds.map((rid) => people.get(rid) ?? `#${rid}`),
      pickupDueAt: isoOrNull(after?.pickupDueAt ?? null),
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
