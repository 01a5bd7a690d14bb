// The repositories of the store port: queries only, typed rows in and out, no policy. Every store
// implements each of these (store/sqlite/repos/*.ts; PostgreSQL next); src/app speaks to nothing
// else. A filter reaches a repository compiled by the same store (FilterCondition, filters.ts).
import type { ChunkLookups, Conversation, NotificationKeys, NotificationLookups, SummaryKeys, SummaryLookups } from './lookups.js';
import type { AuditEvent, AuditTicket } from '../../domain/auditReplay.js';
import type { Visibility } from '../../domain/permissions.js';
import type { FilterCondition, FilterSeeks } from './filters.js';
import type * as R from './rows.js';

export const SORT_KEYS = ['sla', 'priority', 'updated', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/**
 * The largest id a row can have: PostgreSQL's ids are 32-bit integers (its schema), and a larger
 * number given by a person (a ticket id, a subject's [#N], a cursor) names no row on either store.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** A row's value of a sort key (the queue's keyset cursors). */
export function sortValue(row: R.TicketRow, key: SortKey): number | string {
  switch (key) {
    case 'sla':
      return row.slaDueAt;
    case 'priority':
      return row.priority;
    case 'updated':
      return row.updatedAt;
    case 'created':
      return row.createdAt;
  }
}

/** The columns the workflow table and the permissions look at (app/tickets/ticketWrite.ts workflowTicket). */
export type WorkflowRow = Pick<R.TicketRow, 'id' | 'requesterId' | 'orgId' | 'level' | 'status' | 'waitingOn'>;

/** Whose tickets a read may return (domain/permissions.ts visibilityOf); undefined: everyone's. */
export type Scope = Visibility | undefined;

export interface ListQuery {
  where?: FilterCondition | undefined;
  /** Only tickets in one of these statuses (a compiled ticket filter's `statuses`); undefined: any. */
  statuses?: readonly string[] | undefined;
  scope?: Scope;
  /** The compiled filter's seeks: candidate ids by index, for a page of few matches. */
  seeks?: FilterSeeks | undefined;
  sort: Sort;
  limit: number;
  /** The sort key value and id of the last row of the previous page. */
  after?: { value: number | string; id: number } | undefined;
}

export interface AttachmentInfo {
  id: number;
  commentId: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface TicketsRepo {
  ticketById(id: number): R.TicketRow | undefined;
  insertTicket(row: R.NewTicket): R.TicketRow;
  /** Optimistic update: applies only if the row still has `version`; returns whether it did (the row then reads as rowAfterUpdate). */
  updateTicket(id: number, version: number, fields: Partial<R.NewTicket>): boolean;
  /** One page in sort order after a keyset (never OFFSET), each arm an index range read in order. */
  list(query: ListQuery): R.TicketRow[];
  count(where: FilterCondition | undefined, scope?: Scope, statuses?: readonly string[], seeks?: FilterSeeks): number;
  /**
   * The same count, calling `onMatch` for each ticket counted as the statement runs (with its own
   * plan: the call is the last condition), so a long count can tell how far it got. Where the store
   * cannot call back from its statement (PostgreSQL), absent.
   */
  countTelling?(
    where: FilterCondition | undefined,
    scope: Scope | undefined,
    statuses: readonly string[] | undefined,
    seeks: FilterSeeks | undefined,
    onMatch: () => void,
  ): number;
  tagsOf(ticketIds: number[]): Map<number, string[]>;
  addTag(ticketId: number, tag: string): void;
  removeTag(ticketId: number, tag: string): void;
  watchersOf(ticketIds: number[]): Map<number, number[]>;
  addWatcher(ticketId: number, userId: number): void;
  removeWatcher(ticketId: number, userId: number): void;
  /** People who opted out of a ticket's notifications (SPEC 3). */
  mutedOf(ticketId: number): number[];
  /** mutedOf of many tickets at once (a batch chunk); a ticket nobody muted is absent. */
  mutedOfTickets(ticketIds: number[]): Map<number, number[]>;
  setMuted(ticketId: number, userId: number, muted: boolean): void;
  level(ticketId: number, level: number): R.LevelRow | undefined;
  levelsOf(ticketId: number): R.LevelRow[];
  /** The level rows of many tickets at once (a queue page), each ticket's in level order. */
  levelsOfTickets(ticketIds: number[]): Map<number, R.LevelRow[]>;
  /** Everything a page of summaries looks up besides its rows (tags, watchers, levels, people, organizations), in one call. */
  summaryLookups(rows: SummaryKeys[]): SummaryLookups;
  /** Who may hear of a change to the ticket, and the people its mail names, in one call. */
  notificationLookups(ticket: NotificationKeys): NotificationLookups;
  /** Everything a batch chunk's use cases look up about its tickets besides their rows, in one call. */
  chunkLookups(rows: readonly SummaryKeys[]): ChunkLookups;
  /** A ticket's comments (internal ones with `includeInternal`), events and attachments, in one call. */
  conversationOf(ticketId: number, includeInternal: boolean): Conversation;
  upsertLevel(row: R.NewLevel): void;
  insertComment(row: R.NewComment): R.CommentRow;
  commentsOf(ticketId: number, includeInternal: boolean): R.CommentRow[];
  /** The newest `limit` comments, newest first (a preview reads a few, never the whole thread). */
  lastCommentsOf(ticketId: number, includeInternal: boolean, limit: number): R.CommentRow[];
  insertAttachment(row: R.NewAttachment): void;
  attachmentsOf(commentIds: number[]): AttachmentInfo[];
  /** One attachment with its bytes (opened or saved from the TUI). */
  attachmentById(id: number): R.AttachmentRow | undefined;
  insertEvent(row: R.NewEvent): R.EventRow;
  eventsOf(ticketId: number): R.EventRow[];
  insertOutbox(rows: R.NewOutbox[]): void;
  /** Staff of a tier with their count of unsolved tickets assigned at that level (routing, escalation view). */
  openLoadByAssignee(level: number): Map<number, number>;
}

export interface PeopleRepo {
  userByHandle(handle: string): R.UserRow | undefined;
  userById(id: number): R.UserRow | undefined;
  userByEmail(email: string): R.UserRow | undefined;
  usersByIds(ids: number[]): R.UserRow[];
  insertUser(user: R.NewUser): R.UserRow;
  updateUser(id: number, fields: Partial<R.NewUser>): void;
  listUsers(): R.UserRow[];
  /** The users of one organization, or one user: the directory a bound superuser or a requester may read. */
  listUsersWhere(where: { orgId: number } | { id: number }): R.UserRow[];
  /**
   * Up to `limit` users whose handle or e-mail starts with `text`, or whose name contains it
   * (case-insensitive), in handle order; only of organization `orgId` when given.
   */
  searchUsers(text: string, limit: number, orgId?: number): R.UserRow[];
  countUsers(): number;
  countAdmins(): number;
  superuserIdsOfOrg(orgId: number): number[];
  /** superuserIdsOfOrg of many organizations at once; one without superusers is absent. */
  superuserIdsOfOrgs(orgIds: number[]): Map<number, number[]>;
  notifyAllAdminIds(): number[];
  orgByName(name: string): R.OrgRow | undefined;
  orgById(id: number): R.OrgRow | undefined;
  orgsByIds(ids: number[]): R.OrgRow[];
  orgByDomain(domain: string): R.OrgRow | undefined;
  insertOrg(org: R.NewOrg): R.OrgRow;
  updateOrg(id: number, fields: Partial<R.NewOrg>): void;
  addOrgDomain(orgId: number, domain: string): void;
  domainOwner(domain: string): number | undefined;
  domainsOfOrgs(orgIds: number[]): Array<{ orgId: number; domain: string }>;
  listOrgs(): R.OrgRow[];
}

export interface ConfigRepo {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  all(): Record<string, unknown>;
}

export interface DraftsRepo {
  get(ticketId: number, userId: number): R.DraftRow | undefined;
  upsert(row: R.DraftRow): void;
  remove(ticketId: number, userId: number): void;
}

export interface MacrosRepo {
  byName(name: string): R.MacroRow | undefined;
  list(): R.MacroRow[];
  upsert(name: string, definition: string): void;
  remove(name: string): boolean;
}

export interface CandidateQuery {
  status: string;
  /** Only tickets that entered the status at or before this instant. */
  sinceAtMost: number;
  /** Skip tickets whose stay already fired this step (the last of the status): nothing left to do. */
  unlessFired: string;
  /** Keyset: the (status_since, id) of the last ticket of the previous chunk. */
  after?: { statusSince: number; id: number } | undefined;
  limit: number;
}

export interface AutomationRepo {
  candidates(q: CandidateQuery): R.TicketRow[];
  /** The steps fired per ticket, for the given stays only (ticket id → its current status_since). */
  firedSteps(stays: Map<number, number>): Map<number, Set<string>>;
  /** Records a firing; false when this step already fired for this stay (another process won). */
  recordFiring(ticketId: number, step: string, statusSince: number, firedAt: number): boolean;
  /** Staff of a tier who are not away (reminders to "tier-2 staff" when nobody at level 2 is assigned). */
  presentStaffIdsOfTier(tier: number): number[];
}

export interface RoutingRepo {
  /** Superusers, agents and engineers of a tier (away or not: the caller decides). */
  staffOfTier(tier: number): R.UserRow[];
  /** Unsolved tickets at `level` assigned to each of `ids`. */
  loadsAtLevel(ids: number[], level: number): Map<number, number>;
  /** Tickets of an organization each of `ids` has been assigned, whatever their status. */
  handledForOrg(ids: number[], orgId: number): Map<number, number>;
}

export interface NamedDefinition {
  name: string;
  definition: unknown;
}
export interface DefinitionTable {
  get(name: string): unknown;
  list(): NamedDefinition[];
  put(name: string, definition: unknown): void;
  /** Inserts unless the name exists; returns whether it did. */
  putIfMissing(name: string, definition: unknown): boolean;
}
export interface SlaSettingsRepo {
  plans: DefinitionTable;
  calendars: DefinitionTable;
}

export interface MailRepo {
  /** Claims up to `limit` due rows (queued, or sending with an expired lease): they become `sending` until `leaseUntil`. */
  claimDue(now: number, leaseUntil: number, limit: number): R.OutboxRow[];
  setMessageId(id: number, messageId: string): void;
  /** Only a row still claimed (`sending`) moves on, so a late duplicate sender changes nothing. */
  markSent(id: number, at: number): boolean;
  markRetry(id: number, nextAttemptAt: number, error: string): void;
  /** Gives a claimed row back unattempted (the attempt never reached a server). */
  release(id: number, nextAttemptAt: number, error?: string): void;
  markFinal(id: number, state: 'failed' | 'skipped', error: string): void;
  /** When the next queued or leased row falls due, or undefined when nothing waits. */
  nextDueAt(): number | undefined;
  ticketIdOfSentMessage(messageIds: string[]): number | undefined;
  eventById(id: number): R.EventRow | undefined;
  commentById(id: number): R.CommentRow | undefined;
  /** The newest comment of a ticket: the one a use case has just written in this transaction. */
  lastCommentOf(ticketId: number): R.CommentRow | undefined;
  setCommentMessageId(commentId: number, messageId: string): void;
  mailMessage(messageId: string): R.MailMessageRow | undefined;
  recordMailMessage(row: R.NewMailMessage): void;
  /** Messages kept for an admin (outcome `rejected`), newest first, without their bytes. */
  rejectedMessages(limit: number): R.RejectedMailRow[];
  rejectedMessageRaw(messageId: string): Buffer | undefined;
  /** The ticket that an incoming message we accepted belongs to. */
  ticketIdOfReceivedMessage(messageIds: string[]): number | undefined;
  /** The Message-ID of the mail that opened a ticket, if mail opened it. */
  creatingMessageOf(ticketId: number): string | undefined;
}

export interface ExchangeRepo {
  ticketsPage(where: FilterCondition | undefined, afterId: number, limit: number): R.TicketRow[];
  levelsOf(ids: number[]): Map<number, R.LevelRow[]>;
  commentsOf(ids: number[]): Map<number, R.CommentRow[]>;
  attachmentsOf(commentIds: number[]): Map<number, R.AttachmentRow[]>;
  eventsOf(ids: number[]): Map<number, R.EventRow[]>;
  /** Everyone the matching tickets name: requesters, assignees, watchers, authors, actors, per-level people. */
  referencedUserIds(where: FilterCondition | undefined): number[];
  ticketIdsTaken(ids: number[]): number[];
  /** New tickets get ids above `maxId` from now on (an import writes ids up to it in several transactions). */
  reserveTicketIds(maxId: number): void;
  usersByHandles(handles: string[]): R.UserRow[];
  orgsByNames(names: string[]): R.OrgRow[];
  domainsTaken(domains: string[]): Array<{ domain: string; orgId: number }>;
  /** A chunk of an import's tickets, in one call (on PostgreSQL a statement per table, not per row). */
  insertTickets(list: R.ImportedTicket[]): void;
  /** (ticket, followUpOf) pairs. */
  setFollowUps(pairs: Array<[number, number]>): void;
}

export interface AuditPage {
  tickets: AuditTicket[];
  events: Map<number, AuditEvent[]>;
  /** The id to continue after, or null when this was the last page. */
  next: number | null;
}
export interface AuditRepo {
  page(afterId: number, limit: number, onlyId?: number): AuditPage;
}
