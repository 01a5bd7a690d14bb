// `ticketty automate` (SPEC 5): applies every due step of the automation policy. Candidates come
// from an indexed query by status and status_since, a chunk at a time; each chunk is one IMMEDIATE
// transaction that re-reads its tickets and records every firing with its effect, so a step fires
// once per stay in a status even when several processes (cron, open TUIs) run at once.
import {
  AUTOMATED_STATUSES,
  describeStep,
  policyFromSetting,
  type AutomationPolicy,
  type AutomationStep,
} from '../../domain/automationPolicy.js';
import { candidateCutoff, dueSteps, stepsFor, type DueStep } from '../../domain/automationSchedule.js';
import type { BusinessCalendar } from '../../domain/calendar.js';
import { Forbidden } from '../../domain/errors.js';
import { mayAutomate, SERVICE_HANDLE, type Actor } from '../../domain/permissions.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { getSetting } from '../settings/settingValues.js';
import { slaRulesFor } from '../sla/slaSettings.js';
import { closePlan } from '../tickets/ticketActions.js';
import { writePlan } from '../tickets/ticketWrite.js';
import { previewWrite } from '../tickets/previewWrite.js';
import { ticketSnapshot } from '../tickets/notificationRecipients.js';

export interface AutomationFiring {
  ticketId: number;
  status: string;
  step: string;
  /** When the step fell due (epoch ms). */
  dueAt: number;
  /** What the step does, in words: `remind`, `tag no-response`, `close no_response`. */
  actions: string;
  /** Handles of the people reminded (empty when the step reminds nobody or was superseded). */
  reminded: string[];
  /** An overdue reminder skipped because a later step fired at the same time. */
  superseded: boolean;
}

export interface AutomationRun {
  at: number;
  dryRun: boolean;
  fired: AutomationFiring[];
}

export interface AutomationOptions {
  dryRun?: boolean;
  /** Tickets per transaction: short transactions keep other agents unblocked. */
  chunkSize?: number;
}

/** The policy in force (`ticketty config set automation.policy …`; SPEC 5 defaults otherwise). */
export function automationPolicy(ctx: AppContext): AutomationPolicy {
  return policyFromSetting(getSetting(ctx, 'automation.policy'));
}

/** The business calendar that `bh`/`bd` timers of a ticket count in: its organization's (SPEC 4). */
export function automationCalendar(ctx: AppContext, orgId: number | null): BusinessCalendar {
  return slaRulesFor(ctx, orgId).calendar;
}

/**
 * `ticketty automate` (and its dry run, which lists tickets): an admin's or the service account's
 * (`--as ticketty`, what cron runs; README "Roles"), never anyone else's, since a clock set ahead
 * closes tickets for good.
 */
export function automate(ctx: AppContext, who: Actor | 'service', options: AutomationOptions = {}): AutomationRun {
  if (who !== 'service' && !mayAutomate(who)) {
    throw new Forbidden(
      `only an admin or the service account (--as ${SERVICE_HANDLE}) may run automations; you are ${who.handle} (${who.role})`,
    );
  }
  return runAutomations(ctx, options);
}

export function runAutomations(ctx: AppContext, options: AutomationOptions = {}): AutomationRun {
  const policy = automationPolicy(ctx);
  const now = ctx.nowMs();
  const limit = options.chunkSize ?? 100;
  const repo = ctx.automation;
  const fired: AutomationFiring[] = [];
  for (const status of AUTOMATED_STATUSES) {
    const steps = stepsFor(policy, status);
    const cutoff = candidateCutoff(policy, status, now);
    if (cutoff === null) continue;
    let after: { statusSince: number; id: number } | undefined;
    for (;;) {
      const chunk = ctx.store.read(() =>
        repo.candidates({ status, sinceAtMost: cutoff, unlessFired: steps[steps.length - 1]!.id, after, limit }),
      );
      if (!chunk.length) break;
      const last = chunk[chunk.length - 1]!;
      after = { statusSince: last.statusSince, id: last.id };
      const ids = chunk.map((t) => t.id);
      // A dry run is the run, rolled back: it reports what the write does (previewWrite).
      fired.push(
        ...(options.dryRun
          ? previewWrite(ctx, (trial) => applyChunk(trial, policy, ids, now)).result
          : ctx.store.write(() => applyChunk(ctx, policy, ids, now))),
      );
      if (chunk.length < limit) break;
    }
  }
  // Housekeeping on the same heartbeat: what concurrent writers appended to the report rollups
  // (PostgreSQL) is folded, so that reports read few rows (Store.foldReportRollups).
  if (!options.dryRun) ctx.store.foldReportRollups?.();
  return { at: now, dryRun: options.dryRun === true, fired };
}

/** The tickets of a chunk, as they are now, with the steps due on each. */
function dueInChunk(ctx: AppContext, policy: AutomationPolicy, ids: number[], now: number): Array<{ ticket: TicketRow; due: DueStep[] }> {
  const tickets = ids.map((id) => ctx.tickets.ticketById(id)).filter((t): t is TicketRow => t !== undefined);
  const fired = ctx.automation.firedSteps(new Map(tickets.map((t) => [t.id, t.statusSince])));
  return tickets.map((ticket) => ({
    ticket,
    due: dueSteps(policy, ticket, fired.get(ticket.id) ?? new Set(), now, automationCalendar(ctx, ticket.orgId)),
  }));
}

/** Runs inside the chunk's write transaction: the re-read and the firing rows decide what fires. */
function applyChunk(ctx: AppContext, policy: AutomationPolicy, ids: number[], now: number): AutomationFiring[] {
  const result: AutomationFiring[] = [];
  for (const { ticket, due } of dueInChunk(ctx, policy, ids, now)) {
    let current = ticket;
    for (const d of due) {
      if (!ctx.automation.recordFiring(ticket.id, d.step.id, ticket.statusSince, now)) continue;
      let reminded: string[] = [];
      if (!d.superseded) {
        if (d.step.remind) reminded = remind(ctx, current, d.step);
        current = applyStepChanges(ctx, current, d.step);
      }
      result.push(firing(ticket, d, reminded));
    }
  }
  return result;
}

function firing(ticket: TicketRow, d: DueStep, reminded: string[]): AutomationFiring {
  return {
    ticketId: ticket.id,
    status: ticket.status,
    step: d.step.id,
    dueAt: d.dueAt,
    actions: describeStep(d.step),
    reminded,
    superseded: d.superseded,
  };
}

/** Tags and the close of a step, as one change by the system (actor null). */
function applyStepChanges(ctx: AppContext, ticket: TicketRow, step: AutomationStep): TicketRow {
  // A hold on the customer gathering material is never closed automatically (SPEC 2.1).
  const closes = step.close !== null && !(ticket.status === 'on_hold' && ticket.waitingOn === 'requester');
  if (!step.tags.length && !closes) return ticket;
  const tags = step.tags.length ? { tags: { add: step.tags } } : {};
  if (!closes || step.close === null) return writePlan(ctx, null, ticket, 'tag', { ...tags, text: `automation ${step.id}` }, {});
  const close = closePlan(ctx, step.close);
  return writePlan(
    ctx,
    null,
    ticket,
    'auto_close',
    {
      ...close,
      ...tags,
      text: `closed automatically (${step.close}) after ${ticket.status} since ${new Date(ticket.statusSince).toISOString()}`,
    },
    {},
  );
}

/**
 * A reminder: an event on the ticket (no change to it, so it does not count as activity) and one
 * notification to each person of the party waited on — not to everyone who follows the ticket.
 */
function remind(ctx: AppContext, ticket: TicketRow, step: AutomationStep): string[] {
  const now = ctx.nowMs();
  const recipients = waitedOnParty(ctx, ticket);
  const event = ctx.tickets.insertEvent({
    ticketId: ticket.id,
    actorId: null,
    at: now,
    action: 'remind',
    before: null,
    after: null,
    text: `reminder (${step.id}): ${ticket.status === 'pending' ? `waiting on ${ticket.waitingOn ?? 'requester'}` : `${ticket.status} since ${new Date(ticket.statusSince).toISOString()}`}`,
    commentId: null,
    batchId: null,
    version: ticket.version,
  });
  const snapshot = JSON.stringify(ticketSnapshot(ctx, ticket));
  ctx.tickets.insertOutbox(
    recipients.map((recipientId) => ({
      ticketId: ticket.id,
      eventId: event.id,
      recipientId,
      kind: 'remind',
      state: 'queued',
      nextAttemptAt: now,
      createdAt: now,
      snapshot,
    })),
  );
  return handlesOf(ctx, recipients);
}

/** Who a reminder goes to: the party the ticket waits on (SPEC 2.1 request-info); the requester otherwise. */
export function waitedOnParty(ctx: AppContext, ticket: TicketRow): number[] {
  if (ticket.status === 'pending' && ticket.waitingOn === 'superusers' && ticket.orgId !== null) {
    const superusers = ctx.people.superuserIdsOfOrg(ticket.orgId);
    if (superusers.length) return superusers;
  }
  if (ticket.status === 'pending' && ticket.waitingOn === 'tier2') {
    const lastAtL2 = ctx.tickets.level(ticket.id, 2)?.lastAssigneeId ?? null;
    const user = lastAtL2 !== null ? ctx.people.userById(lastAtL2) : undefined;
    if (user && !user.away) return [user.id];
    return ctx.automation.presentStaffIdsOfTier(2);
  }
  return [ticket.requesterId];
}

function handlesOf(ctx: AppContext, ids: number[]): string[] {
  return ctx.people
    .usersByIds(ids)
    .map((u) => u.handle)
    .sort();
}
