// Queries for mail: the outbox (claim, mark sent, retry) and incoming messages (dedupe, threads).
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { MailMessageRow, MailRepo, OutboxRow } from '../../port/index.js';
import { comments, events, mailMessages, outbox } from '../schema/index.js';

/** Outbox states: queued (due at next_attempt_at), sending (claimed until next_attempt_at), sent, failed, skipped. */
export const CLAIMABLE = ['queued', 'sending'] as const;

export function createMailRepo(db: Db): MailRepo {
  const due = and(inArray(outbox.state, [...CLAIMABLE]), lte(outbox.nextAttemptAt, sql.placeholder('now')));
  const dueRows = db
    .select()
    .from(outbox)
    .where(due)
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(sql.placeholder('limit'))
    .prepare();
  return {
    /**
     * Claims up to `limit` due rows (queued, or sending with an expired lease after a crash):
     * they become `sending` until `leaseUntil`. Run inside a write transaction.
     */
    claimDue: (now: number, leaseUntil: number, limit: number): OutboxRow[] => {
      const rows = dueRows.all({ now, limit });
      if (!rows.length) return [];
      db.update(outbox)
        .set({ state: 'sending', attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: leaseUntil })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        )
        .run();
      return rows.map((r) => ({ ...r, state: 'sending', attempts: r.attempts + 1, nextAttemptAt: leaseUntil }));
    },
    setMessageId: (id: number, messageId: string): void => {
      db.update(outbox).set({ messageId }).where(eq(outbox.id, id)).run();
    },
    /** Only a row still claimed (`sending`) moves on, so a late duplicate sender changes nothing. */
    markSent: (id: number, at: number): boolean =>
      db
        .update(outbox)
        .set({ state: 'sent', sentAt: at, lastError: null })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))
        .run().changes === 1,
    markRetry: (id: number, nextAttemptAt: number, error: string): void => {
      db.update(outbox)
        .set({ state: 'queued', nextAttemptAt, lastError: error })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))
        .run();
    },
    /** Gives a claimed row back unattempted (the attempt never reached a server). */
    release: (id: number, nextAttemptAt: number, error?: string): void => {
      db.update(outbox)
        .set({
          state: 'queued',
          nextAttemptAt,
          attempts: sql`max(${outbox.attempts} - 1, 0)`,
          ...(error !== undefined ? { lastError: error } : {}),
        })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))
        .run();
    },
    markFinal: (id: number, state: 'failed' | 'skipped', error: string): void => {
      db.update(outbox).set({ state, lastError: error }).where(eq(outbox.id, id)).run();
    },
    /** When the next queued or leased row falls due, or undefined when nothing waits. */
    nextDueAt: (): number | undefined =>
      db
        .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
        .from(outbox)
        .where(inArray(outbox.state, [...CLAIMABLE]))
        .get()?.at ?? undefined,
    ticketIdOfSentMessage: (messageIds: string[]): number | undefined =>
      messageIds.length
        ? db.select({ ticketId: outbox.ticketId }).from(outbox).where(inArray(outbox.messageId, messageIds)).limit(1).get()?.ticketId
        : undefined,

    eventById: (id: number) => db.select().from(events).where(eq(events.id, id)).get(),
    commentById: (id: number) => db.select().from(comments).where(eq(comments.id, id)).get(),
    /** The newest comment of a ticket: the one a use case has just written in this transaction. */
    lastCommentOf: (ticketId: number) =>
      db.select().from(comments).where(eq(comments.ticketId, ticketId)).orderBy(desc(comments.id)).limit(1).get(),
    setCommentMessageId: (commentId: number, messageId: string): void => {
      db.update(comments).set({ messageId }).where(eq(comments.id, commentId)).run();
    },

    mailMessage: (messageId: string): MailMessageRow | undefined =>
      db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId)).get(),
    recordMailMessage: (row: typeof mailMessages.$inferInsert): void => {
      db.insert(mailMessages).values(row).onConflictDoNothing().run();
    },
    /** Messages kept for an admin (outcome `rejected`), newest first, without their bytes. */
    rejectedMessages: (limit: number) =>
      db
        .select({
          messageId: mailMessages.messageId,
          receivedAt: mailMessages.receivedAt,
          reason: mailMessages.reason,
          subject: mailMessages.subject,
          sender: mailMessages.sender,
          size: sql<number>`length(${mailMessages.raw})`,
        })
        .from(mailMessages)
        .where(eq(mailMessages.outcome, 'rejected'))
        // Mails kept in the same millisecond: by id, so both stores list (and --limit) the same.
        .orderBy(desc(mailMessages.receivedAt), asc(mailMessages.messageId))
        .limit(limit)
        .all(),
    rejectedMessageRaw: (messageId: string): Buffer | undefined =>
      db
        .select({ raw: mailMessages.raw })
        .from(mailMessages)
        .where(and(eq(mailMessages.messageId, messageId), eq(mailMessages.outcome, 'rejected')))
        .get()?.raw ?? undefined,
    /** The ticket that an incoming message we accepted belongs to. */
    ticketIdOfReceivedMessage: (messageIds: string[]): number | undefined =>
      messageIds.length
        ? (db
            .select({ ticketId: mailMessages.ticketId })
            .from(mailMessages)
            .where(
              and(
                inArray(mailMessages.messageId, messageIds),
                or(eq(mailMessages.outcome, 'created'), eq(mailMessages.outcome, 'commented')),
              ),
            )
            .limit(1)
            .get()?.ticketId ?? undefined)
        : undefined,
    /** The Message-ID of the mail that opened a ticket, if mail opened it. */
    creatingMessageOf: (ticketId: number): string | undefined =>
      db
        .select({ messageId: mailMessages.messageId })
        .from(mailMessages)
        .where(and(eq(mailMessages.ticketId, ticketId), eq(mailMessages.outcome, 'created')))
        .limit(1)
        .get()?.messageId,
  };
}
