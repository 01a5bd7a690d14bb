// Who may see and handle a ticket (SPEC 1). Pure functions over plain data.
import type { Level, Role, WaitingOn } from './types.js';
import { isStaffRole } from './types.js';

export interface Actor {
  id: number;
  handle: string;
  role: Role;
  /** The level a staff member handles (superuser 1, agent 2, engineer 3); null for admins and requesters. */
  tier: Level | null;
  orgId: number | null;
}

/** The parts of a ticket that decide visibility and handling. */
export interface TicketAccess {
  requesterId: number;
  orgId: number | null;
  level: Level;
}

export function isStaff(actor: Actor): boolean {
  return isStaffRole(actor.role);
}

/**
 * Which tickets a reader sees, as data: their own as requester, plus their organization's when
 * `orgId` is set; undefined means every ticket. The one visibility rule: `canSee` applies it to a
 * ticket, and each store compiles the same value to SQL for its reads.
 */
export interface Visibility {
  requesterId: number;
  orgId?: number | undefined;
}

/**
 * Requesters see their own tickets; superusers those of their organization (an unbound superuser
 * serves every organization); agents, engineers and admins see everything.
 */
export function visibilityOf(actor: Actor): Visibility | undefined {
  if (actor.role === 'requester') return { requesterId: actor.id };
  if (actor.role === 'superuser' && actor.orgId !== null) return { requesterId: actor.id, orgId: actor.orgId };
  return undefined;
}

/** Whether a ticket falls within a visibility (undefined: everything). */
export function isVisible(visibility: Visibility | undefined, ticket: Pick<TicketAccess, 'requesterId' | 'orgId'>): boolean {
  if (!visibility) return true;
  return ticket.requesterId === visibility.requesterId || (visibility.orgId !== undefined && ticket.orgId === visibility.orgId);
}

export function canSee(actor: Actor, ticket: TicketAccess): boolean {
  return isVisible(visibilityOf(actor), ticket);
}

/** A staff member handles a ticket when its level equals their tier (admins: any level). */
export function handles(actor: Actor, ticket: TicketAccess): boolean {
  if (actor.role === 'admin') return true;
  if (!isStaff(actor) || actor.tier !== ticket.level) return false;
  return actor.role !== 'superuser' || actor.orgId === null || actor.orgId === ticket.orgId;
}

/** Whose batch runs' records an actor may read: everyone's for an admin (undefined), else their own. */
export function batchOwnerScope(actor: Actor): number | undefined {
  return actor.role === 'admin' ? undefined : actor.id;
}

/** Staff see internal notes on every ticket they can see; requesters never do. */
export function seesInternal(actor: Actor): boolean {
  return isStaff(actor);
}

/**
 * Acting for the customer: the ticket's own requester, or a superuser of the ticket's organization
 * once the ticket is at level 2 or 3 (SPEC 1). At level 1 a superuser is staff: their reply opens a
 * new ticket and never reopens a solved one.
 */
export function actsAsCustomer(actor: Actor, ticket: TicketAccess): boolean {
  if (ticket.requesterId === actor.id) return true;
  return actor.role === 'superuser' && ticket.level > 1 && actor.orgId !== null && actor.orgId === ticket.orgId;
}

/** Whether `actor` is the party a pending ticket waits on. */
export function isWaitedOn(actor: Actor, ticket: TicketAccess, waitingOn: WaitingOn | null): boolean {
  if (actor.role === 'admin') return true;
  switch (waitingOn) {
    case 'requester':
      return actsAsCustomer(actor, ticket);
    case 'superusers':
      return actor.role === 'superuser' && canSee(actor, ticket);
    case 'tier2':
      return actor.tier === 2;
    default:
      return false;
  }
}

/**
 * Whose entries of the directory (users, organizations) an actor may read: vendor staff and an
 * unbound superuser everyone; a bound superuser their organization's; a requester only their own.
 */
export type DirectoryScope = { kind: 'all' } | { kind: 'org'; orgId: number } | { kind: 'self' };

export function directoryScope(actor: Actor): DirectoryScope {
  if (actor.role === 'requester') return { kind: 'self' };
  if (actor.role === 'superuser' && actor.orgId !== null) return { kind: 'org', orgId: actor.orgId };
  return { kind: 'all' };
}

/**
 * Whether an actor may act for people of organization `orgId` (null: no organization): a bound
 * superuser only for their own; other staff for any. The same rule as `canSee` on a ticket's org.
 */
export function servesOrg(actor: Actor, orgId: number | null): boolean {
  if (actor.role === 'superuser' && actor.orgId !== null) return actor.orgId === orgId;
  return isStaff(actor);
}

/** Whether an actor may run the time-based automations (and their dry run): an admin or the service account. */
export function mayAutomate(actor: Actor): boolean {
  return actor.role === 'admin' || actor.handle === SERVICE_HANDLE;
}

/** The service account cron runs as (`ticketty automate --as ticketty`); see README "Roles". */
export const SERVICE_HANDLE = 'ticketty';

/** Actions whose text is a staff reason (SPEC 2.1 escalate, de-escalate, hold): internal, like a note. */
const STAFF_REASON_ACTIONS: ReadonlySet<string> = new Set(['escalate', 'deescalate', 'hold']);

/**
 * Whether the text kept on an event of `action` may be shown or mailed to someone of `role`:
 * a staff reason never reaches a requester (staff write a public reply for that).
 */
export function eventTextVisibleTo(role: Role, action: string): boolean {
  return isStaffRole(role) || !STAFF_REASON_ACTIONS.has(action);
}
