// Who hears about an event (SPEC 3). Pure: the app layer supplies the people.
import { ACTIONS } from './workflow.js';
import { verbRecord } from './verbs.js';

/** Events that are no verb but notify: a new ticket, a reminder, an automatic close, a follow-up. */
export const NOTIFYING_SYSTEM_EVENTS = ['create', 'remind', 'auto_close', 'follow_up'] as const;

/**
 * Event actions that a person would care about: the verbs whose record says so (verbs.ts) and the
 * system events; others (tags, watchers…) notify nobody.
 */
export const NOTIFYING_ACTIONS: ReadonlySet<string> = new Set<string>([
  ...ACTIONS.filter((verb) => verbRecord(verb).notifies),
  ...NOTIFYING_SYSTEM_EVENTS,
]);

export interface RecipientInput {
  actorId: number | null;
  requesterId: number;
  /** Whether the requester is a plain requester (never told of internal notes). */
  requesterIsCustomer: boolean;
  assigneeId: number | null;
  /** Staff who handled the ticket at any level (picked it up or were its assignee there). */
  handlerIds: number[];
  /** The party a question waits on when it is not otherwise a recipient (level-2 staff at L3). */
  waitedOnIds: number[];
  watcherIds: number[];
  orgSuperuserIds: number[];
  notifyAllAdminIds: number[];
  /** Ids of people who are requesters (customers), to keep internal notes from them. */
  customerIds: Set<number>;
  /** People who opted out of this ticket's notifications (never the requester). */
  mutedIds: Set<number>;
  internal: boolean;
  /** A new ticket or follow-up: the requester gets a receipt even when they opened it. */
  receipt: boolean;
}

/**
 * One entry per person, in a stable order: requester, assignee, earlier handlers, the party
 * waited on, watchers, superusers, admins. The actor hears nothing of their own change, except
 * the requester's receipt for a new ticket (SPEC 3).
 */
export function recipientsFor(input: RecipientInput): number[] {
  const ordered = [
    input.requesterId,
    ...(input.assigneeId !== null ? [input.assigneeId] : []),
    ...input.handlerIds,
    ...input.waitedOnIds,
    ...input.watcherIds,
    ...input.orgSuperuserIds,
    ...input.notifyAllAdminIds,
  ];
  const seen = new Set<number>();
  const result: number[] = [];
  for (const id of ordered) {
    if (seen.has(id)) continue;
    seen.add(id);
    const isRequester = id === input.requesterId;
    if (id === input.actorId && !(input.receipt && isRequester)) continue;
    if (!isRequester && input.mutedIds.has(id)) continue;
    if (input.internal && (input.customerIds.has(id) || (isRequester && input.requesterIsCustomer))) continue;
    result.push(id);
  }
  return result;
}
