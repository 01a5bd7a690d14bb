// Incoming mail kept for an admin because it could not be accepted (SPEC 7: a sender that cannot
// be read is never bounced to a possibly forged address). Admins list it and take the bytes back.
import type { Actor } from '../../domain/permissions.js';
import { NotFound } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';

export interface RejectedMailView {
  messageId: string;
  receivedAt: string;
  reason: string;
  subject: string;
  sender: string;
  size: number;
}

export function listRejectedMail(ctx: AppContext, actor: Actor, limit: number): RejectedMailView[] {
  requireAdmin(actor, 'read rejected mail');
  const n = Math.min(1000, Math.max(1, Math.floor(limit) || 50));
  return ctx.store
    .read(() => ctx.mail.rejectedMessages(n))
    .map((m) => ({
      messageId: m.messageId,
      receivedAt: new Date(m.receivedAt).toISOString(),
      reason: m.reason ?? '',
      subject: m.subject ?? '',
      sender: m.sender ?? '',
      size: m.size ?? 0,
    }));
}

/** The message as it arrived, to look at or to hand to mailgate again. */
export function rejectedMailRaw(ctx: AppContext, actor: Actor, messageId: string): Buffer {
  requireAdmin(actor, 'read rejected mail');
  const raw = ctx.store.read(() => ctx.mail.rejectedMessageRaw(messageId.trim()));
  if (!raw) throw new NotFound(`no rejected message ${messageId}: see 'ticketty mail rejected'`);
  return raw;
}
