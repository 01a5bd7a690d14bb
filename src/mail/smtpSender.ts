// nodemailer adapter: sends rendered notifications and says whether a failure is worth a retry.
import nodemailer from 'nodemailer';
import type { NotificationSender, OutgoingNotification, SendError } from '../app/mail/notifyDelivery.js';
import { renderNotification } from './render.js';

/** Error codes of nodemailer that mean the server could not be reached or talked to at all. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'EGREETING', 'ETLS']);

export class DeliveryFailure extends Error implements SendError {
  readonly permanent: boolean;
  readonly connection: boolean;
  constructor(message: string, permanent: boolean, connection: boolean) {
    super(message);
    this.permanent = permanent;
    this.connection = connection;
  }
}

/** Classifies a nodemailer error: 5xx replies are final, connection trouble is an outage. */
export function classifySmtpError(error: unknown): DeliveryFailure {
  const e = error as { code?: string; responseCode?: number; message?: string };
  // 421: the service is not available and closes the channel (RFC 5321), an outage like any other.
  const connection =
    CONNECTION_CODES.has(e.code ?? '') ||
    e.responseCode === 421 ||
    (e.responseCode === undefined && /ECONNREFUSED|ECONNRESET|EHOSTUNREACH/.test(e.message ?? ''));
  const permanent = !connection && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  return new DeliveryFailure(e.message ?? String(error), permanent, connection);
}

export interface SmtpSender extends NotificationSender {
  close(): void;
}

export function createSmtpSender(url: string): SmtpSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(notification: OutgoingNotification) {
      const mail = renderNotification(notification);
      try {
        await transport.sendMail({
          from: mail.from,
          to: { name: mail.to.name, address: mail.to.address },
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          inReplyTo: mail.inReplyTo,
          references: mail.references,
          headers: mail.headers,
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}
