// Message-IDs of our notifications and how a reply finds its ticket again.
//
// Every ticket has a virtual root `<ticket-123@DOMAIN>` that every notification threads under
// (In-Reply-To, References). Each notification has its own id `<ticket-123.n456@DOMAIN>`, derived
// from its outbox row so a retry resends the same id. DOMAIN is the support address's domain.
import type { AppContext } from '../context.js';
import { getSetting } from '../settings/settingValues.js';

const FALLBACK_DOMAIN = 'ticketty.localhost';

/** The domain part of our Message-IDs: the support address's, else the From address's. */
export function mailDomain(ctx: AppContext): string {
  const address = getSetting(ctx, 'mail.supportAddress') ?? addressOf(getSetting(ctx, 'mail.from') ?? '');
  return address?.split('@')[1]?.toLowerCase() || FALLBACK_DOMAIN;
}

/** The bare address of a From header: `"Name" <a@b>` → `a@b`. */
export function addressOf(header: string): string | undefined {
  const value = (/<([^>]+)>\s*$/.exec(header)?.[1] ?? header).trim().toLowerCase();
  return value.includes('@') ? value : undefined;
}

export function ticketRootMessageId(ticketId: number, domain: string): string {
  return `<ticket-${ticketId}@${domain}>`;
}

export function notificationMessageId(ticketId: number, outboxId: number, domain: string): string {
  return `<ticket-${ticketId}.n${outboxId}@${domain}>`;
}

/** The ticket id inside one of our own Message-IDs (any of them, with our domain), if it is one. */
export function ticketIdFromMessageId(messageId: string, domain: string): number | undefined {
  const match = /^<?ticket-(\d{1,15})(?:\.n\d+)?@([^>\s]+)>?$/i.exec(messageId.trim());
  if (!match || match[2]!.toLowerCase() !== domain.toLowerCase()) return undefined;
  return Number(match[1]);
}
