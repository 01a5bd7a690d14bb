// PostgreSQL twin of src/store/sqlite/schema/people.ts: same tables, columns and indexes.
import { pgTable, integer, text, boolean, index } from 'drizzle-orm/pg-core';
import { millis } from './columns.js';

export const organizations = pgTable('organizations', {
  // By default, not always: a helpdesk copied from SQLite keeps its ids.
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull().unique(),
  slaPlan: text('sla_plan').notNull().default('standard'),
  calendar: text('calendar').notNull().default('default'),
  createdAt: millis('created_at').notNull(),
});

/** Mail domains that map a sender to an organization. */
export const orgDomains = pgTable('org_domains', {
  domain: text('domain').primaryKey(),
  orgId: integer('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' }),
});

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    handle: text('handle').notNull().unique(),
    name: text('name').notNull(),
    email: text('email').unique(),
    role: text('role').notNull(),
    /** The level a staff member handles; null for requesters and admins (any level). */
    tier: integer('tier'),
    orgId: integer('org_id').references(() => organizations.id),
    away: boolean('away').notNull().default(false),
    /** Admins who chose to receive every notification. */
    notifyAll: boolean('notify_all').notNull().default(false),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [index('users_org_role').on(t.orgId, t.role), index('users_role_tier').on(t.role, t.tier)],
);
