// The requester's and organization's other open tickets in the ticket view: a line under the
// header, and `J` to jump to one (a pick list). A few of each, newest first, read through the app
// layer with a limit (app/tickets/ticketContext.ts), never all of an organization's tickets.
import { useMemo } from 'react';
import { relatedOpenTickets, type RelatedTickets } from '../../../app/tickets/ticketContext.js';
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { cliCommand } from '../../cliEquivalent.js';
import type { Binding } from '../../keymap/KeyRouter.js';
import type { Shell } from '../../shell/ShellContext.js';

/** How many of each list: enough to notice a pattern, few enough to read in a glance. */
export const RELATED_LIMIT = 5;

/** The header line: `other open: ann #12 #9 · ACME #15 (J jumps)`. */
export function relatedLine(ticket: TicketSummary, related: RelatedTickets): string {
  const ids = (list: TicketSummary[]) => list.map((t) => `#${t.id}`).join(' ');
  const parts: string[] = [];
  if (related.requester.length) parts.push(`${ticket.requester} ${ids(related.requester)}`);
  if (related.organization.length && ticket.organization) parts.push(`${ticket.organization} ${ids(related.organization)}`);
  const who = ticket.organization ? `${ticket.requester} or ${ticket.organization}` : ticket.requester;
  return sanitizeForTerminal(parts.length ? `other open: ${parts.join(' · ')} (J jumps)` : `no other open tickets of ${who}`);
}

export function useRelatedTickets(shell: Shell, ticket: TicketSummary | undefined): { line: string; binding: Binding } {
  const related = useMemo((): RelatedTickets | null => {
    if (!ticket) return null;
    try {
      return relatedOpenTickets(shell.app, shell.actor, ticket, RELATED_LIMIT);
    } catch {
      return null;
    }
    // The ticket object is new on every reload (generation), so this follows data changes.
  }, [shell.app, shell.actor, ticket]);
  const all = related ? [...related.requester, ...related.organization] : [];
  const binding: Binding = {
    command: 'ticket.related',
    disabled: all.length ? null : 'no other open tickets of this requester or organization',
    run: () =>
      shell.overlay.open({
        kind: 'choice',
        choice: {
          title: 'other open tickets, newest first (enter opens, esc cancels)',
          items: all.map((t) => ({
            value: String(t.id),
            label: `#${t.id} ${t.subject}`,
            detail: `${t.requester}${t.organization ? `/${t.organization}` : ''} · ${t.priority} ${t.status.replace('_', ' ')} L${t.level}`,
          })),
          onPick: (value) => {
            shell.navigate.push({ name: 'ticket', id: Number(value) });
            shell.status.ran(cliCommand('ticket', 'show', value));
          },
        },
      }),
  };
  return { line: ticket && related ? relatedLine(ticket, related) : ' ', binding };
}
