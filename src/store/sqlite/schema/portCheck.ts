// Compile-time proof that this schema's rows are the store port's rows (store/port/rows.ts): a
// column added here and not there (or the other way round) fails the type-check, not a test.
import type * as rows from '../../port/rows.js';
import type * as schema from './index.js';

/** True when A and B are assignable both ways; otherwise a type error names the table. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;

export type PortCheck = [
  Check<Same<rows.OrgRow, typeof schema.organizations.$inferSelect>>,
  Check<Same<rows.NewOrg, typeof schema.organizations.$inferInsert>>,
  Check<Same<rows.UserRow, typeof schema.users.$inferSelect>>,
  Check<Same<rows.NewUser, typeof schema.users.$inferInsert>>,
  Check<Same<rows.TicketRow, typeof schema.tickets.$inferSelect>>,
  Check<Same<rows.NewTicket, typeof schema.tickets.$inferInsert>>,
  Check<Same<rows.LevelRow, typeof schema.ticketLevels.$inferSelect>>,
  Check<Same<rows.NewLevel, typeof schema.ticketLevels.$inferInsert>>,
  Check<Same<rows.CommentRow, typeof schema.comments.$inferSelect>>,
  Check<Same<rows.NewComment, typeof schema.comments.$inferInsert>>,
  Check<Same<rows.AttachmentRow, typeof schema.attachments.$inferSelect>>,
  Check<Same<rows.NewAttachment, typeof schema.attachments.$inferInsert>>,
  Check<Same<rows.EventRow, typeof schema.events.$inferSelect>>,
  Check<Same<rows.NewEvent, typeof schema.events.$inferInsert>>,
  Check<Same<rows.OutboxRow, typeof schema.outbox.$inferSelect>>,
  Check<Same<rows.NewOutbox, typeof schema.outbox.$inferInsert>>,
  Check<Same<rows.MailMessageRow, typeof schema.mailMessages.$inferSelect>>,
  Check<Same<rows.NewMailMessage, typeof schema.mailMessages.$inferInsert>>,
  Check<Same<rows.BatchRow, typeof schema.batches.$inferSelect>>,
  Check<Same<rows.NewBatch, typeof schema.batches.$inferInsert>>,
  Check<Same<rows.MacroRow, typeof schema.macros.$inferSelect>>,
];
