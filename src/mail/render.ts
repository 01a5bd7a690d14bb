// Turns one notification into a short plain-text message: what happened, by whom, the comment,
// and the status line. Pure: the SMTP adapter adds the transport.
import type { OutgoingNotification } from '../app/mail/notifyDelivery.js';
import { sanitizeForTerminal } from '../domain/sanitize.js';

export interface RenderedMail {
  from: string;
  to: { name: string; address: string };
  replyTo?: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  headers: Record<string, string>;
}

/** The header every notification carries so that our own mailgate drops it if it comes back. */
export const LOOP_HEADER = 'X-Ticketty-Loop';

/** Mail is often read in a terminal too: controls and escapes go, line breaks stay. */
const clean = (text: string) => sanitizeForTerminal(text, { multiline: true });
const oneLine = (text: string) => sanitizeForTerminal(text.replace(/\s*[\r\n]+\s*/g, ' ')).trim();

export function subjectFor(ticketId: number, subject: string): string {
  return `[#${ticketId}] ${oneLine(subject)}`;
}

function whatHappened(n: OutgoingNotification): string {
  const after = n.event.after;
  const actor = oneLine(n.event.actor);
  switch (n.event.action) {
    case 'create':
      return `${actor} opened ticket #${n.ticket.id}`;
    case 'follow_up':
      return `${actor} opened a follow-up`;
    case 'accept':
      return `${actor} accepted the ticket`;
    case 'assign':
      return `${actor} assigned the ticket${n.ticket.assignee ? ` to ${oneLine(n.ticket.assignee)}` : ''}`;
    case 'reply':
      return `${actor} replied`;
    case 'note':
      return `${actor} added an internal note`;
    case 'request_info':
      return `${actor} asked for information`;
    case 'provide_info':
      return `${actor} provided the information asked for`;
    case 'hold':
      return `${actor} put the ticket on hold`;
    case 'resume':
      return `${actor} resumed work on the ticket`;
    case 'escalate':
      return `${actor} escalated the ticket to level ${String(after.level ?? n.ticket.level)}`;
    case 'deescalate':
      return `${actor} returned the ticket to level ${String(after.level ?? n.ticket.level)}`;
    case 'solve':
      return `${actor} solved the ticket`;
    case 'reopen':
      return `${actor} reopened the ticket`;
    case 'priority':
      return `${actor} changed the priority to ${oneLine(n.ticket.priority)}`;
    case 'type':
      return `${actor} changed the type to ${oneLine(String(after.type ?? ''))}`;
    case 'close':
      return `${actor} closed the ticket`;
    case 'estimate':
      return `${actor} sent an estimate for your approval${typeof after.hours === 'number' ? ` (${after.hours} h)` : ''}`;
    case 'approve':
      return `${actor} approved the estimate: work starts`;
    case 'decline':
      return `${actor} declined the estimate`;
    case 'auto_close':
      return 'The ticket was closed automatically';
    case 'remind':
      return 'Reminder: this ticket is waiting for an answer';
    default:
      return `${actor}: ${n.event.action.replace(/_/g, ' ')}`;
  }
}

/** The requester's receipt of a new ticket or follow-up (SPEC 3): its number and what happens next. */
function receipt(n: OutgoingNotification): string[] {
  return [
    `We have received your request. Its number is #${n.ticket.id}: keep [#${n.ticket.id}] in the subject of your mails about it.`,
    `What happens next: our level-${n.ticket.level} support will pick it up and answer you by mail. If we need more information, we will ask you; your reply goes straight to the ticket.`,
  ];
}

export function renderNotification(n: OutgoingNotification): RenderedMail {
  const lines: string[] = [];
  if (n.event.internal) lines.push('INTERNAL NOTE - not visible to the customer', '');
  lines.push(`${whatHappened(n)}:`, '');
  if (n.event.text?.trim()) lines.push(clean(n.event.text.trim()), '');
  if (n.event.action === 'create' && n.recipientIsRequester) lines.push(...receipt(n), '');
  if (n.event.action === 'estimate' && !n.recipientIsStaff)
    lines.push('To start the work, reply with APPROVE as the first word; to decline, reply with DECLINE and your reason.', '');
  const t = n.ticket;
  lines.push(
    '--',
    `#${t.id} ${oneLine(t.subject)}`,
    `Status: ${oneLine(t.statusLine ?? `${t.status} L${t.level}`)} | Priority: ${oneLine(t.priority)} | Assignee: ${t.assignee ? oneLine(t.assignee) : 'none'}`,
    `Requester: ${oneLine(t.requester)}${t.organization ? ` (${oneLine(t.organization)})` : ''}`,
    n.event.internal
      ? `Reply to add a public comment; keep [#${t.id}] in the subject.`
      : `Reply to this message to add a comment; keep [#${t.id}] in the subject.`,
  );
  return {
    from: oneLine(n.from),
    // Names stored before input was checked may hold line breaks: never a header of their own.
    to: { name: oneLine(n.to.name), address: n.to.address },
    ...(n.replyTo ? { replyTo: oneLine(n.replyTo) } : {}),
    subject: subjectFor(t.id, t.subject),
    text: `${lines.join('\n')}\n`,
    messageId: n.messageId,
    inReplyTo: n.inReplyTo,
    references: n.references,
    headers: {
      // RFC 3834: automatic mail; well-behaved auto-responders stay quiet.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
      [LOOP_HEADER]: n.replyTo ?? n.from,
    },
  };
}
