// Who hears about a change to a ticket (SPEC 3), and the ticket as the mail will describe it:
// the people are looked up here, the rule is domain/notifications.recipientsFor.
import { recipientsFor } from '../../domain/notifications.js';
import type { Priority, Status } from '../../domain/types.js';
import type { LevelRow, NotificationLookups, TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { dictionaries } from '../settings/dictionaries.js';
import { statusDisplay } from '../../domain/statusLabels.js';

export interface RecipientQuery {
  actorId: number | null;
  action: string;
  internal: boolean;
  /** The assignee to count (the escalation preview's "after"); the ticket's own by default. */
  assigneeId?: number | null;
}

/** Staff who handled the ticket at some level: its pickup there, its last assignee there. */
function handlerIdsFrom(levelRows: LevelRow[]): number[] {
  const ids: number[] = [];
  const levels = new Map(levelRows.map((row) => [row.level, row]));
  for (const level of [1, 2, 3]) {
    const row = levels.get(level);
    if (row?.pickedUpBy) ids.push(row.pickedUpBy);
    if (row?.lastAssigneeId) ids.push(row.lastAssigneeId);
  }
  return ids;
}

/** A level-3 question waits on level 2: its last agent hears it, else every present agent. */
function waitedOnIdsOf(ctx: AppContext, ticket: TicketRow, action: string, levels: LevelRow[]): number[] {
  if (action !== 'request_info' || ticket.waitingOn !== 'tier2') return [];
  const lastAtL2 = levels.find((row) => row.level === 2)?.lastAssigneeId ?? null;
  return lastAtL2 !== null ? [lastAtL2] : ctx.automation.presentStaffIdsOfTier(2);
}

/** `found`: the ticket's look-ups when the caller has them (recordEvent reads them once for this and the snapshot). */
export function notificationRecipients(
  ctx: AppContext,
  ticket: TicketRow,
  query: RecipientQuery,
  found: NotificationLookups = ctx.tickets.notificationLookups({
    id: ticket.id,
    requesterId: ticket.requesterId,
    assigneeId: ticket.assigneeId,
    orgId: ticket.orgId,
  }),
): number[] {
  const { watcherIds, requester } = found;
  const customerIds = new Set(
    query.internal
      ? ctx.people
          .usersByIds(watcherIds)
          .filter((u) => u.role === 'requester')
          .map((u) => u.id)
      : [],
  );
  return recipientsFor({
    actorId: query.actorId,
    requesterId: ticket.requesterId,
    requesterIsCustomer: requester?.role === 'requester',
    assigneeId: query.assigneeId === undefined ? ticket.assigneeId : query.assigneeId,
    handlerIds: handlerIdsFrom(found.levels),
    waitedOnIds: waitedOnIdsOf(ctx, ticket, query.action, found.levels),
    watcherIds,
    orgSuperuserIds: found.orgSuperuserIds,
    notifyAllAdminIds: found.notifyAllAdminIds,
    customerIds,
    mutedIds: new Set(found.mutedIds),
    internal: query.internal,
    receipt: query.action === 'create',
  });
}

/** The ticket as a notification describes it, fixed when the event is written (SPEC 3). */
export interface TicketSnapshot {
  subject: string;
  status: string;
  level: number;
  /** Status and level as the dictionary shows them (`OUVERT L1`, `WAITING L1`). */
  statusLine?: string;
  priority: string;
  requester: string;
  organization: string | null;
  assignee: string | null;
}

export function ticketSnapshot(ctx: AppContext, ticket: TicketRow, found?: NotificationLookups): TicketSnapshot {
  const dict = dictionaries(ctx);
  return {
    subject: ticket.subject,
    status: dict.statusLabels[ticket.status as Status] ?? ticket.status,
    level: ticket.level,
    statusLine: statusDisplay(ticket.status, ticket.level, dict),
    priority: `${ticket.priority} ${dict.priorityLabels[ticket.priority as Priority] ?? ''}`.trim(),
    requester: (found ? found.requester : ctx.people.userById(ticket.requesterId))?.name ?? '?',
    organization: ticket.orgId !== null ? ((found ? found.organization : ctx.people.orgById(ticket.orgId))?.name ?? null) : null,
    assignee: ticket.assigneeId ? ((found ? found.assignee : ctx.people.userById(ticket.assigneeId))?.name ?? null) : null,
  };
}
