// PostgreSQL twin of src/store/sqlite/repos/automation.ts (candidates by status and status_since,
// index tickets_status_since; firings that make each step fire once per stay) and of
// src/store/sqlite/repos/routing.ts (the staff of a tier and their loads).
import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { CandidateQuery, TicketRow, UserRow } from '../../port/index.js';
import { automationFirings, tickets, users } from '../schema/index.js';
import type { PgDb } from './db.js';

const STAFF = ['superuser', 'agent', 'engineer'];
const UNSOLVED = ['new', 'open', 'pending', 'on_hold'];

export function createPgAutomationRepo(db: PgDb) {
  return {
    candidates: async (q: CandidateQuery): Promise<TicketRow[]> =>
      db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.status, q.status),
            lte(tickets.statusSince, q.sinceAtMost),
            q.after
              ? or(
                  gt(tickets.statusSince, q.after.statusSince),
                  and(eq(tickets.statusSince, q.after.statusSince), gt(tickets.id, q.after.id)),
                )
              : undefined,
            sql`not exists (select 1 from ${automationFirings} f where f.ticket_id = ${tickets.id} and f.step = ${q.unlessFired} and f.status_since = ${tickets.statusSince})`,
          ),
        )
        .orderBy(asc(tickets.statusSince), asc(tickets.id))
        .limit(q.limit),

    firedSteps: async (stays: Map<number, number>): Promise<Map<number, Set<string>>> => {
      const result = new Map<number, Set<string>>();
      if (!stays.size) return result;
      const rows = await db
        .select({ ticketId: automationFirings.ticketId, step: automationFirings.step, statusSince: automationFirings.statusSince })
        .from(automationFirings)
        .where(inArray(automationFirings.ticketId, [...stays.keys()]))
        .orderBy(asc(automationFirings.ticketId), asc(sql`${automationFirings.step} collate "C"`));
      for (const row of rows) {
        if (stays.get(row.ticketId) !== row.statusSince) continue;
        const set = result.get(row.ticketId) ?? new Set<string>();
        set.add(row.step);
        result.set(row.ticketId, set);
      }
      return result;
    },

    /** Records a firing; false when this step already fired for this stay (another process won). */
    recordFiring: async (ticketId: number, step: string, statusSince: number, firedAt: number): Promise<boolean> =>
      (await db.insert(automationFirings).values({ ticketId, step, statusSince, firedAt }).onConflictDoNothing()).rowCount === 1,

    presentStaffIdsOfTier: async (tier: number): Promise<number[]> =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.role, STAFF), eq(users.tier, tier), eq(users.away, false)))
          .orderBy(asc(users.id))
      ).map((r) => r.id),
  };
}

const countsBy = (rows: Array<{ id: number | null; n: number }>) =>
  new Map(rows.filter((r): r is { id: number; n: number } => r.id !== null).map((r) => [r.id, r.n]));

export function createPgRoutingRepo(db: PgDb) {
  const count = sql<number>`count(*)`.mapWith(Number);
  return {
    staffOfTier: async (tier: number): Promise<UserRow[]> =>
      db
        .select()
        .from(users)
        .where(and(inArray(users.role, STAFF), eq(users.tier, tier)))
        .orderBy(asc(users.id)),
    loadsAtLevel: async (ids: number[], level: number): Promise<Map<number, number>> =>
      ids.length
        ? countsBy(
            await db
              .select({ id: tickets.assigneeId, n: count })
              .from(tickets)
              .where(and(inArray(tickets.assigneeId, ids), inArray(tickets.status, UNSOLVED), eq(tickets.level, level)))
              .groupBy(tickets.assigneeId)
              .orderBy(asc(tickets.assigneeId)),
          )
        : new Map(),
    handledForOrg: async (ids: number[], orgId: number): Promise<Map<number, number>> =>
      ids.length
        ? countsBy(
            await db
              .select({ id: tickets.assigneeId, n: count })
              .from(tickets)
              .where(and(inArray(tickets.assigneeId, ids), eq(tickets.orgId, orgId)))
              .groupBy(tickets.assigneeId)
              .orderBy(asc(tickets.assigneeId)),
          )
        : new Map(),
  };
}
