// The queue's columns (SPEC 9): `#id P status+level SLA requester/org subject assignee updated`,
// as plain cells of a fixed width; the subject takes what the terminal has left.
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { statusDisplay, type StatusLabelDictionary } from '../../../domain/statusLabels.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { padToWidth, truncateToWidth } from '../../../domain/textWidth.js';
import type { Tone } from '../../theme.js';

export type SlaRisk = 'breached' | 'at_risk' | 'ok' | 'none';

/** The risk of a ticket's SLA, as the SLA view classifies it (under 25% of a target left: at risk). */
export function slaRisk(sla: TicketSummary['sla']): SlaRisk {
  return sla.risk;
}

export const RISK_TONE: Record<SlaRisk, Tone> = { breached: 'danger', at_risk: 'warning', ok: 'ok', none: 'muted' };

/** A duration in minutes as at most 7 characters: `45m`, `3h05`, `2d4h`, `-15d12h`, `-20w`. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  if (m < 60) return `${sign}${m}m`;
  if (m < 24 * 60) return `${sign}${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
  const days = Math.floor(m / 1440);
  if (days >= 100) return `${sign}${Math.floor(days / 7)}w`;
  return `${sign}${days}d${Math.floor((m % 1440) / 60)}h`;
}

/**
 * Business minutes in business days and hours (`45m`, `3h05`, `37bd1h`): a business day is the
 * calendar's working day, not 24 hours, so 297 business hours are 37bd1h in a 09:00–17:00 week.
 */
export function formatBusinessMinutes(minutes: number, dayMinutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  if (m < dayMinutes || dayMinutes <= 0) return formatMinutes(minutes);
  const days = Math.floor(m / dayMinutes);
  const hours = Math.floor((m % dayMinutes) / 60);
  return `${sign}${days}bd${hours ? `${hours}h` : ''}`;
}

export function slaCell(sla: TicketSummary['sla']): string {
  if (sla.state === 'paused') return 'paused';
  return sla.leftMinutes === null || sla.leftMinutes === undefined ? '—' : formatMinutes(sla.leftMinutes);
}

/** How long ago, compactly: `now`, `5m`, `3h`, `2d`, `6w`. */
export function ago(iso: string, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  if (minutes < 14 * 1440) return `${Math.floor(minutes / 1440)}d`;
  return `${Math.floor(minutes / 10080)}w`;
}

export interface Column {
  id: 'mark' | 'id' | 'priority' | 'status' | 'sla' | 'requester' | 'subject' | 'assignee' | 'updated';
  title: string;
  width: number;
  align?: 'right';
}

/** Column widths for a terminal width; the subject gets the rest (at least 10). */
export function queueColumns(totalWidth: number): Column[] {
  const fixed: Column[] = [
    { id: 'mark', title: '', width: 2 },
    { id: 'id', title: '#', width: 7, align: 'right' },
    { id: 'priority', title: 'P', width: 2 },
    { id: 'status', title: 'STATUS', width: 12 },
    // Every value of formatMinutes fits: `-15d12h` is 7 characters.
    { id: 'sla', title: 'SLA', width: 7, align: 'right' },
    { id: 'requester', title: 'REQUESTER/ORG', width: totalWidth >= 120 ? 24 : 15 },
    { id: 'subject', title: 'SUBJECT', width: 10 },
    { id: 'assignee', title: 'ASSIGNEE', width: totalWidth >= 120 ? 12 : 8 },
    { id: 'updated', title: 'UPD', width: 4, align: 'right' },
  ];
  const used = fixed.reduce((sum, c) => sum + c.width + 1, 0) - 10;
  const subject = fixed.find((c) => c.id === 'subject')!;
  subject.width = Math.max(10, totalWidth - used - 1);
  return fixed;
}

/** The text of each cell of a row, sanitized and fitted to its column. */
export function rowCells(
  ticket: TicketSummary,
  columns: Column[],
  nowMs: number,
  selected: boolean,
  cursor = false,
  labels?: StatusLabelDictionary,
): Record<Column['id'], string> {
  const who = ticket.organization ? `${ticket.requester}/${ticket.organization}` : ticket.requester;
  const raw: Record<Column['id'], string> = {
    // The cursor is also a character, not only inverse video: visible without colours and in tests.
    mark: `${cursor ? '›' : ' '}${selected ? '●' : ' '}`,
    id: `#${ticket.id}`,
    priority: ticket.priority,
    status: statusCell(ticket, labels),
    sla: slaCell(ticket.sla),
    requester: who,
    subject: ticket.subject,
    assignee: ticket.assignee ?? '—',
    updated: ago(ticket.updatedAt, nowMs),
  };
  return fit(raw, columns);
}

const WAITING_SHORT: Record<string, string> = { requester: 'req', superusers: 'sup', tier2: 't2' };

/** `OPEN L2` (or the dictionary's label), and for a pending ticket whom it waits on: `PEND L2 →sup`. */
function statusCell(ticket: TicketSummary, labels?: StatusLabelDictionary): string {
  const shown = statusDisplay(ticket.status, ticket.level, labels);
  // A team's own label for pending says it all; the default one is shortened to fit whom it waits on.
  if (ticket.status !== 'pending' || !ticket.waitingOn || shown !== statusDisplay('pending', ticket.level)) return shown;
  return `PEND L${ticket.level} →${WAITING_SHORT[ticket.waitingOn] ?? ticket.waitingOn}`;
}

export function headerCells(columns: Column[]): Record<Column['id'], string> {
  return fit(Object.fromEntries(columns.map((c) => [c.id, c.title])) as Record<Column['id'], string>, columns);
}

function fit(raw: Record<Column['id'], string>, columns: Column[]): Record<Column['id'], string> {
  const out = {} as Record<Column['id'], string>;
  for (const c of columns) out[c.id] = padToWidth(truncateToWidth(sanitizeForTerminal(raw[c.id]), c.width), c.width, c.align ?? 'left');
  return out;
}
