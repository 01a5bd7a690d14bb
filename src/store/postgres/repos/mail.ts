// PostgreSQL twin of src/store/sqlite/repos/mail.ts: the outbox (claim, mark sent, retry) and
// incoming messages (dedupe, threads). Two `notify` runs on different hosts may claim at once:
// the claim locks its rows and skips rows another run holds, so neither waits for the other and
// no row is sent twice.
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { CommentRow, EventRow, MailMessageRow, NewMailMessage, OutboxRow, RejectedMailRow } from '../../port/index.js';
import { comments, events, mailMessages, outbox } from '../schema/index.js';
import { bytewise, first, type PgDb } from './db.js';

const CLAIMABLE = ['queued', 'sending'];

export function createPgMailRepo(db: PgDb) {
  return {
    claimDue: async (now: number, leaseUntil: number, limit: number): Promise<OutboxRow[]> => {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(inArray(outbox.state, CLAIMABLE), lte(outbox.nextAttemptAt, now)))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!rows.length) return [];
      await db
        .update(outbox)
        .set({ state: 'sending', attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: leaseUntil })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        );
      return rows.map((r) => ({ ...r, state: 'sending', attempts: r.attempts + 1, nextAttemptAt: leaseUntil }));
    },
    setMessageId: async (id: number, messageId: string): Promise<void> => {
      await db.update(outbox).set({ messageId }).where(eq(outbox.id, id));
    },
    markSent: async (id: number, at: number): Promise<boolean> =>
      (
        await db
          .update(outbox)
          .set({ state: 'sent', sentAt: at, lastError: null })
          .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))
      ).rowCount === 1,
    markRetry: async (id: number, nextAttemptAt: number, error: string): Promise<void> => {
      await db
        .update(outbox)
        .set({ state: 'queued', nextAttemptAt, lastError: error })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')));
    },
    release: async (id: number, nextAttemptAt: number, error?: string): Promise<void> => {
      await db
        .update(outbox)
        .set({
          state: 'queued',
          nextAttemptAt,
          attempts: sql`greatest(${outbox.attempts} - 1, 0)`,
          ...(error !== undefined ? { lastError: error } : {}),
        })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')));
    },
    markFinal: async (id: number, state: 'failed' | 'skipped', error: string): Promise<void> => {
      await db.update(outbox).set({ state, lastError: error }).where(eq(outbox.id, id));
    },
    nextDueAt: async (): Promise<number | undefined> =>
      first(
        await db
          .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})`.mapWith(Number) })
          .from(outbox)
          .where(inArray(outbox.state, CLAIMABLE)),
      )?.at ?? undefined,
    ticketIdOfSentMessage: async (messageIds: string[]): Promise<number | undefined> =>
      messageIds.length
        ? first(await db.select({ ticketId: outbox.ticketId }).from(outbox).where(inArray(outbox.messageId, messageIds)).limit(1))?.ticketId
        : undefined,

    eventById: async (id: number): Promise<EventRow | undefined> => first(await db.select().from(events).where(eq(events.id, id))),
    commentById: async (id: number): Promise<CommentRow | undefined> => first(await db.select().from(comments).where(eq(comments.id, id))),
    lastCommentOf: async (ticketId: number): Promise<CommentRow | undefined> =>
      first(await db.select().from(comments).where(eq(comments.ticketId, ticketId)).orderBy(desc(comments.id)).limit(1)),
    setCommentMessageId: async (commentId: number, messageId: string): Promise<void> => {
      await db.update(comments).set({ messageId }).where(eq(comments.id, commentId));
    },

    mailMessage: async (messageId: string): Promise<MailMessageRow | undefined> =>
      first(await db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId))),
    recordMailMessage: async (row: NewMailMessage): Promise<void> => {
      await db.insert(mailMessages).values(row).onConflictDoNothing();
    },
    rejectedMessages: async (limit: number): Promise<RejectedMailRow[]> =>
      db
        .select({
          messageId: mailMessages.messageId,
          receivedAt: mailMessages.receivedAt,
          reason: mailMessages.reason,
          subject: mailMessages.subject,
          sender: mailMessages.sender,
          size: sql<number>`octet_length(${mailMessages.raw})`,
        })
        .from(mailMessages)
        .where(eq(mailMessages.outcome, 'rejected'))
        // Mails kept in the same millisecond: by id, so both stores list (and --limit) the same.
        .orderBy(desc(mailMessages.receivedAt), asc(bytewise(mailMessages.messageId)))
        .limit(limit),
    /** The bytes as a Buffer on this side; they reach the main thread as a Uint8Array (structured clone). */
    rejectedMessageRaw: async (messageId: string): Promise<Buffer | undefined> =>
      first(
        await db
          .select({ raw: mailMessages.raw })
          .from(mailMessages)
          .where(and(eq(mailMessages.messageId, messageId), eq(mailMessages.outcome, 'rejected'))),
      )?.raw ?? undefined,
    ticketIdOfReceivedMessage: async (messageIds: string[]): Promise<number | undefined> =>
      messageIds.length
        ? (first(
            await db
              .select({ ticketId: mailMessages.ticketId })
              .from(mailMessages)
              .where(
                and(
                  inArray(mailMessages.messageId, messageIds),
                  or(eq(mailMessages.outcome, 'created'), eq(mailMessages.outcome, 'commented')),
                ),
              )
              .limit(1),
          )?.ticketId ?? undefined)
        : undefined,
    creatingMessageOf: async (ticketId: number): Promise<string | undefined> =>
      first(
        await db
          .select({ messageId: mailMessages.messageId })
          .from(mailMessages)
          .where(and(eq(mailMessages.ticketId, ticketId), eq(mailMessages.outcome, 'created')))
          .limit(1),
      )?.messageId,
  };
}
