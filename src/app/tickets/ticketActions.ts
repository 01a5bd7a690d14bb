// One use case per verb of SPEC 2.1. Each runs in one IMMEDIATE transaction through applyAction.
import type { Actor } from '../../domain/permissions.js';
import { handles, isStaff, actsAsCustomer, isWaitedOn, servesOrg } from '../../domain/permissions.js';
import { BadInput, Forbidden, InvalidTransition, NotFound } from '../../domain/errors.js';
import { requireText, waitingOnFor } from '../../domain/workflow.js';
import {
  CHANNELS,
  isChannel,
  isPriority,
  isLevel,
  isStaffRole,
  type Level,
  type Role,
  type Status,
  type WaitingOn,
} from '../../domain/types.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { applyAction, checkVersion, loadVisibleTicket, workflowTicket, type Plan, type WriteOptions } from './ticketWrite.js';
import { actorFromUser } from '../people/actors.js';
import { createFollowUp } from './createTicket.js';
import { typeDefaultPriority, validTicketType } from '../settings/dictionaries.js';
import { routeOnLevelEntry } from './routing.js';
import { foldTag } from '../../domain/tags.js';

export interface ActionResult {
  ticket: TicketRow;
  /** Set when a comment on a closed ticket opened a follow-up instead. */
  followUpOf?: number;
}

const run = (ctx: AppContext, fn: () => TicketRow): ActionResult => ({ ticket: ctx.store.write(fn) });

export function acceptTicket(ctx: AppContext, actor: Actor, id: number, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'accept', opts, () => ({ fields: { status: 'open', assigneeId: actor.id }, pickup: true })),
  );
}

export function assignTicket(ctx: AppContext, actor: Actor, id: number, assigneeHandle: string, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'assign', opts, (t) => {
      const user = ctx.people.userByHandle(assigneeHandle);
      if (!user) throw new BadInput(`unknown user '${assigneeHandle}'`);
      const target = actorFromUser(user);
      if (!handles(target, workflowTicket(t))) {
        throw new BadInput(
          `${target.handle} does not handle level ${t.level}${target.role === 'superuser' ? ' of this organization' : ''}; assign someone who does`,
        );
      }
      return { fields: { assigneeId: target.id, status: t.status === 'new' ? 'open' : t.status }, pickup: true };
    }),
  );
}

/** A public reply. On a closed ticket it opens a follow-up ticket instead (SPEC 2.1). */
export function replyToTicket(ctx: AppContext, actor: Actor, id: number, text: string, opts: WriteOptions = {}): ActionResult {
  const body = requireText(text, 'the reply text');
  return ctx.store.write(() => {
    const found = followUpIfClosed(ctx, actor, id, body, false, opts);
    if ('followUp' in found) return found.followUp;
    const ticket = applyAction(ctx, actor, id, 'reply', opts, (t) => replyPlan(actor, t, body), found.row);
    return { ticket };
  });
}

function replyPlan(actor: Actor, t: TicketRow, body: string): Plan {
  const wt = workflowTicket(t);
  const plan: Plan = { comment: { body, internal: false } };
  const status = t.status as Status;
  if (isStaff(actor) && !actsAsCustomer(actor, wt)) {
    if (status === 'new') {
      plan.fields = { status: 'open', ...(t.assigneeId === null && handles(actor, wt) ? { assigneeId: actor.id } : {}) };
      plan.pickup = handles(actor, wt);
    } else if (status === 'pending' && isWaitedOn(actor, wt, wt.waitingOn)) {
      plan.fields = { status: 'open', waitingOn: null };
    }
    return plan;
  }
  // The customer side: a reply answers a pending question, reopens a solved ticket and resumes a
  // hold on the customer. An estimate waits for approve or decline: a reply there is a comment.
  if (t.waitingOn === 'approval') return plan;
  if (status === 'pending' || status === 'solved' || (status === 'on_hold' && t.waitingOn === 'requester'))
    plan.fields = { status: 'open', waitingOn: null, solvedAt: null };
  return plan;
}

export function addNote(ctx: AppContext, actor: Actor, id: number, text: string, opts: WriteOptions = {}): ActionResult {
  const body = requireText(text, 'the note text');
  return ctx.store.write(() => {
    const found = followUpIfClosed(ctx, actor, id, body, true, opts);
    if ('followUp' in found) return found.followUp;
    return { ticket: applyAction(ctx, actor, id, 'note', opts, () => ({ comment: { body, internal: true } }), found.row) };
  });
}

/** The follow-up a comment on a closed ticket opens, or the ticket's row as read (for the action to reuse). */
function followUpIfClosed(
  ctx: AppContext,
  actor: Actor,
  id: number,
  body: string,
  internal: boolean,
  opts: WriteOptions,
): { followUp: ActionResult } | { row: TicketRow | undefined } {
  const row = ctx.tickets.ticketById(id);
  if (!row || row.status !== 'closed') return { row };
  checkVersion(loadVisibleTicket(ctx, actor, id), opts.ifVersion);
  // A follow-up is the requester's ticket and mails them a receipt: an internal note must not open
  // one in their name (README "Differences from the spec").
  if (internal)
    throw new InvalidTransition(
      `ticket #${id} is CLOSED: a note cannot open a follow-up; 'ticketty ticket reply ${id}' opens one with a public message`,
    );
  const ticket = createFollowUp(ctx, actor, id, body, internal, opts);
  return { followUp: { ticket, followUpOf: id } };
}

export function requestInfo(ctx: AppContext, actor: Actor, id: number, text: string | undefined, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'request_info', opts, (t) => {
      const hasSuperusers = t.orgId !== null && ctx.people.superuserIdsOfOrg(t.orgId).length > 0;
      const waitingOn: WaitingOn = waitingOnFor(t.level as Level, hasSuperusers);
      const body = text?.trim();
      return {
        fields: { status: 'pending', waitingOn, ...(t.assigneeId === null ? { assigneeId: actor.id } : {}) },
        // Asking level-2 staff is internal; asking the customer side is public.
        ...(body ? { comment: { body, internal: waitingOn === 'tier2' } } : { text: `waiting on ${waitingOn}` }),
        pickup: t.status === 'new',
      };
    }),
  );
}

export function provideInfo(ctx: AppContext, actor: Actor, id: number, text: string | undefined, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'provide_info', opts, (t) => {
      const body = text?.trim();
      return {
        fields: { status: 'open', waitingOn: null },
        ...(body ? { comment: { body, internal: t.waitingOn === 'tier2' } } : {}),
      };
    }),
  );
}

/**
 * ON HOLD: waiting on an internal team or a third party; with `on: 'requester'`, on the customer
 * gathering material (SPEC 2.1): their reply resumes it, the resolution clock pauses (as while
 * pending) and no automation closes it.
 */
export function holdTicket(
  ctx: AppContext,
  actor: Actor,
  id: number,
  text: string | undefined,
  opts: WriteOptions = {},
  on?: string,
): ActionResult {
  if (on !== undefined && on !== 'requester') throw new BadInput(`bad --on '${on}': the only party a hold can wait on is 'requester'`);
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'hold', opts, () => ({
      fields: { status: 'on_hold', waitingOn: on === 'requester' ? 'requester' : null },
      ...(text?.trim() ? { text: text.trim() } : {}),
    })),
  );
}

export function resumeTicket(ctx: AppContext, actor: Actor, id: number, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () => applyAction(ctx, actor, id, 'resume', opts, () => ({ fields: { status: 'open', waitingOn: null } })));
}

export function escalateTicket(ctx: AppContext, actor: Actor, id: number, reason: string, opts: WriteOptions = {}): ActionResult {
  const text = requireText(reason, 'a reason (--reason)');
  return run(ctx, () =>
    routeOnLevelEntry(
      ctx,
      applyAction(ctx, actor, id, 'escalate', opts, (t) => ({
        // Routing (SPEC 6): app/tickets/routing.ts
        fields: { status: 'new', level: t.level + 1, assigneeId: null, waitingOn: null },
        text,
      })),
    ),
  );
}

export function deescalateTicket(ctx: AppContext, actor: Actor, id: number, reason: string, opts: WriteOptions = {}): ActionResult {
  const text = requireText(reason, 'a reason (--reason)');
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'deescalate', opts, (t) => {
      const target = t.level - 1;
      const previous = ctx.tickets.level(t.id, target)?.lastAssigneeId ?? null;
      return { fields: { status: 'open', level: target, assigneeId: previous, waitingOn: null }, text };
    }),
  );
}

export function solveTicket(ctx: AppContext, actor: Actor, id: number, resolution: string, opts: WriteOptions = {}): ActionResult {
  const text = requireText(resolution, 'a resolution (--resolution)');
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'solve', opts, () => ({
      fields: { status: 'solved', resolution: text, solvedAt: ctx.nowMs(), waitingOn: null },
      text,
    })),
  );
}

export function reopenTicket(ctx: AppContext, actor: Actor, id: number, text: string | undefined, opts: WriteOptions = {}): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'reopen', opts, () => ({
      fields: { status: 'open', solvedAt: null, resolution: null },
      ...(text?.trim() ? { comment: { body: text.trim(), internal: false } } : {}),
    })),
  );
}

export function closeTicket(ctx: AppContext, actor: Actor, id: number, reason: string | undefined, opts: WriteOptions = {}): ActionResult {
  const closingReason = reason?.trim() || 'resolved';
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(closingReason)) {
    throw new BadInput(`bad closing reason '${closingReason}': use a short word such as resolved, duplicate, no_response`);
  }
  return run(ctx, () => applyAction(ctx, actor, id, 'close', opts, () => closePlan(ctx, closingReason)));
}

export function closePlan(ctx: AppContext, closingReason: string): Plan {
  return { fields: { status: 'closed', closingReason, closedAt: ctx.nowMs(), waitingOn: null }, text: closingReason };
}

export function setPriority(ctx: AppContext, actor: Actor, id: number, priority: string, opts: WriteOptions = {}): ActionResult {
  const value = priority.toUpperCase();
  if (!isPriority(value)) throw new BadInput(`bad priority '${priority}': use P1 (Blocker) to P5 (Trivial)`);
  return run(ctx, () => applyAction(ctx, actor, id, 'priority', opts, () => ({ fields: { priority: value } })));
}

/** A type change applies the type's default priority unless someone set the priority by hand (SPEC 2.1). */
export function setType(ctx: AppContext, actor: Actor, id: number, type: string, opts: WriteOptions = {}): ActionResult {
  const value = validTicketType(ctx, type);
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'type', opts, (t) => ({
      fields: { type: value, ...(prioritySetByHand(ctx, t) ? {} : { priority: typeDefaultPriority(ctx, value) }) },
    })),
  );
}

/** A priority change, or a creation whose priority was not its type's default. */
function prioritySetByHand(ctx: AppContext, t: TicketRow): boolean {
  return ctx.tickets.eventsOf(t.id).some((e) => {
    if (e.action === 'priority') return true;
    if (e.action !== 'create' || !e.after) return false;
    const after = JSON.parse(e.after) as { priority?: string; type?: string };
    return after.priority !== undefined && after.type !== undefined && after.priority !== typeDefaultPriority(ctx, after.type);
  });
}

export function normalizeTags(tags: string[]): string[] {
  const result = tags
    .flatMap((t) => t.split(','))
    .map((t) => foldTag(t.trim()))
    .filter(Boolean);
  for (const tag of result) {
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,49}$/u.test(tag)) throw new BadInput(`bad tag '${tag}': letters, digits and _ . : / - only`);
  }
  if (!result.length) throw new BadInput('name at least one tag');
  return result;
}

export function tagTicket(ctx: AppContext, actor: Actor, id: number, tags: string[], opts: WriteOptions = {}): ActionResult {
  const add = normalizeTags(tags);
  return run(ctx, () => applyAction(ctx, actor, id, 'tag', opts, () => ({ tags: { add } })));
}

export function untagTicket(ctx: AppContext, actor: Actor, id: number, tags: string[], opts: WriteOptions = {}): ActionResult {
  const remove = normalizeTags(tags);
  return run(ctx, () => applyAction(ctx, actor, id, 'untag', opts, () => ({ tags: { remove } })));
}

/** Adds (or with `remove`, removes) watchers, by handle or e-mail; the actor when none are named. */
export function watchTicket(
  ctx: AppContext,
  actor: Actor,
  id: number,
  who: string[],
  remove: boolean,
  opts: WriteOptions = {},
): ActionResult {
  const ids = (who.length ? who : [actor.handle]).map((h) => {
    const user = ctx.people.userByHandle(h) ?? ctx.people.userByEmail(h);
    // A bound superuser acts for their organization only: its people or vendor staff, never another customer.
    if (!user || (!servesOrg(actor, user.orgId) && !isStaffRole(user.role as Role) && isStaff(actor)))
      throw new NotFound(`unknown user '${h}'`);
    return user.id;
  });
  return run(ctx, () =>
    applyAction(ctx, actor, id, remove ? 'unwatch' : 'watch', opts, () => ({ watchers: remove ? { remove: ids } : { add: ids } })),
  );
}

/**
 * Opting out of (or back into) one ticket's notifications (SPEC 3): a preference of the actor's,
 * not a change to the ticket (no event, no new version). Staff only: the requester always hears.
 */
export function muteTicket(ctx: AppContext, actor: Actor, id: number, muted: boolean): ActionResult {
  if (!isStaff(actor))
    throw new Forbidden("only staff may opt out of a ticket's notifications; the requester always hears about their ticket");
  return run(ctx, () => {
    const ticket = loadVisibleTicket(ctx, actor, id);
    ctx.tickets.setMuted(id, actor.id, muted);
    return ticket;
  });
}

/** Whether the actor opted out of this ticket's notifications. */
export function isMuted(ctx: AppContext, actor: Actor, id: number): boolean {
  return ctx.store.read(() => ctx.tickets.mutedOf(id).includes(actor.id));
}

export function parseLevel(value: number | string): Level {
  const n = Number(value);
  if (!isLevel(n)) throw new BadInput(`bad level '${value}': use 1, 2 or 3`);
  return n;
}

/**
 * The approval step of custom development (SPEC 2.1): staff record an estimate (its text a public
 * comment, its hours on the event), and the ticket waits on the customer's approval (pending:
 * the resolution clock pauses, as for a question).
 */
export function estimateTicket(
  ctx: AppContext,
  actor: Actor,
  id: number,
  text: string,
  hours: string | undefined,
  opts: WriteOptions = {},
): ActionResult {
  const body = requireText(text, 'the estimate (--text)');
  const h = hours === undefined ? undefined : Number(hours);
  if (h !== undefined && !(Number.isFinite(h) && h > 0 && h <= 100_000))
    throw new BadInput(`bad --hours '${hours}': a positive number of hours`);
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'estimate', opts, () => ({
      fields: { status: 'pending', waitingOn: 'approval' },
      comment: { body: h !== undefined ? `Estimate (${h} h): ${body}` : `Estimate: ${body}`, internal: false },
      ...(h !== undefined ? { record: { hours: h } } : {}),
    })),
  );
}

/** The customer approves the estimate: work starts (open). */
export function approveEstimate(
  ctx: AppContext,
  actor: Actor,
  id: number,
  text: string | undefined,
  opts: WriteOptions = {},
): ActionResult {
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'approve', opts, () => ({
      fields: { status: 'open', waitingOn: null },
      ...(text?.trim() ? { comment: { body: text.trim(), internal: false } } : {}),
    })),
  );
}

/** The customer declines the estimate: solved with the reason, no work done. */
export function declineEstimate(
  ctx: AppContext,
  actor: Actor,
  id: number,
  reason: string | undefined,
  opts: WriteOptions = {},
): ActionResult {
  const why = reason?.trim();
  const resolution = why ? `estimate declined: ${why}` : 'estimate declined';
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'decline', opts, () => ({
      fields: { status: 'solved', resolution, solvedAt: ctx.nowMs(), waitingOn: null },
      text: resolution,
      ...(why ? { comment: { body: why, internal: false } } : {}),
    })),
  );
}

/** Staff move a ticket to another channel (a forum post into support). */
export function setChannel(ctx: AppContext, actor: Actor, id: number, channel: string, opts: WriteOptions = {}): ActionResult {
  const value = channel.trim().toLowerCase();
  if (!isChannel(value)) throw new BadInput(`bad channel '${channel}': use one of ${CHANNELS.join(', ')}`);
  return run(ctx, () => applyAction(ctx, actor, id, 'channel', opts, () => ({ fields: { channel: value } })));
}

/** The requester (or staff) changes the subject or description; the old text stays on the event. */
export function editTicket(
  ctx: AppContext,
  actor: Actor,
  id: number,
  change: { subject?: string | undefined; description?: string | undefined },
  opts: WriteOptions = {},
): ActionResult {
  const subject = change.subject === undefined ? undefined : requireText(change.subject, 'the subject');
  const description = change.description === undefined ? undefined : requireText(change.description, 'the description');
  if (subject === undefined && description === undefined) throw new BadInput('name what changes: --subject TEXT, --description TEXT');
  if (subject !== undefined && (subject.length > 200 || /[\r\n]/.test(subject)))
    throw new BadInput('a subject is one line of at most 200 characters');
  return run(ctx, () =>
    applyAction(ctx, actor, id, 'edit', opts, () => ({
      fields: { ...(subject !== undefined ? { subject } : {}), ...(description !== undefined ? { description } : {}) },
    })),
  );
}
