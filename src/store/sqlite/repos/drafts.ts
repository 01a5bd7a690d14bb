// Drafts of the TUI composer: one per ticket and user (app/tickets/drafts.ts decides the rest).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { DraftRow, DraftsRepo } from '../../port/index.js';
import { drafts } from '../schema/index.js';

export function createDraftsRepo(db: Db): DraftsRepo {
  const key = (ticketId: number, userId: number) => and(eq(drafts.ticketId, ticketId), eq(drafts.userId, userId));
  return {
    get: (ticketId: number, userId: number): DraftRow | undefined => db.select().from(drafts).where(key(ticketId, userId)).get(),
    upsert: (row: DraftRow): void => {
      const { ticketId: _t, userId: _u, ...rest } = row;
      db.insert(drafts)
        .values(row)
        .onConflictDoUpdate({ target: [drafts.ticketId, drafts.userId], set: rest })
        .run();
    },
    remove: (ticketId: number, userId: number): void => void db.delete(drafts).where(key(ticketId, userId)).run(),
  };
}
