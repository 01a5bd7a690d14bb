import { sqliteTable, integer, text, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './people.js';
import { tickets } from './tickets.js';

/**
 * The text a person is writing on a ticket (TUI composer), saved as it is typed so that it
 * survives quitting, crashes and conflicts: one per ticket and user. `baseVersion` is the ticket
 * version the writer last saw, so that sending can tell a change by someone else from their own.
 */
export const drafts = sqliteTable(
  'drafts',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** What the text becomes: reply, note, request_info, solve. */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    baseVersion: integer('base_version').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);
