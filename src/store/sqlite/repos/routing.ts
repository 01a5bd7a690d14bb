// Queries for routing (SPEC 6): the staff of a tier, their open load and their tickets of an
// organization — each an aggregate over an index, for a handful of people.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { tickets, users } from '../schema/index.js';
import type { RoutingRepo, UserRow } from '../../port/index.js';

const UNSOLVED = ['new', 'open', 'pending', 'on_hold'];

const countsBy = (rows: Array<{ id: number | null; n: number }>) =>
  new Map(rows.filter((r): r is { id: number; n: number } => r.id !== null).map((r) => [r.id, r.n]));

export function createRoutingRepo(db: Db): RoutingRepo {
  return {
    /** Superusers, agents and engineers of a tier (away or not: the caller decides). */
    staffOfTier: (tier: number): UserRow[] =>
      db
        .select()
        .from(users)
        .where(and(inArray(users.role, ['superuser', 'agent', 'engineer']), eq(users.tier, tier)))
        .orderBy(asc(users.id))
        .all(),

    /** Unsolved tickets at `level` assigned to each of `ids` (index tickets_assignee_status). */
    loadsAtLevel: (ids: number[], level: number): Map<number, number> =>
      ids.length
        ? countsBy(
            db
              .select({ id: tickets.assigneeId, n: sql<number>`count(*)` })
              .from(tickets)
              .where(and(inArray(tickets.assigneeId, ids), inArray(tickets.status, UNSOLVED), eq(tickets.level, level)))
              .groupBy(tickets.assigneeId)
              .all(),
          )
        : new Map(),

    /** Tickets of an organization each of `ids` has been assigned, whatever their status. */
    handledForOrg: (ids: number[], orgId: number): Map<number, number> =>
      ids.length
        ? countsBy(
            db
              .select({ id: tickets.assigneeId, n: sql<number>`count(*)` })
              .from(tickets)
              .where(and(inArray(tickets.assigneeId, ids), eq(tickets.orgId, orgId)))
              .groupBy(tickets.assigneeId)
              .all(),
          )
        : new Map(),
  };
}
