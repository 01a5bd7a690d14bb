// PostgreSQL twin of src/store/sqlite/repos/agentReport.ts: `report agents` in one statement (the
// open load now, solves and closes in the window, pickups at any level, the resolution clocks of
// what they solved). Counts are cast to int so they arrive as numbers; every value is bound.
import { sql } from 'drizzle-orm';
import type { AgentAggregate, ReportWindow } from '../../port/index.js';
import type { PgDb } from './db.js';

export function createPgAgentReportRepo(db: PgDb) {
  return {
    agents: async ({ sinceMs, untilMs }: Pick<ReportWindow, 'sinceMs' | 'untilMs'>): Promise<AgentAggregate[]> => {
      const from = sinceMs ?? Number.MIN_SAFE_INTEGER;
      const to = untilMs ?? Number.MAX_SAFE_INTEGER;
      const result = await db.execute(sql`
        with load as (
          select assignee_id as uid, count(*)::int as n from tickets
          where status in ('new', 'open', 'pending', 'on_hold') and assignee_id is not null group by assignee_id),
        acts as (
          select e.actor_id as uid, (count(*) filter (where e.action = 'solve'))::int as solved,
            (count(*) filter (where e.action = 'close'))::int as closed,
            (count(*) filter (where e.action = 'solve' and t.resolution_breached = false))::int as rmet,
            (count(*) filter (where e.action = 'solve' and t.resolution_breached = true))::int as rbreached
          from events e join tickets t on t.id = e.ticket_id
          where e.action in ('solve', 'close') and e.actor_id is not null and e.at >= ${from} and e.at < ${to} group by e.actor_id),
        picks as (
          select picked_up_by as uid, count(*)::int as n,
            (count(*) filter (where pickup_due_at is not null and picked_up_at <= pickup_due_at))::int as met,
            (count(*) filter (where picked_up_at > pickup_due_at))::int as breached
          from ticket_levels where picked_up_by is not null and picked_up_at >= ${from} and picked_up_at < ${to} group by picked_up_by),
        pickup_median as (
          select picked_up_by as uid, (percentile_disc(0.5) within group (order by pickup_minutes))::int as m
          from ticket_levels
          where picked_up_by is not null and pickup_minutes is not null and picked_up_at >= ${from} and picked_up_at < ${to}
          group by picked_up_by),
        resolution_median as (
          select e.actor_id as uid, (percentile_disc(0.5) within group (order by t.resolution_minutes))::int as m
          from events e join tickets t on t.id = e.ticket_id
          where e.action = 'solve' and e.actor_id is not null and t.resolution_minutes is not null and e.at >= ${from} and e.at < ${to}
          group by e.actor_id)
        select u.handle as handle, u.role as role, u.tier as tier, coalesce(l.n, 0) as open,
          coalesce(a.solved, 0) as solved, coalesce(a.closed, 0) as closed,
          coalesce(p.n, 0) as pickups, coalesce(p.met, 0) as "pickupMet", coalesce(p.breached, 0) as "pickupBreached",
          coalesce(a.rmet, 0) as "resolutionMet", coalesce(a.rbreached, 0) as "resolutionBreached",
          pm.m as "pickupMedianMinutes", rm.m as "resolutionMedianMinutes"
        from users u left join load l on l.uid = u.id left join acts a on a.uid = u.id left join picks p on p.uid = u.id
          left join pickup_median pm on pm.uid = u.id left join resolution_median rm on rm.uid = u.id
        where u.role in ('superuser', 'agent', 'engineer', 'admin')
        order by u.handle collate "C"`);
      return result.rows as unknown as AgentAggregate[];
    },
  };
}
