// Queries for time-based automations: candidate tickets by status and status_since (index
// tickets_status_since), and the firings that make every step fire once per stay in a status.
import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { automationFirings, tickets, users } from '../schema/index.js';
import type { AutomationRepo, CandidateQuery, TicketRow } from '../../port/index.js';

export function createAutomationRepo(db: Db): AutomationRepo {
  return {
    candidates: (q: CandidateQuery): TicketRow[] =>
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
        .limit(q.limit)
        .all(),

    /** The steps fired per ticket, for the given stays only (ticket id → its current status_since). */
    firedSteps: (stays: Map<number, number>): Map<number, Set<string>> => {
      const result = new Map<number, Set<string>>();
      if (!stays.size) return result;
      const rows = db
        .select({ ticketId: automationFirings.ticketId, step: automationFirings.step, statusSince: automationFirings.statusSince })
        .from(automationFirings)
        .where(inArray(automationFirings.ticketId, [...stays.keys()]))
        .all();
      for (const row of rows) {
        if (stays.get(row.ticketId) !== row.statusSince) continue;
        const set = result.get(row.ticketId) ?? new Set<string>();
        set.add(row.step);
        result.set(row.ticketId, set);
      }
      return result;
    },

    /** Records a firing; false when this step already fired for this stay (another process won). */
    recordFiring: (ticketId: number, step: string, statusSince: number, firedAt: number): boolean =>
      db.insert(automationFirings).values({ ticketId, step, statusSince, firedAt }).onConflictDoNothing().run().changes === 1,

    /** Staff of a tier who are not away (reminders to "tier-2 staff" when nobody at level 2 is assigned). */
    presentStaffIdsOfTier: (tier: number): number[] =>
      db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.role, ['superuser', 'agent', 'engineer']), eq(users.tier, tier), eq(users.away, false)))
        .orderBy(asc(users.id))
        .all()
        .map((r) => r.id),
  };
}
