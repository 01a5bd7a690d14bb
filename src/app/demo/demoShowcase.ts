// After the generated history: a few of the most recent tickets are moved on through the real use
// cases at the clock's now, so that a demo opened on any day (a Sunday morning too, when the
// stories' business hours leave nothing pending or solved) shows every status of the workflow —
// pending on each party, on hold, solved — and follow-ups of closed tickets, with texts that
// match their subjects.
import { DemoRandom, DemoText, topicOfSubject } from '../../domain/demoText.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { actorFromUser } from '../people/actors.js';
import { holdTicket, replyToTicket, requestInfo, solveTicket, type ActionResult } from '../tickets/ticketActions.js';
import { listTickets, type TicketSummary } from '../tickets/ticketQueries.js';

/** Follow-ups the showcase opens (counted in the demo's tickets). */
export const SHOWCASE_FOLLOW_UPS = 2;

export interface ShowcaseChange {
  from: string;
  to: string;
  /** A follow-up ticket it opened. */
  opened: boolean;
}

export function demoShowcase(ctx: AppContext, admin: Actor, seed: number): ShowcaseChange[] {
  const text = new DemoText(new DemoRandom(seed ^ 0x5ca5e));
  const topicOf = (t: TicketSummary) => topicOfSubject(t.subject) ?? 0;
  const changes: ShowcaseChange[] = [];
  const attempt = (t: TicketSummary, act: (actor: Actor) => ActionResult, as: string | null) => {
    const user = as ? ctx.people.userByHandle(as) : undefined;
    if (!user) return;
    try {
      const result = act(actorFromUser(user));
      changes.push({
        from: t.status,
        to: result.followUpOf !== undefined ? t.status : result.ticket.status,
        opened: result.followUpOf !== undefined,
      });
    } catch (error) {
      // The workflow refused this one (a level's rule): the showcase takes the next ticket.
      if (!(error instanceof DomainError)) throw error;
    }
  };
  const recent = (where: string, limit: number) => listTickets(ctx, admin, { where, sort: '-updated', limit }).tickets;

  // Newest open tickets with an assignee: three asked for information (the level decides whom
  // they wait on), two on hold, three solved.
  const open = recent('status=open and assignee!=none', 8);
  for (const [i, t] of open.entries()) {
    const topic = topicOf(t);
    if (i < 3) attempt(t, (a) => requestInfo(ctx, a, t.id, t.level === 3 ? text.tier2Request() : text.infoRequest(topic)), t.assignee);
    else if (i < 5) attempt(t, (a) => holdTicket(ctx, a, t.id, text.holdReason(topic)), t.assignee);
    else attempt(t, (a) => solveTicket(ctx, a, t.id, text.resolution(topic)), t.assignee);
  }
  // The requesters of the newest resolved tickets write again: follow-ups.
  let opened = 0;
  for (const t of recent('status=closed', 20)) {
    if (opened >= SHOWCASE_FOLLOW_UPS) break;
    if (t.closingReason !== 'resolved') continue;
    const requester = ctx.people.userByHandle(t.requester);
    if (requester?.role !== 'requester') continue;
    const before = changes.length;
    attempt(
      t,
      (a) => replyToTicket(ctx, a, t.id, `${text.customerReply(topicOf(t))} The problem is back since this morning.`),
      t.requester,
    );
    if (changes.length > before && changes.at(-1)!.opened) opened++;
  }
  return changes;
}
