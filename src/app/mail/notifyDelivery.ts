// Delivering the outbox (SPEC 3): claim due rows, hand each to a sender, record the outcome.
//
// A claimed row is `sending` under a lease; a crash leaves it to be claimed again when the lease
// ends. A server's temporary answer about a message re-queues it with exponential backoff; a
// connection failure (refused, timed out, 421: the SMTP server is down) puts every claimed row
// back untouched, so an outage of any length costs no message an attempt. A row is marked sent once, only while still claimed.
import { BadInput } from '../../domain/errors.js';
import { ticketSnapshot, type TicketSnapshot } from '../tickets/notificationRecipients.js';
import type { AppContext } from '../context.js';
import { type MailRepo, type OutboxRow } from '../../store/port/index.js';
import { addressOf, mailDomain, notificationMessageId, ticketRootMessageId } from './mailIds.js';
import { getSetting } from '../settings/settingValues.js';
import type { Role } from '../../domain/types.js';
import { eventTextVisibleTo } from '../../domain/permissions.js';

/** Everything a renderer needs to write one notification; plain data. */
export interface OutgoingNotification {
  outboxId: number;
  from: string;
  replyTo: string | null;
  to: { name: string; address: string };
  messageId: string;
  inReplyTo: string;
  references: string[];
  recipientIsStaff: boolean;
  /** The ticket's requester (who gets the receipt of a new ticket). */
  recipientIsRequester: boolean;
  ticket: {
    id: number;
    subject: string;
    status: string;
    level: number;
    /** `OUVERT L1`, `WAITING L1`: as the dictionary showed it at the event (older rows: none). */
    statusLine?: string | undefined;
    priority: string;
    requester: string;
    organization: string | null;
    assignee: string | null;
  };
  event: {
    action: string;
    actor: string;
    at: Date;
    /** The comment, or the reason/resolution kept on the event. */
    text: string | null;
    internal: boolean;
    after: Record<string, unknown>;
  };
}

/** The port a mail adapter implements. A thrown error may say whether retrying can help. */
export interface NotificationSender {
  send(notification: OutgoingNotification): Promise<void>;
}
export interface SendError {
  /** The server refused for good (a 5xx reply): do not retry. */
  permanent?: boolean;
  /** The server could not be reached: every other message would fail the same way now. */
  connection?: boolean;
}

export interface DeliveryOptions {
  /** Rows claimed per transaction. */
  chunk?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  errors: string[];
}

const MINUTE = 60_000;
export const DEFAULT_MAX_ATTEMPTS = 12;
/** How long an outage of the SMTP server pauses delivery before the next try. */
export const OUTAGE_PAUSE_MS = MINUTE;

/** 1 min, 2 min, 4 min … capped at 6 h: about a day and a half of retries over 12 attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 360 * MINUTE);
}

export async function deliverOutbox(ctx: AppContext, sender: NotificationSender, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const mail = ctx.mail;
  const chunk = options.chunk ?? 50;
  const leaseMs = options.leaseMs ?? 10 * MINUTE;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, skipped: 0, errors: [] };
  const from = fromHeader(ctx);
  if (!from) throw new BadInput("no sender address: set one with 'ticketty config set mail.supportAddress support@example.com'");

  for (;;) {
    const now = ctx.nowMs();
    const claimed = ctx.store.write(() => {
      const rows = mail.claimDue(now, now + leaseMs, chunk);
      return rows.map((row) => ({ row, notification: buildNotification(ctx, mail, row, from) }));
    });
    if (!claimed.length) return report;
    for (let i = 0; i < claimed.length; i++) {
      const { row, notification } = claimed[i]!;
      if (typeof notification === 'string') {
        ctx.store.write(() => mail.markFinal(row.id, 'skipped', notification));
        report.skipped++;
        continue;
      }
      try {
        await sender.send(notification);
        ctx.store.write(() => mail.markSent(row.id, ctx.nowMs()));
        report.sent++;
      } catch (error) {
        const failure = error as SendError & Error;
        const message = oneLine(failure.message ?? String(error));
        if (!report.errors.includes(message)) report.errors.push(message);
        if (failure.connection) {
          // The server could not be reached: no message was tried, so no attempt counts, however
          // long the outage. This row and the rest go back as they were, due after a pause.
          const retryAt = ctx.nowMs() + OUTAGE_PAUSE_MS;
          ctx.store.write(() => {
            mail.release(row.id, retryAt, message);
            for (const c of claimed.slice(i + 1)) mail.release(c.row.id, retryAt);
          });
          report.retrying += claimed.length - i;
          return report;
        }
        // The server answered about this message: that answer is an attempt.
        if (failure.permanent || row.attempts >= maxAttempts) {
          ctx.store.write(() => mail.markFinal(row.id, 'failed', message));
          report.failed++;
        } else {
          const retryAt = ctx.nowMs() + backoffMs(row.attempts);
          ctx.store.write(() => mail.markRetry(row.id, retryAt, message));
          report.retrying++;
        }
      }
    }
  }
}

function fromHeader(ctx: AppContext): string | undefined {
  return getSetting(ctx, 'mail.from') ?? getSetting(ctx, 'mail.supportAddress') ?? undefined;
}

/** The notification of one outbox row, or the reason it cannot be sent. */
function buildNotification(ctx: AppContext, mail: MailRepo, row: OutboxRow, from: string): OutgoingNotification | string {
  const recipient = ctx.people.userById(row.recipientId);
  if (!recipient?.email) return `${recipient?.handle ?? `user ${row.recipientId}`} has no e-mail address`;
  const ticket = ctx.tickets.ticketById(row.ticketId);
  const event = mail.eventById(row.eventId);
  if (!ticket || !event) return 'the ticket or its event is gone';
  const comment = event.commentId !== null ? mail.commentById(event.commentId) : undefined;
  const internal = comment?.internal ?? false;
  // Recipients were chosen when the event was written; this is a second lock on the door.
  if (internal && recipient.role === 'requester') return 'internal note withheld from a requester';

  const domain = mailDomain(ctx);
  const messageId = row.messageId ?? notificationMessageId(ticket.id, row.id, domain);
  // Called inside the claiming transaction: the id is fixed before the first attempt.
  if (row.messageId === null) mail.setMessageId(row.id, messageId);
  const root = ticketRootMessageId(ticket.id, domain);
  const opening = mail.creatingMessageOf(ticket.id);
  const actor = event.actorId ? ctx.people.userById(event.actorId) : undefined;
  // The ticket as it was at the event (SPEC 3); rows queued before snapshots read it as it is now.
  const snapshot: TicketSnapshot = row.snapshot ? (JSON.parse(row.snapshot) as TicketSnapshot) : ticketSnapshot(ctx, ticket);
  return {
    outboxId: row.id,
    from,
    replyTo: getSetting(ctx, 'mail.supportAddress') ?? addressOf(from) ?? null,
    to: { name: recipient.name, address: recipient.email },
    messageId,
    inReplyTo: opening ?? root,
    references: opening ? [opening, root] : [root],
    recipientIsStaff: recipient.role !== 'requester',
    recipientIsRequester: recipient.id === ticket.requesterId,
    ticket: { id: ticket.id, ...snapshot },
    event: {
      action: event.action,
      actor: event.actorId ? (actor?.name ?? 'someone') : 'ticketty',
      at: new Date(event.at),
      text: comment?.body ?? (eventTextVisibleTo(recipient.role as Role, event.action) ? event.text : null),
      internal,
      after: event.after ? (JSON.parse(event.after) as Record<string, unknown>) : {},
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
