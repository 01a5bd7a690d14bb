import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, primaryKey, blob, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './people.js';

/** `sla_due_at` of a ticket with no running clock (the largest valid JS Date): the port's NO_DUE. */
import { NO_DUE } from '../../port/rows.js';
export { NO_DUE };

/** The partial indexes' conditions, which a query names word for word for SQLite to use them. */
export const SLA_FLAGGED = 'pickup_breached = 1 or resolution_breached = 1';
export const SLA_RISK_RUNNING = `sla_risk_at < ${NO_DUE}`;

// Times are INTEGER milliseconds since the epoch (UTC): compact, indexable, cheap to compare.
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    followUpOf: integer('follow_up_of').references((): AnySQLiteColumn => tickets.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** When the ticket entered its current status: automations count from here. */
    statusSince: integer('status_since').notNull(),
    solvedAt: integer('solved_at'),
    closedAt: integer('closed_at'),
    version: integer('version').notNull().default(1),
    // SLA figures kept current at every transition so that sorts use an index and reports
    // aggregate in SQL (see domain/sla.ts for the arithmetic).
    pickupDueAt: integer('pickup_due_at'),
    firstPickupAt: integer('first_pickup_at'),
    pickupMinutes: integer('pickup_minutes'),
    pickupBreached: integer('pickup_breached', { mode: 'boolean' }),
    resolutionStartAt: integer('resolution_start_at'),
    resolutionDueAt: integer('resolution_due_at'),
    resolutionPausedMinutes: integer('resolution_paused_minutes').notNull().default(0),
    pausedSince: integer('paused_since'),
    resolutionMinutes: integer('resolution_minutes'),
    resolutionBreached: integer('resolution_breached', { mode: 'boolean' }),
    /**
     * The earliest due time of a running clock, or NO_DUE when none runs: a sentinel instead of
     * NULL so that "soonest first" is a plain index scan with idle tickets last.
     */
    slaDueAt: integer('sla_due_at').notNull().default(NO_DUE),
    /** The earliest moment a running clock has under 25% of its target left, or NO_DUE (app/sla/slaClocks.ts). */
    slaRiskAt: integer('sla_risk_at').notNull().default(NO_DUE),
  },
  (t) => [
    index('tickets_status_level_sla').on(t.status, t.level, t.slaDueAt, t.id),
    // One per queue sort, status first: a page of a status list is one ordered range per status,
    // merged (repos/tickets.ts `list`).
    index('tickets_status_sla').on(t.status, t.slaDueAt, t.id),
    index('tickets_status_priority').on(t.status, t.priority, t.id),
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
    // `sla=breached` / `at_risk` as a seek (filterSeeks.ts): a missed target stays flagged after
    // the clock stops, so the flagged tickets are read per status; a risk moment only while a
    // clock runs (the index holds those few).
    index('tickets_sla_flagged').on(t.status, t.id).where(sql.raw(SLA_FLAGGED)),
    index('tickets_sla_risk').on(t.slaRiskAt, t.id).where(sql.raw(SLA_RISK_RUNNING)),
    index('tickets_priority').on(t.priority, t.id),
    index('tickets_updated').on(t.updatedAt, t.id),
    index('tickets_created').on(t.createdAt, t.id),
    index('tickets_follow_up').on(t.followUpOf),
  ],
);

/** Per-level state: pickup clock of each level and the last assignee there (for de-escalation). */
export const ticketLevels = sqliteTable(
  'ticket_levels',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    enteredAt: integer('entered_at').notNull(),
    pickupDueAt: integer('pickup_due_at'),
    pickedUpAt: integer('picked_up_at'),
    pickedUpBy: integer('picked_up_by').references(() => users.id),
    pickupMinutes: integer('pickup_minutes'),
    lastAssigneeId: integer('last_assignee_id').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.level] })],
);

export const ticketTags = sqliteTable(
  'ticket_tags',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tag] }), index('ticket_tags_tag').on(t.tag, t.ticketId)],
);

export const watchers = sqliteTable(
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

/** Staff who opted out of a ticket's notifications (SPEC 3: each may opt out per ticket). */
export const ticketMutes = sqliteTable(
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

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Message-ID of the incoming mail this comment came from, if any. */
    messageId: text('message_id'),
  },
  (t) => [index('comments_ticket').on(t.ticketId, t.id)],
);

export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('attachments_comment').on(t.commentId)],
);

/** The complete history of every ticket: one row per change, written with the change. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Null for the system (automations). */
    actorId: integer('actor_id').references(() => users.id),
    at: integer('at').notNull(),
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
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    messageId: text('message_id'),
    /** The ticket as it was at the event (JSON): what the mail says, whatever happens later (SPEC 3). */
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
