// Which incoming mail must never become a ticket or a comment: automatic replies, bulk mail,
// bounces and our own mail coming back (SPEC 7). Pure: returns the reason, or null to accept.
import type { IncomingMail } from './mailIngest.js';

const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const SYSTEM_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/i;

export function whyIgnore(mail: IncomingMail, ownAddresses: string[]): string | null {
  const h = mail.headers;
  const autoSubmitted = h['auto-submitted']?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `automatic mail (Auto-Submitted: ${autoSubmitted})`;
  const precedence = h.precedence?.trim().toLowerCase();
  if (precedence && BULK_PRECEDENCE.has(precedence)) return `bulk mail (Precedence: ${precedence})`;
  if (h['x-autoreply'] !== undefined || h['x-autorespond'] !== undefined) return 'automatic reply (X-Autoreply)';
  if (h['x-ticketty-loop'] !== undefined) return 'mail loop: a ticketty notification came back';
  // X-Loop is set by list managers and filters that already handled the mail: never answer it.
  if (h['x-loop'] !== undefined) return `mail loop (X-Loop: ${h['x-loop'].slice(0, 80)})`;
  const own = ownAddresses.map((a) => a.toLowerCase());
  const sender = mail.from?.address.toLowerCase() ?? '';
  if (SYSTEM_SENDERS.test(sender.split('@')[0] ?? '')) return `bounce or system mail from ${sender}`;
  if (h['return-path']?.trim() === '<>') return 'bounce (empty Return-Path)';
  if (/^multipart\/report/i.test(h['content-type'] ?? '')) return 'delivery or read report (multipart/report)';
  if (own.includes(sender)) return `mail from our own address ${sender}`;
  return null;
}
