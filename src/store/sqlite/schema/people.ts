import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

export const organizations = sqliteTable('organizations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  slaPlan: text('sla_plan').notNull().default('standard'),
  calendar: text('calendar').notNull().default('default'),
  createdAt: integer('created_at').notNull(),
});

/** Mail domains that map a sender to an organization. */
export const orgDomains = sqliteTable('org_domains', {
  domain: text('domain').primaryKey(),
  orgId: integer('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' }),
});

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    handle: text('handle').notNull().unique(),
    name: text('name').notNull(),
    email: text('email').unique(),
    role: text('role').notNull(),
    /** The level a staff member handles; null for requesters and admins (any level). */
    tier: integer('tier'),
    orgId: integer('org_id').references(() => organizations.id),
    away: integer('away', { mode: 'boolean' }).notNull().default(false),
    /** Admins who chose to receive every notification. */
    notifyAll: integer('notify_all', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('users_org_role').on(t.orgId, t.role), index('users_role_tier').on(t.role, t.tier)],
);
