// Incoming mail (SPEC 7): one message becomes a ticket (channel `email`) or a comment, in one
// transaction, through the same use cases as the CLI. Dedupe and threading use `mail_messages`.
import { BadInput } from '../../domain/errors.js';
import { canSee } from '../../domain/permissions.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { actorFromUser } from '../people/actors.js';
import { insertTicket } from '../tickets/createTicket.js';
import { findOrCreateRequester } from '../people/people.js';
import { replyToTicket } from '../tickets/ticketActions.js';
import { workflowTicket } from '../tickets/ticketWrite.js';
import { whyIgnore } from './mailGuards.js';
import { addressOf, mailDomain, ticketIdFromMessageId } from './mailIds.js';
import { getSetting } from '../settings/settingValues.js';

/** A parsed message, independent of the parser. Header names are lower case, values unfolded. */
export interface IncomingMail {
  /** Message-ID with its angle brackets, or null when the message has none. */
  messageId: string | null;
  /** A stable stand-in for a missing Message-ID (a digest of the raw message). */
  fallbackId: string;
  from: { address: string; name: string } | null;
  subject: string;
  text: string;
  inReplyTo: string[];
  references: string[];
  headers: Record<string, string | undefined>;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export type IngestOutcome =
  | { outcome: 'created'; ticketId: number; requester: string }
  | { outcome: 'commented'; ticketId: number; requester: string }
  | { outcome: 'follow_up'; ticketId: number; followUpOf: number; requester: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate'; reason: string };

const SUBJECT_MAX = 250;
const TICKET_TAG = /\[#(\d{1,15})\]/;

export function ingestMail(ctx: AppContext, mail: IncomingMail): IngestOutcome {
  const mails = ctx.mail;
  const key = mail.messageId ?? mail.fallbackId;
  const own = [getSetting(ctx, 'mail.supportAddress'), addressOf(getSetting(ctx, 'mail.from') ?? '')].filter((a): a is string => !!a);
  const cap = getSetting(ctx, 'mail.maxAttachmentBytes') ?? Infinity;
  const total = mail.attachments.reduce((n, a) => n + a.content.length, 0);

  return ctx.store.write((): IngestOutcome => {
    const now = ctx.nowMs();
    const seen = mails.mailMessage(key);
    if (seen) return { outcome: 'duplicate', reason: `duplicate Message-ID ${key} (first seen ${new Date(seen.receivedAt).toISOString()}, ${seen.outcome})` };
    const ignored = whyIgnore(mail, own);
    if (ignored) {
      mails.recordMailMessage({ messageId: key, ticketId: null, receivedAt: now, outcome: 'ignored', reason: ignored });
      return { outcome: 'ignored', reason: ignored };
    }
    if (!mail.from) throw new BadInput('the message has no sender (From) address');
    if (total > cap) {
      throw new BadInput(`the attachments total ${formatBytes(total)}, over the limit of ${formatBytes(cap)}: send smaller files or a link`);
    }
    const sender = senderOf(ctx, mail.from);
    const actor = actorFromUser(sender);
    const target = findTicket(ctx, mail);

    let outcome: IngestOutcome;
    let ticket: TicketRow;
    if (target && canSee(actor, workflowTicket(target))) {
      const result = replyToTicket(ctx, actor, target.id, bodyOf(mail, true), { channel: 'email' });
      ticket = result.ticket;
      outcome = result.followUpOf !== undefined
        ? { outcome: 'follow_up', ticketId: ticket.id, followUpOf: result.followUpOf, requester: sender.handle }
        : { outcome: 'commented', ticketId: ticket.id, requester: sender.handle };
    } else {
      // No ticket, or one the sender may not see: a new ticket, which tells them nothing of the other.
      ticket = insertTicket(ctx, sender.id, {
        subject: subjectOf(mail.subject),
        // A first mail keeps its quotes: they are often the forwarded problem itself.
        description: bodyOf(mail, false),
        requesterId: sender.id,
        orgId: sender.orgId,
        type: 'question',
        priority: 'P3',
        level: 1,
        channel: 'email',
        tags: [],
        followUpOf: null,
      }, { channel: 'email' });
      outcome = { outcome: 'created', ticketId: ticket.id, requester: sender.handle };
    }
    const comment = mails.lastCommentOf(ticket.id)!;
    mails.setCommentMessageId(comment.id, key);
    for (const a of mail.attachments) {
      ctx.tickets.insertAttachment({ commentId: comment.id, filename: a.filename, contentType: a.contentType, size: a.content.length, data: a.content });
    }
    mails.recordMailMessage({
      messageId: key,
      ticketId: ticket.id,
      receivedAt: now,
      // A follow-up opened a ticket: later replies thread to it, and its root is this message.
      outcome: outcome.outcome === 'commented' ? 'commented' : 'created',
      reason: outcome.outcome === 'follow_up' ? `follow-up of #${outcome.followUpOf}` : null,
    });
    return outcome;
  });
}

/** The sender as a user: known by e-mail, or a new requester whose organization comes from the domain. */
function senderOf(ctx: AppContext, from: { address: string; name: string }) {
  const known = ctx.people.userByEmail(from.address);
  if (known) return known;
  const user = findOrCreateRequester(ctx, from.address);
  const name = from.name.replace(/[\p{Cc}]/gu, ' ').trim().slice(0, 100);
  if (name) {
    ctx.people.updateUser(user.id, { name });
    return { ...user, name };
  }
  return user;
}

/** The ticket a reply belongs to: `[#123]` in the subject, else its In-Reply-To / References. */
function findTicket(ctx: AppContext, mail: IncomingMail): TicketRow | undefined {
  const tagged = TICKET_TAG.exec(mail.subject)?.[1];
  if (tagged) {
    const row = ctx.tickets.ticketById(Number(tagged));
    if (row) return row;
  }
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse()];
  if (!ids.length) return undefined;
  const domain = mailDomain(ctx);
  const mails = ctx.mail;
  for (const id of ids) {
    const own = ticketIdFromMessageId(id, domain);
    if (own !== undefined) {
      const row = ctx.tickets.ticketById(own);
      if (row) return row;
    }
  }
  const found = mails.ticketIdOfReceivedMessage(ids) ?? mails.ticketIdOfSentMessage(ids);
  return found !== undefined ? ctx.tickets.ticketById(found) : undefined;
}

function subjectOf(subject: string): string {
  const text = subject.replace(TICKET_TAG, ' ').replace(/\s+/g, ' ').trim() || '(no subject)';
  return text.length > SUBJECT_MAX ? `${text.slice(0, SUBJECT_MAX - 1)}…` : text;
}

/** The text of a mail; of a reply, only the new part (the quoted tail is dropped). */
export function bodyOf(mail: Pick<IncomingMail, 'text' | 'attachments'>, isReply: boolean): string {
  const normalized = mail.text.replace(/\r\n?/g, '\n');
  const text = (isReply ? stripQuotedTail(normalized) : normalized).trim();
  if (text) return text;
  return mail.attachments.length ? '(attachments only)' : '(no text)';
}

export function stripQuotedTail(text: string): string {
  const lines = text.split('\n');
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.startsWith('>') || !lines[end - 1]!.trim())) end--;
  if (end === lines.length) return text;
  // The attribution line just above the quote ("On Mon, 2 Mar 2026, Ann wrote:").
  if (end > 0 && /\bwrote:\s*$/i.test(lines[end - 1]!)) end--;
  return lines.slice(0, end).join('\n');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
