// Who hears about an event (SPEC 3). Pure: the app layer supplies the people.
import { ACTIONS } from './workflow.js';
import { verbRecord } from './verbs.js';

/** Events that are no verb but notify: a new ticket, a reminder, an automatic close, a follow-up. */
export const NOTIFYING_SYSTEM_EVENTS = ['create', 'remind', 'auto_close', 'follow_up'] as const;

/**
 * Event actions that a person would care about: the verbs whose record says so (verbs.ts) and the
 * system events; others (tags, watchers…) notify nobody.
 */
export const NOTIFYING_ACTIONS: ReadonlySet<string> = new Set<string>([...ACTIONS.filter((verb) => verbRecord(verb).notifies), ...NOTIFYING_SYSTEM_EVENTS]);

export interface RecipientInput {
  actorId: number | null;
  requesterId: number;
  /** Whether the requester is a plain requester (never told of internal notes). */
  requesterIsCustomer: boolean;
  assigneeId: number | null;
  watcherIds: number[];
  orgSuperuserIds: number[];
  notifyAllAdminIds: number[];
  /** Ids of people who are requesters (customers), to keep internal notes from them. */
  customerIds: Set<number>;
  internal: boolean;
}

/** One entry per person, in a stable order: requester, assignee, watchers, superusers, admins. */
export function recipientsFor(input: RecipientInput): number[] {
  const ordered = [
    input.requesterId,
    ...(input.assigneeId !== null ? [input.assigneeId] : []),
    ...input.watcherIds,
    ...input.orgSuperuserIds,
    ...input.notifyAllAdminIds,
  ];
  const seen = new Set<number>();
  const result: number[] = [];
  for (const id of ordered) {
    if (seen.has(id) || id === input.actorId) continue;
    seen.add(id);
    if (input.internal && (input.customerIds.has(id) || (id === input.requesterId && input.requesterIsCustomer))) continue;
    result.push(id);
  }
  return result;
}
