// PostgreSQL twin of src/store/sqlite/repos/drafts.ts: composer drafts, one per ticket and user.
import { and, eq } from 'drizzle-orm';
import type { DraftRow } from '../../port/index.js';
import { drafts } from '../schema/index.js';
import { first, type PgDb } from './db.js';

export function createPgDraftsRepo(db: PgDb) {
  const key = (ticketId: number, userId: number) => and(eq(drafts.ticketId, ticketId), eq(drafts.userId, userId));
  return {
    get: async (ticketId: number, userId: number): Promise<DraftRow | undefined> =>
      first(await db.select().from(drafts).where(key(ticketId, userId))),
    upsert: async (row: DraftRow): Promise<void> => {
      const { ticketId: _t, userId: _u, ...rest } = row;
      await db
        .insert(drafts)
        .values(row)
        .onConflictDoUpdate({ target: [drafts.ticketId, drafts.userId], set: rest });
    },
    remove: async (ticketId: number, userId: number): Promise<void> => {
      await db.delete(drafts).where(key(ticketId, userId));
    },
  };
}
