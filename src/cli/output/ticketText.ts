// Human-readable renderings of tickets for the CLI. Every person-made text is sanitized.
import { minuteOf } from '../../domain/clock.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { formatLeft } from './time.js';
import { renderTable } from './table.js';
import { statusDisplay, type StatusLabelDictionary } from '../../domain/statusLabels.js';
import type { TicketDetail, TicketSummary } from '../../app/tickets/ticketQueries.js';

const clean = (text: string | null | undefined) => sanitizeForTerminal(text ?? '');

/** The labels of the dictionaries (SPEC 2.1: `OUVERT L1`, `WAITING L1`, priority `High`), when the caller has them. */
export interface Labels extends StatusLabelDictionary {
  priorityLabels: Partial<Record<string, string>>;
}

export function statusText(t: Pick<TicketSummary, 'status' | 'level'>, labels?: Labels): string {
  return clean(statusDisplay(t.status, t.level, labels));
}

const priorityText = (priority: string, labels?: Labels) => {
  const label = labels?.priorityLabels[priority];
  return label !== undefined ? `${priority} ${clean(label)}` : priority;
};

/** One line: what a changed ticket looks like after a command. */
export function ticketLine(t: TicketSummary, labels?: Labels): string {
  const who = t.assignee ? `assignee ${clean(t.assignee)}` : 'unassigned';
  return `#${t.id}  ${statusText(t, labels)}  ${t.priority}  ${clean(t.subject)}  (${who}, v${t.version})`;
}

export function ticketTable(tickets: TicketSummary[], width?: number, labels?: Labels): string {
  return renderTable(
    [
      { header: 'ID', align: 'right' },
      { header: 'P' },
      { header: 'STATUS' },
      { header: 'SLA', align: 'right' },
      { header: 'REQUESTER/ORG', maxWidth: 28 },
      { header: 'SUBJECT' },
      { header: 'ASSIGNEE', maxWidth: 16 },
      { header: 'UPDATED' },
    ],
    tickets.map((t) => [
      `#${t.id}`,
      t.priority,
      statusText(t, labels),
      t.sla.leftMinutes === null ? '-' : formatLeft(t.sla.leftMinutes),
      t.organization ? `${t.requester}/${t.organization}` : t.requester,
      t.subject,
      t.assignee ?? '-',
      minuteOf(t.updatedAt),
    ]),
    width !== undefined ? { width } : {},
  );
}

export function ticketDetailText(t: TicketDetail, labels?: Labels): string {
  const lines: string[] = [];
  lines.push(`#${t.id}  ${clean(t.subject)}`);
  lines.push(
    `  status    ${statusText(t, labels)}${t.waitingOn ? ` (waiting on ${t.waitingOn})` : ''}   priority ${priorityText(t.priority, labels)}   type ${t.type}   v${t.version}`,
  );
  lines.push(
    `  requester ${clean(t.requester)}${t.organization ? ` (${clean(t.organization)})` : ''}   assignee ${clean(t.assignee ?? '-')}   channel ${t.channel}`,
  );
  if (t.tags.length) lines.push(`  tags      ${t.tags.map(clean).join(', ')}`);
  if (t.watchers.length) lines.push(`  watchers  ${t.watchers.map(clean).join(', ')}`);
  if (t.followUpOf) lines.push(`  follow-up of #${t.followUpOf}`);
  if (t.sla.dueAt) lines.push(`  sla       due ${minuteOf(t.sla.dueAt)} (${formatLeft(t.sla.leftMinutes ?? 0)})`);
  if (t.resolution) lines.push(`  resolution ${clean(t.resolution)}`);
  if (t.closingReason) lines.push(`  closed    ${t.closedAt?.slice(0, 16).replace('T', ' ')} (${clean(t.closingReason)})`);
  lines.push('', 'Conversation');
  for (const c of t.comments) {
    lines.push(`  ── ${c.internal ? 'INTERNAL NOTE' : 'reply'} by ${clean(c.author)} · ${minuteOf(c.createdAt)} · ${c.channel}`);
    for (const line of sanitizeForTerminal(c.body, { multiline: true }).split('\n')) lines.push(`     ${line}`);
    for (const a of c.attachments) lines.push(`     [attachment ${clean(a.filename)}, ${a.size} bytes]`);
  }
  lines.push('', 'History');
  for (const e of t.events) {
    lines.push(
      `  ${minuteOf(e.at)}  ${clean(e.actor ?? 'system')}  ${e.action}${changeText(e.before, e.after)}${e.text && !e.text.includes('\n') && e.text.length < 80 ? `  “${clean(e.text)}”` : ''}`,
    );
  }
  return lines.join('\n');
}

function changeText(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  if (!after) return '';
  const parts = Object.keys(after).map((key) => {
    const from = before && key in before ? `${show(before[key])} → ` : '';
    return `${key}: ${from}${show(after[key])}`;
  });
  return parts.length ? `  (${parts.join('; ')})` : '';
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return clean(String(value));
}
