// Look-ups the app makes together, asked as one repository call each, so that a store behind a
// round trip (PostgreSQL's worker bridge) answers them in one: a page of ticket summaries
// (app/tickets/ticketQueries.ts `summarize`: five before) and who hears of a change to a ticket
// and how its mail names it (app/tickets/notificationRecipients.ts: eight before), a ticket's
// conversation (app/tickets/ticketQueries.ts `showTicket`: four before).
import type { CommentRow, EventRow, LevelRow, OrgRow, TicketRow, UserRow } from './rows.js';
import type { AttachmentInfo } from './repos.js';

export type SummaryKeys = Pick<TicketRow, 'id' | 'requesterId' | 'assigneeId' | 'orgId'>;

export interface SummaryLookups {
  tags: Map<number, string[]>;
  /** Watchers' user ids per ticket. */
  watchers: Map<number, number[]>;
  levels: Map<number, LevelRow[]>;
  /** The requesters, assignees and watchers of the rows. */
  users: UserRow[];
  organizations: OrgRow[];
}

/** The user ids a page names: requesters, assignees, watchers. */
export function namedUserIds(rows: SummaryKeys[], watchers: Map<number, number[]>): number[] {
  const ids = new Set<number>();
  for (const r of rows) {
    ids.add(r.requesterId);
    if (r.assigneeId !== null) ids.add(r.assigneeId);
    for (const w of watchers.get(r.id) ?? []) ids.add(w);
  }
  return [...ids];
}

export const namedOrgIds = (rows: readonly SummaryKeys[]): number[] => [
  ...new Set(rows.map((r) => r.orgId).filter((x): x is number => x !== null)),
];

/** The lookups from a store's own queries, for a store that answers each at once (SQLite). */
export function summaryLookupsFrom(
  rows: SummaryKeys[],
  tickets: {
    tagsOf(ids: number[]): Map<number, string[]>;
    watchersOf(ids: number[]): Map<number, number[]>;
    levelsOfTickets(ids: number[]): Map<number, LevelRow[]>;
  },
  people: { usersByIds(ids: number[]): UserRow[]; orgsByIds(ids: number[]): OrgRow[] },
): SummaryLookups {
  const ids = rows.map((r) => r.id);
  const watchers = tickets.watchersOf(ids);
  return {
    tags: tickets.tagsOf(ids),
    watchers,
    levels: tickets.levelsOfTickets(ids),
    users: people.usersByIds(namedUserIds(rows, watchers)),
    organizations: people.orgsByIds(namedOrgIds(rows)),
  };
}

/**
 * What the use cases of a batch chunk read about its tickets besides their rows, asked together
 * (app/batch/batchContext.ts `begin`): asked ticket by ticket, the mutes, assignees and companies'
 * superusers cost PostgreSQL three round trips a ticket.
 */
export interface ChunkLookups {
  tags: Map<number, string[]>;
  watchers: Map<number, number[]>;
  levels: Map<number, LevelRow[]>;
  /** Who muted each ticket (absent: nobody). */
  mutedIds: Map<number, number[]>;
  /** The requesters and assignees of the rows. */
  users: UserRow[];
  organizations: OrgRow[];
  /** Each organization's superusers (absent: none). */
  superuserIds: Map<number, number[]>;
  notifyAllAdminIds: number[];
}

/** Rows as each owner's values, in the rows' order: a ticket's watchers or tags, a company's superusers. */
export function valuesByOwner<R, V>(rows: readonly R[], owner: (row: R) => number, value: (row: R) => V): Map<number, V[]> {
  const map = new Map<number, V[]>();
  for (const row of rows) {
    const list = map.get(owner(row));
    if (list) list.push(value(row));
    else map.set(owner(row), [value(row)]);
  }
  return map;
}

/** Rows of a ticket's table as each ticket's values (valuesByOwner by `ticketId`). */
export const valuesByTicket = <R extends { ticketId: number }, V>(rows: readonly R[], value: (row: R) => V): Map<number, V[]> =>
  valuesByOwner(rows, (r) => r.ticketId, value);

/** The requesters and assignees of the rows. */
export const partyIds = (rows: readonly SummaryKeys[]): number[] => [
  ...new Set(rows.flatMap((r) => (r.assigneeId === null ? [r.requesterId] : [r.requesterId, r.assigneeId]))),
];

/** The chunk's look-ups from a store's own queries (SQLite). */
export function chunkLookupsFrom(
  rows: readonly SummaryKeys[],
  tickets: {
    tagsOf(ids: number[]): Map<number, string[]>;
    watchersOf(ids: number[]): Map<number, number[]>;
    levelsOfTickets(ids: number[]): Map<number, LevelRow[]>;
    mutedOfTickets(ids: number[]): Map<number, number[]>;
  },
  people: {
    usersByIds(ids: number[]): UserRow[];
    orgsByIds(ids: number[]): OrgRow[];
    superuserIdsOfOrgs(orgIds: number[]): Map<number, number[]>;
    notifyAllAdminIds(): number[];
  },
): ChunkLookups {
  const ids = rows.map((r) => r.id);
  const orgIds = namedOrgIds(rows);
  return {
    tags: tickets.tagsOf(ids),
    watchers: tickets.watchersOf(ids),
    levels: tickets.levelsOfTickets(ids),
    mutedIds: tickets.mutedOfTickets(ids),
    users: people.usersByIds(partyIds(rows)),
    organizations: people.orgsByIds(orgIds),
    superuserIds: people.superuserIdsOfOrgs(orgIds),
    notifyAllAdminIds: people.notifyAllAdminIds(),
  };
}

export type NotificationKeys = Pick<TicketRow, 'id' | 'requesterId' | 'assigneeId' | 'orgId'>;

export interface NotificationLookups {
  watcherIds: number[];
  requester: UserRow | undefined;
  assignee: UserRow | undefined;
  organization: OrgRow | undefined;
  /** The ticket's per-level rows, in level order. */
  levels: LevelRow[];
  orgSuperuserIds: number[];
  notifyAllAdminIds: number[];
  mutedIds: number[];
}

/** The notification look-ups from a store's own queries (SQLite). */
export function notificationLookupsFrom(
  ticket: NotificationKeys,
  tickets: { watchersOf(ids: number[]): Map<number, number[]>; levelsOf(id: number): LevelRow[]; mutedOf(id: number): number[] },
  people: {
    userById(id: number): UserRow | undefined;
    orgById(id: number): OrgRow | undefined;
    superuserIdsOfOrg(orgId: number): number[];
    notifyAllAdminIds(): number[];
  },
): NotificationLookups {
  return {
    watcherIds: tickets.watchersOf([ticket.id]).get(ticket.id) ?? [],
    requester: people.userById(ticket.requesterId),
    assignee: ticket.assigneeId !== null ? people.userById(ticket.assigneeId) : undefined,
    organization: ticket.orgId !== null ? people.orgById(ticket.orgId) : undefined,
    levels: tickets.levelsOf(ticket.id),
    orgSuperuserIds: ticket.orgId !== null ? people.superuserIdsOfOrg(ticket.orgId) : [],
    notifyAllAdminIds: people.notifyAllAdminIds(),
    mutedIds: tickets.mutedOf(ticket.id),
  };
}

/** A ticket's conversation as `ticket show` reads it. */
export interface Conversation {
  /** The comments the reader may see (internal ones only with `includeInternal`). */
  comments: CommentRow[];
  /** The ids of the ticket's internal comments (a requester's history skips their events). */
  internalCommentIds: number[];
  events: EventRow[];
  attachments: AttachmentInfo[];
}

/** The conversation from a store's own queries (SQLite): the internal ids read apart only when the comments leave them out. */
export function conversationFrom(
  ticketId: number,
  includeInternal: boolean,
  tickets: {
    commentsOf(id: number, includeInternal: boolean): CommentRow[];
    eventsOf(id: number): EventRow[];
    attachmentsOf(commentIds: number[]): AttachmentInfo[];
  },
): Conversation {
  const comments = tickets.commentsOf(ticketId, includeInternal);
  const events = tickets.eventsOf(ticketId);
  const attachments = tickets.attachmentsOf(comments.map((c) => c.id));
  const all = includeInternal ? comments : tickets.commentsOf(ticketId, true);
  return { comments, internalCommentIds: all.filter((c) => c.internal).map((c) => c.id), events, attachments };
}
