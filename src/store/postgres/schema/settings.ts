// PostgreSQL twin of src/store/sqlite/schema/settings.ts.
import { pgTable, integer, text, primaryKey, index } from 'drizzle-orm/pg-core';
import { millis } from './columns.js';
import { tickets } from './tickets.js';

/** Admin-edited dictionaries and settings (types, labels, routing, mail, automation policy). */
export const config = pgTable('config', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const slaPlans = pgTable('sla_plans', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

export const calendars = pgTable('calendars', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

export const macros = pgTable('macros', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

/** One row per automation step fired for one stay of a ticket in a status: makes runs idempotent. */
export const automationFirings = pgTable(
  'automation_firings',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    statusSince: millis('status_since').notNull(),
    firedAt: millis('fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.step, t.statusSince] })],
);

/** Incoming mail already seen, for duplicate detection and thread lookups. */
export const mailMessages = pgTable(
  'mail_messages',
  {
    messageId: text('message_id').primaryKey(),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    receivedAt: millis('received_at').notNull(),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
  },
  (t) => [index('mail_messages_ticket').on(t.ticketId)],
);

/** Batch runs, so that re-running after a crash finishes the rest. */
export const batches = pgTable('batches', {
  id: text('id').primaryKey(),
  command: text('command').notNull(),
  actorId: integer('actor_id').notNull(),
  filter: text('filter').notNull(),
  params: text('params').notNull(),
  total: integer('total').notNull(),
  done: integer('done').notNull().default(0),
  createdAt: millis('created_at').notNull(),
  finishedAt: millis('finished_at'),
});
