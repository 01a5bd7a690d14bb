// PostgreSQL twin of src/store/sqlite/schema/drafts.ts: a text being written, per ticket and user.
import { pgTable, integer, text, primaryKey } from 'drizzle-orm/pg-core';
import { millis } from './columns.js';
import { users } from './people.js';
import { tickets } from './tickets.js';

export const drafts = pgTable(
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
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);
