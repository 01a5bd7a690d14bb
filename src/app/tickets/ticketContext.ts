// Context for answering a ticket well (SPEC 9): a preview of one ticket (its newest messages and
// SLA, for the queue's side pane) and the requester's and organization's other open tickets. Each
// reads a bounded amount: a few comments by index, a few tickets by keyset with a limit.
import type { Actor } from '../../domain/permissions.js';
import { seesInternal } from '../../domain/permissions.js';
import { quote } from '../../domain/filter/lexer.js';
import type { AppContext } from '../context.js';
import { listTickets, summarize, type CommentView, type TicketSummary } from './ticketQueries.js';
import { loadVisibleTicket } from './ticketWrite.js';

export interface TicketPreview {
  ticket: TicketSummary;
  /** The newest messages the actor may read, oldest first (attachments not listed). */
  messages: Array<Omit<CommentView, 'attachments'>>;
}

/** One ticket and its last `messages` comments; NotFound when the actor cannot see it. */
export function previewTicket(ctx: AppContext, actor: Actor, id: number, messages = 3): TicketPreview {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, id);
    const [ticket] = summarize(ctx, [row]);
    const comments = ctx.tickets.lastCommentsOf(id, seesInternal(actor), messages).reverse();
    const authors = new Map(ctx.people.usersByIds([...new Set(comments.map((c) => c.authorId))]).map((u) => [u.id, u.handle]));
    return {
      ticket: ticket!,
      messages: comments.map((c) => ({
        id: c.id,
        author: authors.get(c.authorId) ?? `#${c.authorId}`,
        internal: c.internal,
        channel: c.channel,
        createdAt: new Date(c.createdAt).toISOString(),
        body: c.body,
      })),
    };
  });
}

/** Whether the actor can see ticket `id` (NotFound otherwise, the same for "absent" and "not yours"). */
export function checkTicketVisible(ctx: AppContext, actor: Actor, id: number): void {
  ctx.store.read(() => loadVisibleTicket(ctx, actor, id));
}

export interface RelatedTickets {
  /** The requester's other open tickets, newest first. */
  requester: TicketSummary[];
  /** The organization's other open tickets (not the requester's), newest first; empty without an organization. */
  organization: TicketSummary[];
}

const OPEN = 'status in (new, open, pending, on_hold)';

/** At most `limit` of each; one keyset page per list (never every ticket of a big organization). */
export function relatedOpenTickets(ctx: AppContext, actor: Actor, ticket: TicketSummary, limit = 3): RelatedTickets {
  // One more than shown: the ticket itself may be among them.
  const page = (where: string) =>
    listTickets(ctx, actor, { where, sort: '-created', limit: limit + 1 })
      .tickets.filter((t) => t.id !== ticket.id)
      .slice(0, limit);
  const requester = page(`requester=${quote(ticket.requester)} and ${OPEN}`);
  const organization = ticket.organization
    ? page(`org=${quote(ticket.organization)} and requester!=${quote(ticket.requester)} and ${OPEN}`)
    : [];
  return { requester, organization };
}
