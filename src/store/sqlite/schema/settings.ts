import { sqliteTable, integer, text, primaryKey, index, blob } from 'drizzle-orm/sqlite-core';
import { tickets } from './tickets.js';

/** Admin-edited dictionaries and settings (types, labels, routing, mail, automation policy). */
export const config = sqliteTable('config', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const slaPlans = sqliteTable('sla_plans', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

export const calendars = sqliteTable('calendars', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

export const macros = sqliteTable('macros', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

/** One row per automation step fired for one stay of a ticket in a status: makes runs idempotent. */
export const automationFirings = sqliteTable(
  'automation_firings',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    statusSince: integer('status_since').notNull(),
    firedAt: integer('fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.step, t.statusSince] })],
);

/** Incoming mail already seen, for duplicate detection and thread lookups. */
export const mailMessages = sqliteTable(
  'mail_messages',
  {
    messageId: text('message_id').primaryKey(),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    receivedAt: integer('received_at').notNull(),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    /** Of a message kept for an admin (outcome `rejected`): its subject, From header and bytes. */
    subject: text('subject'),
    sender: text('sender'),
    raw: blob('raw', { mode: 'buffer' }),
  },
  (t) => [index('mail_messages_ticket').on(t.ticketId), index('mail_messages_outcome').on(t.outcome, t.receivedAt)],
);

/** Batch runs, so that re-running after a crash finishes the rest. */
export const batches = sqliteTable('batches', {
  id: text('id').primaryKey(),
  command: text('command').notNull(),
  actorId: integer('actor_id').notNull(),
  filter: text('filter').notNull(),
  params: text('params').notNull(),
  total: integer('total').notNull(),
  done: integer('done').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
});
