// Incoming mail (SPEC 7): one message becomes a ticket (channel `email`) or a comment, in one
// transaction, through the same use cases as the CLI. Dedupe and threading use `mail_messages`.
import { BadInput } from '../../domain/errors.js';
import { canSee, type Actor } from '../../domain/permissions.js';
import { checkAction } from '../../domain/workflow.js';
import type { Status } from '../../domain/types.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { actorFromUser } from '../people/actors.js';
import { insertTicket } from '../tickets/createTicket.js';
import { approveEstimate, declineEstimate, replyToTicket } from '../tickets/ticketActions.js';
import { workflowTicket, writePlan, type Plan } from '../tickets/ticketWrite.js';
import { whyIgnore } from './mailGuards.js';
import { addressOf, mailDomain, ticketIdFromMessageId } from './mailIds.js';
import { getSetting } from '../settings/settingValues.js';
import { newReplyText } from './replyText.js';
import { ccCustomers, isCustomerWatcher, senderOf } from './mailPeople.js';

/**
 * Input that no retry can make acceptable: not a mail message, or over the size limit. The only
 * refusal the mail server bounces (mailgate exit 2); every other failure may pass (exit 75).
 */
export class Unacceptable extends BadInput {
  readonly neverAcceptable = true;
}

/** A parsed message, independent of the parser. Header names are lower case, values unfolded. */
export interface IncomingMail {
  /** Message-ID with its angle brackets, or null when the message has none. */
  messageId: string | null;
  /** A stable stand-in for a missing Message-ID (a digest of the raw message). */
  fallbackId: string;
  /** The first sender that is an RFC 5322 address; null when none can be read. */
  from: { address: string; name: string } | null;
  /** The From header as written (for the record of a message whose sender cannot be read). */
  fromHeader?: string | null;
  to?: Array<{ address: string; name: string }>;
  cc?: Array<{ address: string; name: string }>;
  /** The message as received: kept when it cannot be accepted. */
  raw?: Buffer;
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
  /** Kept for an admin (`ticketty mail rejected`), never bounced: e.g. no readable sender. */
  | { outcome: 'rejected'; reason: string }
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
    if (seen)
      return {
        outcome: 'duplicate',
        reason: `duplicate Message-ID ${key} (first seen ${new Date(seen.receivedAt).toISOString()}, ${seen.outcome})`,
      };
    const ignored = whyIgnore(mail, own);
    if (ignored) {
      mails.recordMailMessage({ messageId: key, ticketId: null, receivedAt: now, outcome: 'ignored', reason: ignored });
      return { outcome: 'ignored', reason: ignored };
    }
    if (!mail.from) {
      const reason = mail.fromHeader
        ? `the sender cannot be read (From: ${mail.fromHeader.slice(0, 200)})`
        : 'the message has no From header';
      mails.recordMailMessage({
        messageId: key,
        ticketId: null,
        receivedAt: now,
        outcome: 'rejected',
        reason,
        subject: mail.subject.slice(0, 500),
        sender: mail.fromHeader ?? null,
        raw: mail.raw ?? null,
      });
      return { outcome: 'rejected', reason };
    }
    if (total > cap) {
      throw new Unacceptable(
        `the attachments total ${formatBytes(total)}, over the limit of ${formatBytes(cap)}: send smaller files or a link`,
      );
    }
    const sender = senderOf(ctx, mail.from);
    const actor = actorFromUser(sender);
    const target = findTicket(ctx, mail);
    const extra: IncomingMail['attachments'] = [];

    let outcome: IngestOutcome;
    let ticket: TicketRow;
    if (target && (canSee(actor, workflowTicket(target)) || (target.status !== 'closed' && isCustomerWatcher(ctx, target.id, sender)))) {
      const reply = newReplyText(mail.text);
      // The full mail stays with the comment: stripping must never lose what the customer wrote.
      if (reply.stripped)
        extra.push({ filename: 'original-message.txt', contentType: 'text/plain; charset=utf-8', content: Buffer.from(mail.text, 'utf8') });
      const body = bodyOf({ text: reply.text, attachments: mail.attachments });
      const answer = approvalAnswer(actor, target, reply.text);
      if (answer) {
        // A reply to an estimate that starts with APPROVE or DECLINE answers it (SPEC 2.1).
        const text = answer.rest || body;
        const run = answer.verb === 'approve' ? approveEstimate : declineEstimate;
        ticket = run(ctx, actor, target.id, text, { channel: 'email' }).ticket;
        outcome = { outcome: 'commented', ticketId: ticket.id, requester: sender.handle };
      } else if (canSee(actor, workflowTicket(target))) {
        const result = replyToTicket(ctx, actor, target.id, body, { channel: 'email' });
        ticket = result.ticket;
        outcome =
          result.followUpOf !== undefined
            ? { outcome: 'follow_up', ticketId: ticket.id, followUpOf: result.followUpOf, requester: sender.handle }
            : { outcome: 'commented', ticketId: ticket.id, requester: sender.handle };
      } else {
        // A CC'd customer answers as the customer side does, and sees no more than the requester.
        ticket = writePlan(ctx, sender.id, target, 'reply', customerReplyPlan(target, body), { channel: 'email' });
        outcome = { outcome: 'commented', ticketId: ticket.id, requester: sender.handle };
      }
    } else {
      // No ticket, or one the sender may not see: a new ticket, which tells them nothing of the other.
      ticket = insertTicket(
        ctx,
        sender.id,
        {
          subject: subjectOf(mail.subject),
          // A first mail keeps its quotes: they are often the forwarded problem itself.
          description: bodyOf(mail),
          requesterId: sender.id,
          orgId: sender.orgId,
          type: 'question',
          priority: 'P3',
          level: 1,
          channel: 'email',
          tags: [],
          followUpOf: null,
        },
        { channel: 'email' },
      );
      outcome = { outcome: 'created', ticketId: ticket.id, requester: sender.handle };
    }
    const comment = mails.lastCommentOf(ticket.id)!;
    mails.setCommentMessageId(comment.id, key);
    for (const a of [...mail.attachments, ...extra]) {
      ctx.tickets.insertAttachment({
        commentId: comment.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.content.length,
        data: a.content,
      });
    }
    mails.recordMailMessage({
      messageId: key,
      ticketId: ticket.id,
      receivedAt: now,
      // A follow-up opened a ticket: later replies thread to it, and its root is this message.
      outcome: outcome.outcome === 'commented' ? 'commented' : 'created',
      reason: outcome.outcome === 'follow_up' ? `follow-up of #${outcome.followUpOf}` : null,
    });
    // Customers in To/Cc join the conversation as watchers (the requester side). Only once the
    // helpdesk knows its own address: else its own mailbox, in To of every mail, would become a
    // "customer" of every ticket and be mailed every notification (a loop).
    const cc = own.length ? ccCustomers(ctx, mail, own, ticket) : [];
    if (cc.length) writePlan(ctx, sender.id, ctx.tickets.ticketById(ticket.id)!, 'watch', { watchers: { add: cc } }, { channel: 'email' });
    return outcome;
  });
}

/** The reply keyword of an estimate's approval: its first word, APPROVE(D) or DECLINE(D), and the rest. */
export const APPROVAL_KEYWORD = /^\s*(approved?|declined?)\b[\s:.,!-]*/i;

function approvalAnswer(actor: Actor, target: TicketRow, text: string): { verb: 'approve' | 'decline'; rest: string } | undefined {
  const match = APPROVAL_KEYWORD.exec(text);
  if (!match || target.waitingOn !== 'approval') return undefined;
  const verb = match[1]!.toLowerCase().startsWith('approve') ? 'approve' : 'decline';
  try {
    checkAction(verb, workflowTicket(target), actor);
  } catch {
    return undefined; // not theirs to answer: an ordinary reply
  }
  return { verb, rest: text.slice(match[0].length).trim() };
}

/** A customer's reply: it answers a pending question and reopens a solved ticket. */
function customerReplyPlan(t: TicketRow, body: string): Plan {
  const plan: Plan = { comment: { body, internal: false } };
  const status = t.status as Status;
  if (status === 'pending' || status === 'solved') plan.fields = { status: 'open', waitingOn: null, solvedAt: null };
  return plan;
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

/** The text of a mail, never empty. */
export function bodyOf(mail: Pick<IncomingMail, 'text' | 'attachments'>): string {
  const text = mail.text.replace(/\r\n?/g, '\n').trim();
  if (text) return text;
  return mail.attachments.length ? '(attachments only)' : '(no text)';
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
