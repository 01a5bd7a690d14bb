// Creating tickets: by anyone for themselves, by staff on behalf of a requester, and follow-ups.
import type { Actor } from '../../domain/permissions.js';
import { isStaff, servesOrg } from '../../domain/permissions.js';
import { BadInput, Forbidden, NotFound } from '../../domain/errors.js';
import { requireText } from '../../domain/workflow.js';
import { isChannel, isPriority, type Channel, type Level } from '../../domain/types.js';
import type { TicketRow } from '../../store/port/index.js';
import type { UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { recordEvent, type WriteOptions } from './ticketWrite.js';
import { typeDefaultPriority, validTicketType } from '../settings/dictionaries.js';
import { normalizeTags } from './ticketActions.js';
import { findOrCreateRequester } from '../people/people.js';
import { routeOnLevelEntry } from './routing.js';
import { slaFieldsOnCreate } from '../sla/slaClocks.js';

export interface CreateTicketInput {
  subject: string;
  description: string;
  /** A handle or e-mail; staff only. Unknown e-mails create the requester. */
  requester?: string | undefined;
  org?: string | undefined;
  type?: string | undefined;
  priority?: string | undefined;
  level?: Level | undefined;
  channel?: Channel | string | undefined;
  tags?: string[] | undefined;
}

export function createTicket(ctx: AppContext, actor: Actor, input: CreateTicketInput, opts: WriteOptions = {}): TicketRow {
  const subject = requireText(input.subject, 'a subject');
  if (subject.length > 250) throw new BadInput('the subject is longer than 250 characters');
  // One line: a subject heads mails (`Subject:`), list rows and the TUI's title bar.
  if (/[\r\n\u2028\u2029]/.test(subject)) throw new BadInput('the subject is one line: put the details in the description');
  const description = requireText(input.description, 'a description');
  const type = validTicketType(ctx, input.type ?? 'question');
  const priority = (input.priority ?? typeDefaultPriority(ctx, type)).toUpperCase();
  if (!isPriority(priority)) throw new BadInput(`bad priority '${input.priority}': use P1 (Blocker) to P5 (Trivial)`);
  const channel = input.channel ?? opts.channel ?? 'cli';
  if (!isChannel(channel)) throw new BadInput(`bad channel '${channel}': use cli, tui, email, phone, web, forum or import`);
  const tags = input.tags?.length ? normalizeTags(input.tags) : [];
  if (input.requester !== undefined && !input.requester.trim()) throw new BadInput('--requester needs a handle or an e-mail address');
  if (!isStaff(actor)) {
    // Fields that staff set (SPEC 2.1: tag, channel, level are staff actions); a requester's ticket starts plain.
    if (input.requester !== undefined) throw new Forbidden('only staff may create a ticket on behalf of someone else (--requester)');
    if (input.level !== undefined && input.level !== 1) throw new Forbidden('only staff may create a ticket at another level (--level)');
    if (input.org !== undefined) throw new Forbidden('only staff may choose the organization (--org)');
    if (tags.length) throw new Forbidden('only staff may tag a ticket (--tag)');
    if (input.channel !== undefined) throw new Forbidden('only staff may choose the channel (--channel)');
  }
  return ctx.store.write(() => {
    const requester = input.requester ? requesterFor(ctx, actor, input.requester.trim(), input.org) : ctx.people.userById(actor.id)!;
    const orgId = resolveOrgId(ctx, actor, requester, input.org);
    return insertTicket(
      ctx,
      actor.id,
      {
        subject,
        description,
        requesterId: requester.id,
        orgId,
        type,
        priority,
        level: input.level ?? 1,
        channel,
        tags,
        followUpOf: null,
      },
      opts,
    );
  });
}

/**
 * The requester of a ticket made on someone's behalf. A bound superuser acts for their organization
 * only: someone of another organization is "not found" to them (ids leak nothing), and a new address
 * must be at one of their organization's mail domains.
 */
function requesterFor(ctx: AppContext, actor: Actor, who: string, org: string | undefined): UserRow {
  if (actor.role !== 'superuser' || actor.orgId === null) return findOrCreateRequester(ctx, who, org);
  const existing = ctx.people.userByHandle(who) ?? (who.includes('@') ? ctx.people.userByEmail(who) : undefined);
  if (existing) {
    if (!servesOrg(actor, existing.orgId)) throw new NotFound(`unknown requester '${who}'`);
    return existing;
  }
  const domain = who.split('@')[1]?.trim().toLowerCase() ?? '';
  if (who.includes('@') && ctx.people.domainOwner(domain) !== actor.orgId) {
    const mine = ctx.people.orgById(actor.orgId)?.name ?? 'your organization';
    throw new Forbidden(`you act for ${mine} only: ${who} is not at one of its mail domains`);
  }
  return findOrCreateRequester(ctx, who, org);
}

function resolveOrgId(ctx: AppContext, actor: Actor, requester: UserRow, org: string | undefined): number | null {
  if (org === undefined) return requester.orgId;
  const row = ctx.people.orgByName(org);
  if (!row) throw new NotFound(`unknown organization '${org}': add it with 'ticketty org add ${JSON.stringify(org)}'`);
  if (actor.role === 'superuser' && actor.orgId !== null && actor.orgId !== row.id) {
    throw new Forbidden(`you serve ${ctx.people.orgById(actor.orgId)?.name ?? 'another organization'}, not ${row.name}`);
  }
  return row.id;
}

interface NewTicketData {
  subject: string;
  description: string;
  requesterId: number;
  orgId: number | null;
  type: string;
  priority: string;
  level: number;
  channel: string;
  tags: string[];
  followUpOf: number | null;
}

/** Inserts a ticket with its first comment, level row, event and notifications. In a transaction. */
export function insertTicket(ctx: AppContext, actorId: number, data: NewTicketData, opts: WriteOptions): TicketRow {
  const now = ctx.nowMs();
  const sla = slaFieldsOnCreate(ctx, data.orgId, data.priority, data.level, now, data.type); // SLA clocks: app/sla/slaClocks.ts
  const ticket = ctx.tickets.insertTicket({
    ...sla.ticket,
    subject: data.subject,
    description: data.description,
    requesterId: data.requesterId,
    orgId: data.orgId,
    type: data.type,
    priority: data.priority,
    status: 'new',
    level: data.level,
    channel: data.channel,
    followUpOf: data.followUpOf,
    createdAt: now,
    updatedAt: now,
    statusSince: now,
    version: 1,
  });
  for (const tag of data.tags) ctx.tickets.addTag(ticket.id, tag);
  ctx.tickets.upsertLevel({ ticketId: ticket.id, level: data.level, enteredAt: now, pickupDueAt: sla.levelPickupDueAt });
  const comment = ctx.tickets.insertComment({
    ticketId: ticket.id,
    authorId: data.requesterId,
    body: data.description,
    internal: false,
    channel: data.channel,
    createdAt: now,
  });
  recordEvent(ctx, {
    ticket,
    actorId,
    action: 'create',
    before: {},
    after: { status: 'new', level: data.level, priority: data.priority, type: data.type, ...(data.tags.length ? { tags: data.tags } : {}) },
    text: data.followUpOf !== null ? `follow-up of #${data.followUpOf}` : null,
    commentId: comment.id,
    internal: false,
    batchId: opts.batchId ?? null,
  });
  return routeOnLevelEntry(ctx, ticket); // Routing (SPEC 6): app/tickets/routing.ts
}

/**
 * A comment on a closed ticket opens a new ticket: same requester and organization, subject
 * `Re: …`, followUpOf set. An internal note stays internal on the follow-up.
 */
export function createFollowUp(
  ctx: AppContext,
  actor: Actor,
  closedId: number,
  body: string,
  internal: boolean,
  opts: WriteOptions,
): TicketRow {
  const closed = ctx.tickets.ticketById(closedId)!;
  if (internal && !isStaff(actor)) throw new Forbidden('only staff may add internal notes');
  const subject = /^re:/i.test(closed.subject) ? closed.subject : `Re: ${closed.subject}`;
  const ticket = insertTicket(
    ctx,
    actor.id,
    {
      subject: subject.slice(0, 250),
      description: internal ? `Follow-up of #${closedId}.` : body,
      requesterId: closed.requesterId,
      orgId: closed.orgId,
      type: closed.type,
      priority: closed.priority,
      level: 1,
      channel: opts.channel ?? 'cli',
      tags: [],
      followUpOf: closedId,
    },
    opts,
  );
  if (internal) {
    const now = ctx.nowMs();
    const comment = ctx.tickets.insertComment({
      ticketId: ticket.id,
      authorId: actor.id,
      body,
      internal: true,
      channel: opts.channel ?? 'cli',
      createdAt: now,
    });
    const version = ticket.version + 1;
    ctx.tickets.updateTicket(ticket.id, ticket.version, { updatedAt: now });
    recordEvent(ctx, {
      ticket: { ...ticket, version },
      actorId: actor.id,
      action: 'note',
      before: {},
      after: {},
      text: null,
      commentId: comment.id,
      internal: true,
      batchId: opts.batchId ?? null,
    });
    return ctx.tickets.ticketById(ticket.id)!;
  }
  return ticket;
}
