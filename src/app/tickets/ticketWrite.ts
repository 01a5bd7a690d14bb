// The one path by which a ticket changes: check, write the change, its event and its outbox rows,
// all inside the caller's IMMEDIATE transaction.
import type { Actor } from '../../domain/permissions.js';
import { checkAction, type Action, type WorkflowTicket } from '../../domain/workflow.js';
import { Conflict, NotFound } from '../../domain/errors.js';
import { canSee } from '../../domain/permissions.js';
import { NOTIFYING_ACTIONS } from '../../domain/notifications.js';
import type { Channel, Level, Status, WaitingOn } from '../../domain/types.js';
import { rowAfterUpdate, type NewTicket, type TicketRow, type WorkflowRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { applySlaClocks } from '../sla/slaClocks.js';
import { notificationRecipients, ticketSnapshot } from './notificationRecipients.js';
import { levelWrites, type LevelWrites } from './levelWrites.js';

export interface WriteOptions {
  /** Refuse with Conflict unless the ticket is still at this version. */
  ifVersion?: number | undefined;
  batchId?: string | undefined;
  channel?: Channel | undefined;
}

/** What an action changes. Fields not listed stay as they are. */
export interface Plan {
  fields?: Partial<NewTicket>;
  comment?: { body: string; internal: boolean };
  /** Text kept on the event: a reason, a resolution. */
  text?: string;
  tags?: { add?: string[]; remove?: string[] };
  watchers?: { add?: number[]; remove?: number[] };
  /** Marks a pickup at the ticket's (new) level by the actor. */
  pickup?: boolean;
  /** Values kept on the event beside the changed fields (an estimate's hours). */
  record?: Record<string, unknown>;
  /** Extra writes after the ticket row, e.g. per-level rows. */
  after?: (ticket: TicketRow) => void;
}

export function workflowTicket(row: WorkflowRow): WorkflowTicket {
  return {
    id: row.id,
    requesterId: row.requesterId,
    orgId: row.orgId,
    level: row.level as Level,
    status: row.status as Status,
    waitingOn: row.waitingOn as WaitingOn | null,
  };
}

/** Loads a ticket the actor may see, or NotFound (the same answer whether it exists or not). */
export function loadVisibleTicket(ctx: AppContext, actor: Actor, id: number): TicketRow {
  return visibleTicket(actor, id, ctx.tickets.ticketById(id));
}

function visibleTicket(actor: Actor, id: number, row: TicketRow | undefined): TicketRow {
  if (!row || !canSee(actor, workflowTicket(row))) throw new NotFound(`ticket #${id} not found`);
  return row;
}

export function checkVersion(row: TicketRow, ifVersion: number | undefined): void {
  if (ifVersion !== undefined && ifVersion !== row.version) {
    throw new Conflict(
      `ticket #${row.id} has changed since version ${ifVersion} (now version ${row.version}); reload and try again`,
      row.version,
    );
  }
}

/**
 * Checks `action` against the workflow table, then applies the plan that `decide` returns.
 * Must run inside a write transaction. `loaded`: the ticket's row as this transaction already read it.
 */
export function applyAction(
  ctx: AppContext,
  actor: Actor,
  ticketId: number,
  action: Action,
  options: WriteOptions,
  decide: (ticket: TicketRow) => Plan,
  loaded?: TicketRow,
): TicketRow {
  const row = loaded ? visibleTicket(actor, ticketId, loaded) : loadVisibleTicket(ctx, actor, ticketId);
  checkVersion(row, options.ifVersion);
  checkAction(action, workflowTicket(row), actor);
  return writePlan(ctx, actor.id, row, action, decide(row), options);
}

const TRACKED_FIELDS: Array<keyof TicketRow> = [
  'subject',
  'status',
  'level',
  'priority',
  'type',
  'assigneeId',
  'waitingOn',
  'resolution',
  'closingReason',
  'channel',
  'description',
];

/** Writes a plan for an already-checked action. Returns the ticket after the change. */
export function writePlan(
  ctx: AppContext,
  actorId: number | null,
  row: TicketRow,
  action: string,
  plan: Plan,
  options: WriteOptions,
): TicketRow {
  const now = ctx.nowMs();
  // An honest clock: a change never lands before the ticket's last one (a pickup before the
  // ticket was created, an updatedAt going back). Clocks in the past still create tickets.
  if (now < row.updatedAt) {
    throw new Conflict(
      `the clock (${new Date(now).toISOString()}) is before the last change of ticket #${row.id} (${new Date(row.updatedAt).toISOString()}): check --now or TICKETTY_NOW`,
      row.version,
    );
  }
  const planned: Partial<NewTicket> = plan.fields ?? {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of TRACKED_FIELDS) {
    if (key in planned && planned[key as keyof NewTicket] !== row[key]) {
      before[key] = row[key];
      after[key] = planned[key as keyof NewTicket];
    }
  }
  const tagChanges = diffTags(ctx, row.id, plan.tags);
  if (tagChanges.added.length || tagChanges.removed.length) {
    before.tags = tagChanges.before;
    after.tags = tagChanges.after;
  }
  const watcherChanges = diffWatchers(ctx, row.id, plan.watchers);
  if (watcherChanges.added.length || watcherChanges.removed.length) {
    before.watchers = watcherChanges.before;
    after.watchers = watcherChanges.after;
  }
  if (plan.record) Object.assign(after, plan.record);
  const changed = Object.keys(after).length > 0 || plan.comment !== undefined || plan.pickup === true;
  if (!changed) return row;

  // One literal: properties added to an object one by one after it is made are the slow kind.
  const statusChanged = planned.status !== undefined && planned.status !== row.status;
  const fields: Partial<NewTicket> = statusChanged ? { ...planned, statusSince: now, updatedAt: now } : { ...planned, updatedAt: now };
  const levels = levelWrites(ctx.tickets);
  const sla = applySlaClocks(ctx, row, fields, plan.pickup === true, now, levels); // SLA clocks: app/sla/slaClocks.ts
  if (!ctx.tickets.updateTicket(row.id, row.version, sla.fields)) {
    const current = ctx.tickets.ticketById(row.id);
    throw new Conflict(
      `ticket #${row.id} was changed by someone else meanwhile (now version ${current?.version ?? '?'}); reload and try again`,
      current?.version,
    );
  }
  for (const tag of tagChanges.added) ctx.tickets.addTag(row.id, tag);
  for (const tag of tagChanges.removed) ctx.tickets.removeTag(row.id, tag);
  for (const id of watcherChanges.added) ctx.tickets.addWatcher(row.id, id);
  for (const id of watcherChanges.removed) ctx.tickets.removeWatcher(row.id, id);
  const updated = rowAfterUpdate(row, sla.fields) ?? ctx.tickets.ticketById(row.id)!;
  recordLevelState(levels, row, updated, actorId, plan.pickup === true, now);
  sla.writeLevels();
  levels.flush();
  plan.after?.(updated);

  const comment = plan.comment
    ? ctx.tickets.insertComment({
        ticketId: row.id,
        authorId: actorId ?? row.requesterId,
        body: plan.comment.body,
        internal: plan.comment.internal,
        channel: options.channel ?? 'cli',
        createdAt: now,
      })
    : undefined;
  recordEvent(ctx, {
    ticket: updated,
    actorId,
    action,
    before,
    after,
    // A comment's body lives in its comment row; the event points at it (no second copy).
    text: plan.text ?? null,
    commentId: comment?.id ?? null,
    internal: plan.comment?.internal ?? false,
    batchId: options.batchId ?? null,
  });
  return updated;
}

/** Keeps per-level rows current: entering a level, pickups, the last assignee at each level. */
function recordLevelState(
  levels: LevelWrites,
  before: TicketRow,
  after: TicketRow,
  actorId: number | null,
  pickup: boolean,
  now: number,
): void {
  if (after.level !== before.level) {
    levels.upsert({
      ticketId: after.id,
      level: after.level,
      enteredAt: now,
      pickedUpAt: null,
      pickedUpBy: null,
      pickupMinutes: null,
    });
  }
  const levelRow = levels.read(after.id, after.level);
  if (after.assigneeId !== null && levelRow?.lastAssigneeId !== after.assigneeId) {
    levels.upsert({
      ticketId: after.id,
      level: after.level,
      enteredAt: levelRow?.enteredAt ?? now,
      lastAssigneeId: after.assigneeId,
    });
  }
  if (pickup && levelRow && levelRow.pickedUpAt === null) {
    levels.upsert({
      ticketId: after.id,
      level: after.level,
      enteredAt: levelRow.enteredAt,
      pickedUpAt: now,
      pickedUpBy: actorId,
    });
  }
}

interface EventInput {
  ticket: TicketRow;
  actorId: number | null;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  text: string | null;
  commentId: number | null;
  internal: boolean;
  batchId: string | null;
}

/** Writes the event and queues one notification per recipient, in the caller's transaction. */
export function recordEvent(ctx: AppContext, input: EventInput): void {
  const now = ctx.nowMs();
  const event = ctx.tickets.insertEvent({
    ticketId: input.ticket.id,
    actorId: input.actorId,
    at: now,
    action: input.action,
    before: Object.keys(input.before).length ? JSON.stringify(input.before) : null,
    after: Object.keys(input.after).length ? JSON.stringify(input.after) : null,
    text: input.text,
    commentId: input.commentId,
    batchId: input.batchId,
    version: input.ticket.version,
  });
  if (!NOTIFYING_ACTIONS.has(input.action)) return;
  // One look-up for the recipients and the snapshot (one round trip on PostgreSQL, not eight).
  const { id, requesterId, assigneeId, orgId } = input.ticket;
  const found = ctx.tickets.notificationLookups({ id, requesterId, assigneeId, orgId });
  const query = { actorId: input.actorId, action: input.action, internal: input.internal };
  const recipients = notificationRecipients(ctx, input.ticket, query, found);
  if (!recipients.length) return;
  const snapshot = JSON.stringify(ticketSnapshot(ctx, input.ticket, found));
  ctx.tickets.insertOutbox(
    recipients.map((recipientId) => ({
      ticketId: input.ticket.id,
      eventId: event.id,
      recipientId,
      kind: input.action,
      state: 'queued',
      nextAttemptAt: now,
      createdAt: now,
      snapshot,
    })),
  );
}

function diffTags(ctx: AppContext, ticketId: number, change: Plan['tags']) {
  // No change planned: nothing to read (the event records tags only when they changed).
  if (!change) return { before: [] as string[], after: [] as string[], added: [] as string[], removed: [] as string[] };
  const current = ctx.tickets.tagsOf([ticketId]).get(ticketId) ?? [];
  const set = new Set(current);
  const added = [...new Set(change.add ?? [])].filter((t) => !set.has(t));
  const removed = [...new Set(change.remove ?? [])].filter((t) => set.has(t));
  const after = [...current.filter((t) => !removed.includes(t)), ...added].sort();
  return { before: current, after, added, removed };
}

function diffWatchers(ctx: AppContext, ticketId: number, change: Plan['watchers']) {
  if (!change) return { before: [] as string[], after: [] as string[], added: [] as number[], removed: [] as number[] };
  const current = ctx.tickets.watchersOf([ticketId]).get(ticketId) ?? [];
  const handlesOf = (ids: number[]) =>
    ctx.people
      .usersByIds(ids)
      .map((u) => u.handle)
      .sort();
  const set = new Set(current);
  const added = [...new Set(change.add ?? [])].filter((id) => !set.has(id));
  const removed = [...new Set(change.remove ?? [])].filter((id) => set.has(id));
  const afterIds = [...current.filter((id) => !removed.includes(id)), ...added];
  return { before: handlesOf(current), after: handlesOf(afterIds), added, removed };
}
