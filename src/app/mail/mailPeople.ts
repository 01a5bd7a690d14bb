// The people of an incoming mail: its sender as a user, and the customers it CCs, who become the
// ticket's watchers on the requester side (SPEC 7): they are told what the requester is told and
// may answer by mail, nothing more.
import type { TicketRow, UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { findOrCreateRequester } from '../people/people.js';
import type { IncomingMail } from './mailIngest.js';

/** At most this many customers join a ticket from one message (a long list is a newsletter). */
const MAX_CC = 10;

/** The sender as a user: known by e-mail, or a new requester whose organization comes from the domain. */
export function senderOf(ctx: AppContext, from: { address: string; name: string }): UserRow {
  const known = ctx.people.userByEmail(from.address);
  if (known) return known;
  return withName(ctx, findOrCreateRequester(ctx, from.address), from.name);
}

function withName(ctx: AppContext, user: UserRow, name: string): UserRow {
  const clean = name
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .trim()
    .slice(0, 100);
  if (!clean) return user;
  ctx.people.updateUser(user.id, { name: clean });
  return { ...user, name: clean };
}

/** A requester who watches the ticket: one of the people CC'd on its mail. */
export function isCustomerWatcher(ctx: AppContext, ticketId: number, user: UserRow): boolean {
  return user.role === 'requester' && (ctx.tickets.watchersOf([ticketId]).get(ticketId) ?? []).includes(user.id);
}

/** The customers in To/Cc who are not yet part of the ticket: their user ids (new ones created). */
export function ccCustomers(ctx: AppContext, mail: IncomingMail, ownAddresses: string[], ticket: TicketRow): number[] {
  const own = new Set([...ownAddresses.map((a) => a.toLowerCase()), mail.from?.address]);
  const watching = new Set(ctx.tickets.watchersOf([ticket.id]).get(ticket.id) ?? []);
  const ids: number[] = [];
  for (const person of [...(mail.to ?? []), ...(mail.cc ?? [])]) {
    if (own.has(person.address) || ids.length >= MAX_CC) continue;
    own.add(person.address);
    const known = ctx.people.userByEmail(person.address);
    // Staff see the ticket anyway; only customers are added.
    if (known && known.role !== 'requester') continue;
    const user = known ?? withName(ctx, findOrCreateRequester(ctx, person.address), person.name);
    if (user.id === ticket.requesterId || watching.has(user.id)) continue;
    ids.push(user.id);
  }
  return ids;
}
