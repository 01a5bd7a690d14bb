// `report agents` in one SQL statement: per staff member, the open load now, solves and closes by
// them in the window (events), their pickups at any level in the window (ticket_levels) and the
// resolution clocks of the tickets they solved then, with the medians (nearest rank, as report sla)
// of those pickup and resolution minutes. Every value is bound.
import { sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { AgentAggregate, AgentReportRepo } from '../../port/index.js';

export function createAgentReportRepo(db: Db): AgentReportRepo {
  return {
    agents: ({ sinceMs, untilMs }) => {
      const from = sinceMs ?? Number.MIN_SAFE_INTEGER;
      const to = untilMs ?? Number.MAX_SAFE_INTEGER;
      return db.all<AgentAggregate>(sql`
        with load as (
          select assignee_id as uid, count(*) as n from tickets
          where status in ('new', 'open', 'pending', 'on_hold') and assignee_id is not null group by assignee_id),
        acts as (
          select e.actor_id as uid, sum(e.action = 'solve') as solved, sum(e.action = 'close') as closed,
            sum(e.action = 'solve' and t.resolution_breached is 0) as rmet, sum(e.action = 'solve' and t.resolution_breached is 1) as rbreached
          from events e join tickets t on t.id = e.ticket_id
          where e.action in ('solve', 'close') and e.actor_id is not null and e.at >= ${from} and e.at < ${to} group by e.actor_id),
        picks as (
          select picked_up_by as uid, count(*) as n,
            sum(pickup_due_at is not null and picked_up_at <= pickup_due_at) as met, sum(picked_up_at > pickup_due_at) as breached
          from ticket_levels where picked_up_by is not null and picked_up_at >= ${from} and picked_up_at < ${to} group by picked_up_by),
        pickup_ranked as (
          select picked_up_by as uid, pickup_minutes as m, row_number() over (partition by picked_up_by order by pickup_minutes) as rn,
            count(*) over (partition by picked_up_by) as n
          from ticket_levels
          where picked_up_by is not null and pickup_minutes is not null and picked_up_at >= ${from} and picked_up_at < ${to}),
        pickup_median as (select uid, max(case when rn = (n + 1) / 2 then m end) as m from pickup_ranked group by uid),
        resolution_ranked as (
          select e.actor_id as uid, t.resolution_minutes as m, row_number() over (partition by e.actor_id order by t.resolution_minutes) as rn,
            count(*) over (partition by e.actor_id) as n
          from events e join tickets t on t.id = e.ticket_id
          where e.action = 'solve' and e.actor_id is not null and t.resolution_minutes is not null and e.at >= ${from} and e.at < ${to}),
        resolution_median as (select uid, max(case when rn = (n + 1) / 2 then m end) as m from resolution_ranked group by uid)
        select u.handle as handle, u.role as role, u.tier as tier, coalesce(l.n, 0) as open,
          coalesce(a.solved, 0) as solved, coalesce(a.closed, 0) as closed,
          coalesce(p.n, 0) as pickups, coalesce(p.met, 0) as pickupMet, coalesce(p.breached, 0) as pickupBreached,
          coalesce(a.rmet, 0) as resolutionMet, coalesce(a.rbreached, 0) as resolutionBreached,
          pm.m as pickupMedianMinutes, rm.m as resolutionMedianMinutes
        from users u left join load l on l.uid = u.id left join acts a on a.uid = u.id left join picks p on p.uid = u.id
          left join pickup_median pm on pm.uid = u.id left join resolution_median rm on rm.uid = u.id
        where u.role in ('superuser', 'agent', 'engineer', 'admin')
        order by u.handle`);
    },
  };
}
