// The rows the store port speaks in: what every store (SQLite, PostgreSQL) reads and writes, the
// same shape whatever the database. Times are integer epoch milliseconds (UTC). Each store's
// schema is checked against these at compile time (store/sqlite/schema/portCheck.ts).

import type { TicketSlaColumns } from '../../domain/slaTransition.js';

/** The SLA due time of a ticket with no running clock: a sentinel that sorts last, not null. */
export const NO_DUE = 8_640_000_000_000_000;

/** `New…`: a row to insert; the columns with defaults (and generated ids) may be left out. */
type Insert<Row, Defaulted extends keyof Row> = Omit<Row, Defaulted> & Partial<Pick<Row, Defaulted>>;

export interface OrgRow {
  id: number;
  name: string;
  slaPlan: string;
  calendar: string;
  createdAt: number;
}
export type NewOrg = Insert<OrgRow, 'id' | 'slaPlan' | 'calendar'>;

export interface UserRow {
  id: number;
  handle: string;
  name: string;
  email: string | null;
  role: string;
  tier: number | null;
  orgId: number | null;
  away: boolean;
  notifyAll: boolean;
  createdAt: number;
}
export type NewUser = Insert<UserRow, 'id' | 'email' | 'tier' | 'orgId' | 'away' | 'notifyAll'>;

/** A ticket: its fields, and its SLA clocks as the domain's SLA rules keep them (TicketSlaColumns). */
export interface TicketRow extends TicketSlaColumns {
  id: number;
  subject: string;
  description: string;
  requesterId: number;
  orgId: number | null;
  type: string;
  priority: string;
  status: string;
  level: number;
  assigneeId: number | null;
  channel: string;
  waitingOn: string | null;
  resolution: string | null;
  closingReason: string | null;
  followUpOf: number | null;
  createdAt: number;
  updatedAt: number;
  statusSince: number;
  solvedAt: number | null;
  closedAt: number | null;
  version: number;
}
export type NewTicket = Insert<
  TicketRow,
  | 'id'
  | 'orgId'
  | 'assigneeId'
  | 'waitingOn'
  | 'resolution'
  | 'closingReason'
  | 'followUpOf'
  | 'solvedAt'
  | 'closedAt'
  | 'version'
  | keyof TicketSlaColumns
>;

/** A ticket's stay at one level: entered, picked up (by whom), its last assignee there. */
export interface LevelRow {
  ticketId: number;
  level: number;
  enteredAt: number;
  pickupDueAt: number | null;
  pickupMinutes: number | null;
  pickedUpAt: number | null;
  pickedUpBy: number | null;
  lastAssigneeId: number | null;
}
export type NewLevel = Insert<LevelRow, 'pickupDueAt' | 'pickupMinutes' | 'pickedUpAt' | 'pickedUpBy' | 'lastAssigneeId'>;

export interface CommentRow {
  id: number;
  ticketId: number;
  authorId: number;
  body: string;
  internal: boolean;
  channel: string;
  createdAt: number;
  messageId: string | null;
}
export type NewComment = Insert<CommentRow, 'id' | 'internal' | 'messageId'>;

export interface AttachmentRow {
  id: number;
  commentId: number;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}
export type NewAttachment = Insert<AttachmentRow, 'id'>;

export interface EventRow {
  id: number;
  ticketId: number;
  actorId: number | null;
  at: number;
  action: string;
  before: string | null;
  after: string | null;
  text: string | null;
  commentId: number | null;
  batchId: string | null;
  version: number;
}
export type NewEvent = Insert<EventRow, 'id' | 'actorId' | 'before' | 'after' | 'text' | 'commentId' | 'batchId'>;

/**
 * One ticket of an import with everything hanging off it, written with its own id. An event names
 * its comment by its place in `comments`: the comments' ids are the store's.
 */
export interface ImportedTicket {
  ticket: NewTicket & { id: number };
  tags: string[];
  watcherIds: number[];
  levels: NewLevel[];
  comments: Array<{ row: NewComment; attachments: Array<Omit<NewAttachment, 'commentId'>> }>;
  events: Array<Omit<NewEvent, 'commentId'> & { comment: number | null }>;
}

export interface OutboxRow {
  id: number;
  ticketId: number;
  eventId: number;
  recipientId: number;
  kind: string;
  state: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  messageId: string | null;
  createdAt: number;
  /** The ticket as it was at the event (JSON), what the mail says (SPEC 3); null on older rows. */
  snapshot: string | null;
}
export type NewOutbox = Insert<OutboxRow, 'id' | 'state' | 'attempts' | 'lastError' | 'sentAt' | 'messageId' | 'snapshot'>;

export interface MailMessageRow {
  messageId: string;
  ticketId: number | null;
  receivedAt: number;
  outcome: string;
  reason: string | null;
  /** Of a message kept for an admin (outcome `rejected`): its subject, From header and bytes. */
  subject: string | null;
  sender: string | null;
  raw: Buffer | null;
}
export type NewMailMessage = Insert<MailMessageRow, 'ticketId' | 'reason' | 'subject' | 'sender' | 'raw'>;

/** A message kept for an admin, without its bytes. */
export interface RejectedMailRow {
  messageId: string;
  receivedAt: number;
  reason: string | null;
  subject: string | null;
  sender: string | null;
  size: number;
}

export interface BatchRow {
  id: string;
  createdAt: number;
  command: string;
  actorId: number;
  filter: string;
  params: string;
  total: number;
  done: number;
  finishedAt: number | null;
}
export type NewBatch = Insert<BatchRow, 'done' | 'finishedAt'>;

/** A composer draft: one per ticket and user (app/tickets/drafts.ts). */
export interface DraftRow {
  ticketId: number;
  userId: number;
  kind: string;
  text: string;
  baseVersion: number;
  updatedAt: number;
}

export interface MacroRow {
  name: string;
  definition: string;
}
