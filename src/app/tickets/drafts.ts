// Drafts (SPEC 9): what a person is writing on a ticket, saved as it is typed so that quitting, a
// crash or a conflict never loses it; and what the composer shows around it — public or internal,
// who will receive it, the last customer message to quote, and the changes by someone else since
// the version the writer saw (only those make a conflict: one's own actions do not).
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import type { DraftRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { loadVisibleTicket } from './ticketWrite.js';
import { notificationRecipients } from './notificationRecipients.js';
import { showTicket, type EventView } from './ticketQueries.js';

export const DRAFT_KINDS = ['reply', 'note', 'request_info', 'solve'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export interface Draft {
  ticketId: number;
  kind: DraftKind;
  text: string;
  /** The ticket version the writer last saw. */
  baseVersion: number;
  updatedAt: string;
}

const toDraft = (row: DraftRow): Draft => ({
  ticketId: row.ticketId,
  kind: (DRAFT_KINDS as readonly string[]).includes(row.kind) ? (row.kind as DraftKind) : 'reply',
  text: row.text,
  baseVersion: row.baseVersion,
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** The actor's draft on the ticket, or null. */
export function loadDraft(ctx: AppContext, actor: Actor, ticketId: number): Draft | null {
  return ctx.store.read(() => {
    loadVisibleTicket(ctx, actor, ticketId);
    const row = ctx.drafts.get(ticketId, actor.id);
    return row ? toDraft(row) : null;
  });
}

/** Saves the draft as it is now (an empty text removes it). */
export function saveDraft(
  ctx: AppContext,
  actor: Actor,
  ticketId: number,
  draft: { kind: DraftKind; text: string; baseVersion: number },
): void {
  if (!(DRAFT_KINDS as readonly string[]).includes(draft.kind))
    throw new BadInput(`unknown draft kind '${draft.kind}'; possible: ${DRAFT_KINDS.join(', ')}`);
  ctx.store.write(() => {
    loadVisibleTicket(ctx, actor, ticketId);
    const repo = ctx.drafts;
    if (!draft.text.trim()) return repo.remove(ticketId, actor.id);
    repo.upsert({ ticketId, userId: actor.id, kind: draft.kind, text: draft.text, baseVersion: draft.baseVersion, updatedAt: ctx.nowMs() });
  });
}

/** Removes the actor's draft on the ticket (sent, or thrown away on purpose). */
export function discardDraft(ctx: AppContext, actor: Actor, ticketId: number): void {
  ctx.store.write(() => ctx.drafts.remove(ticketId, actor.id));
}

export interface ComposerContext {
  ticketId: number;
  version: number;
  subject: string;
  /** True for an internal note: staff only. */
  internal: boolean;
  /** Handles of the people the text will be sent to (SPEC 3), the writer excepted. */
  recipients: string[];
  /** The last public comment by the requester (or another customer), to quote; null if none. */
  lastCustomerMessage: { author: string; at: string; body: string } | null;
}

export function composerContext(ctx: AppContext, actor: Actor, ticketId: number, kind: DraftKind): ComposerContext {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, ticketId);
    const internal = kind === 'note';
    const ids = notificationRecipients(ctx, row, { actorId: actor.id, action: kind, internal });
    const handles = new Map(ctx.people.usersByIds(ids).map((u) => [u.id, u.handle]));
    const detail = showTicket(ctx, actor, ticketId);
    const isCustomer = (handle: string) => ctx.people.userByHandle(handle)?.role === 'requester';
    const last = [...detail.comments].reverse().find((c) => !c.internal && isCustomer(c.author));
    return {
      ticketId,
      version: row.version,
      subject: row.subject,
      internal,
      recipients: ids.map((id) => handles.get(id) ?? `#${id}`),
      lastCustomerMessage: last ? { author: last.author, at: last.createdAt, body: last.body } : null,
    };
  });
}

/**
 * What others did to the ticket after `version`: the events a writer did not see. Their own
 * events (an action taken meanwhile) are not a conflict and are left out.
 */
export function changesBySomeoneElse(
  ctx: AppContext,
  actor: Actor,
  ticketId: number,
  version: number,
): { version: number; events: EventView[] } {
  const detail = showTicket(ctx, actor, ticketId);
  // A requester's events carry no version (it would reveal hidden notes): compare the stored ones.
  const versions = new Map(ctx.store.read(() => ctx.tickets.eventsOf(ticketId)).map((e) => [e.id, e.version]));
  return { version: detail.version, events: detail.events.filter((e) => (versions.get(e.id) ?? 0) > version && e.actor !== actor.handle) };
}
