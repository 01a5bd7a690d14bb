// `ticketty audit verify`: replays every ticket's event log (domain/auditReplay.ts) and reports the
// tickets whose row disagrees with their history. Reads a page of tickets per read transaction, so
// writers are never blocked for long and each ticket is compared with its events in one snapshot.
import { NotFound } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import { auditTicket, describeDrift, type Drift } from '../../domain/auditReplay.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';

export interface DriftedTicket {
  id: number;
  /** One line for people: `#12 status: events say open, ticket has closed`. */
  line: string;
  drifts: Drift[];
}

export interface AuditReport {
  tickets: number;
  events: number;
  drifted: DriftedTicket[];
}

export interface AuditOptions {
  /** Only this ticket. */
  ticketId?: number | undefined;
  pageSize?: number;
  /** Called for each drifted ticket as it is found (streaming output). */
  onDrift?: (ticket: DriftedTicket) => void;
}

export function verifyAudit(ctx: AppContext, actor: Actor, options: AuditOptions = {}): AuditReport {
  requireAdmin(actor, 'verify the audit log');
  if (options.ticketId !== undefined && !ctx.tickets.ticketById(options.ticketId))
    throw new NotFound(`ticket #${options.ticketId} not found`);
  const queries = ctx.audit;
  const report: AuditReport = { tickets: 0, events: 0, drifted: [] };
  let after: number | null = 0;
  while (after !== null) {
    const cursor: number = after;
    const page = ctx.store.read(() => queries.page(cursor, options.pageSize ?? 500, options.ticketId));
    for (const ticket of page.tickets) {
      const events = page.events.get(ticket.id) ?? [];
      report.tickets++;
      report.events += events.length;
      const drifts = auditTicket(ticket, events);
      if (!drifts.length) continue;
      const drifted = { id: ticket.id, line: describeDrift(ticket.id, drifts), drifts };
      report.drifted.push(drifted);
      options.onDrift?.(drifted);
    }
    after = page.next;
  }
  return report;
}
