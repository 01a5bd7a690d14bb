// PostgreSQL twin of src/store/sqlite/schema/tickets.ts: same tables, columns and indexes; times
// are bigint milliseconds (columns.ts), flags boolean, ids identity columns.
import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, index, primaryKey, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { NO_DUE } from '../../port/rows.js';
import { bytea, millis } from './columns.js';
import { organizations, users } from './people.js';

export { NO_DUE };

export const tickets = pgTable(
  'tickets',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => users.id),
    orgId: integer('org_id').references(() => organizations.id),
    type: text('type').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    level: integer('level').notNull(),
    assigneeId: integer('assignee_id').references(() => users.id),
    channel: text('channel').notNull(),
    waitingOn: text('waiting_on'),
    resolution: text('resolution'),
    closingReason: text('closing_reason'),
    followUpOf: integer('follow_up_of').references((): AnyPgColumn => tickets.id),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
    /** When the ticket entered its current status: automations count from here. */
    statusSince: millis('status_since').notNull(),
    solvedAt: millis('solved_at'),
    closedAt: millis('closed_at'),
    version: integer('version').notNull().default(1),
    // SLA figures kept current at every transition so that sorts use an index and reports
    // aggregate in SQL (see domain/sla.ts for the arithmetic).
    pickupDueAt: millis('pickup_due_at'),
    firstPickupAt: millis('first_pickup_at'),
    pickupMinutes: integer('pickup_minutes'),
    pickupBreached: boolean('pickup_breached'),
    resolutionStartAt: millis('resolution_start_at'),
    resolutionDueAt: millis('resolution_due_at'),
    resolutionPausedMinutes: integer('resolution_paused_minutes').notNull().default(0),
    pausedSince: millis('paused_since'),
    resolutionMinutes: integer('resolution_minutes'),
    resolutionBreached: boolean('resolution_breached'),
    /**
     * The earliest due time of a running clock, or NO_DUE when none runs: a sentinel instead of
     * NULL so that "soonest first" is a plain index scan with idle tickets last.
     */
    slaDueAt: millis('sla_due_at').notNull().default(NO_DUE),
    /** The earliest moment a running clock has under 25% of its target left, or NO_DUE (app/sla/slaClocks.ts). */
    slaRiskAt: millis('sla_risk_at').notNull().default(NO_DUE),
  },
  (t) => [
    index('tickets_status_level_sla').on(t.status, t.level, t.slaDueAt, t.id),
    // One per queue sort, status first: a page of a status list is one ordered range per status,
    // merged (repos/tickets.ts `list`).
    index('tickets_status_sla').on(t.status, t.slaDueAt, t.id),
    // Bytewise, as the priority sort compares (repos/db.ts bytewise) and SQLite orders: an index
    // in the database's collation served no page sorted by priority (Closed: 0.5 s a page).
    index('tickets_status_priority').on(t.status, sql`"priority" collate "C"`, t.id),
    index('tickets_status_updated').on(t.status, t.updatedAt, t.id),
    index('tickets_status_created').on(t.status, t.createdAt, t.id),
    // Automation candidates: tickets in a status since at most a moment (app/automation/automation.ts).
    index('tickets_status_since').on(t.status, t.statusSince, t.id),
    index('tickets_assignee_status').on(t.assigneeId, t.status, t.updatedAt),
    // Keyed by id, not by a column that every change moves: a requester's or an organization's
    // tickets are found here and sorted (few per requester), and a write moves no entry of either.
    index('tickets_requester').on(t.requesterId, t.id),
    index('tickets_org').on(t.orgId, t.id),
    index('tickets_sla_due').on(t.slaDueAt, t.id),
    // The SQLite store's `sla=breached` narrowing (store/sqlite/filterSeeks.ts); PostgreSQL's
    // planner proves a query's flags imply these conditions itself.
    index('tickets_sla_flagged')
      .on(t.status, t.id)
      .where(sql`pickup_breached or resolution_breached`),
    index('tickets_sla_risk')
      .on(t.slaRiskAt, t.id)
      .where(sql.raw(`sla_risk_at < ${NO_DUE}`)),
    index('tickets_priority').on(sql`"priority" collate "C"`, t.id),
    index('tickets_updated').on(t.updatedAt, t.id),
    index('tickets_created').on(t.createdAt, t.id),
    index('tickets_follow_up').on(t.followUpOf),
  ],
);

/** Per-level state: pickup clock of each level and the last assignee there (for de-escalation). */
export const ticketLevels = pgTable(
  'ticket_levels',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    enteredAt: millis('entered_at').notNull(),
    pickupDueAt: millis('pickup_due_at'),
    pickedUpAt: millis('picked_up_at'),
    pickedUpBy: integer('picked_up_by').references(() => users.id),
    pickupMinutes: integer('pickup_minutes'),
    lastAssigneeId: integer('last_assignee_id').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.level] })],
);

export const ticketTags = pgTable(
  'ticket_tags',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tag] }), index('ticket_tags_tag').on(t.tag, t.ticketId)],
);

export const watchers = pgTable(
  'watchers',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);

/** Staff who opted out of a ticket's notifications (SPEC 3). */
export const ticketMutes = pgTable(
  'ticket_mutes',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);

export const comments = pgTable(
  'comments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    internal: boolean('internal').notNull().default(false),
    channel: text('channel').notNull(),
    createdAt: millis('created_at').notNull(),
    /** Message-ID of the incoming mail this comment came from, if any. */
    messageId: text('message_id'),
  },
  (t) => [index('comments_ticket').on(t.ticketId, t.id)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [index('attachments_comment').on(t.commentId)],
);

/** The complete history of every ticket: one row per change, written with the change. */
export const events = pgTable(
  'events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Null for the system (automations). */
    actorId: integer('actor_id').references(() => users.id),
    at: millis('at').notNull(),
    action: text('action').notNull(),
    /** JSON objects of the changed fields, before and after. */
    before: text('before'),
    after: text('after'),
    text: text('text'),
    commentId: integer('comment_id').references(() => comments.id),
    batchId: text('batch_id'),
    /** The ticket's version after this event. */
    version: integer('version').notNull(),
  },
  (t) => [index('events_ticket').on(t.ticketId, t.id), index('events_batch').on(t.batchId, t.ticketId), index('events_at').on(t.at)],
);

/** Notifications queued with their event, delivered by `ticketty notify`. */
export const outbox = pgTable(
  'outbox',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    state: text('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: millis('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: millis('created_at').notNull(),
    sentAt: millis('sent_at'),
    messageId: text('message_id'),
    /** The ticket as it was at the event (JSON): what the mail says (SPEC 3). */
    snapshot: text('snapshot'),
  },
  (t) => [
    index('outbox_due').on(t.state, t.nextAttemptAt),
    index('outbox_ticket').on(t.ticketId),
    // Only sent notifications have a message id: a queued one adds no entry (mail threading asks
    // for `message_id in (…)`, which implies not null).
    index('outbox_message_id')
      .on(t.messageId)
      .where(sql`${t.messageId} is not null`),
  ],
);
