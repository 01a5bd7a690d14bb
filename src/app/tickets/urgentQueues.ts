// The urgent tickets in an agent's own queues — Mine and Unassigned at their level (queueTabs.ts):
// P1/P2 or breached, one bounded page in SLA order, read when the TUI's live refresh says the data
// changed (never a scan of all tickets). domain/urgentArrivals.ts decides what is news.
import { isStaff, type Actor } from '../../domain/permissions.js';
import type { UrgentState } from '../../domain/urgentArrivals.js';
import type { AppContext } from '../context.js';
import { queueTabs } from './queueTabs.js';
import { listTickets } from './ticketQueries.js';

/** More than a person can act on at once; past it the notice says "+N more" of what it read. */
const URGENT_PAGE = 50;

export function urgentInMyQueues(ctx: AppContext, actor: Actor): UrgentState[] {
  if (!isStaff(actor)) return [];
  const own = queueTabs(actor).filter((tab) => tab.id === 'mine' || tab.id === 'unassigned');
  const where = `(${own.map((tab) => `(${tab.filter})`).join(' or ')}) and (priority<=P2 or sla=breached)`;
  return listTickets(ctx, actor, { where, sort: 'sla', limit: URGENT_PAGE }).tickets.map((t) => ({
    id: t.id,
    subject: t.subject,
    priority: t.priority,
    breached: t.sla.risk === 'breached',
  }));
}
