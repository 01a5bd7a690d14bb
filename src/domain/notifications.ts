// Who hears about an event (SPEC 3). Pure: the app layer supplies the people.

/** Event actions that a person would care about; others (tags, watchers…) notify nobody. */
export const NOTIFYING_ACTIONS = new Set([
  'create',
  'accept',
  'assign',
  'reply',
  'note',
  'request_info',
  'provide_info',
  'hold',
  'resume',
  'escalate',
  'deescalate',
  'solve',
  'reopen',
  'close',
  'remind',
  'auto_close',
  'follow_up',
]);

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
