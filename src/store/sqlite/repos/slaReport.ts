// SQL aggregates over the SLA columns (report sla, report backlog, forecast): one scan per figure
// family, percentiles by nearest rank with window functions, nothing recomputed per ticket.
// Only constant SQL text is written here; every value is bound.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { NO_DUE } from '../schema/tickets.js';
import { visibilitySql } from '../visibility.js';
import { createSlaRollups } from './slaRollups.js';
import type { ClockAggregate, GroupAggregate, OpenAggregate, ReportDimension, ReportWindow, SlaReportRepo } from '../../port/index.js';

const GROUP: Record<ReportDimension | 'all', { expr: SQL; joins: SQL }> = {
  all: { expr: sql`'all'`, joins: sql`` },
  priority: { expr: sql`t.priority`, joins: sql`` },
  level: { expr: sql`t.level`, joins: sql`` },
  type: { expr: sql`t.type`, joins: sql`` },
  agent: { expr: sql`coalesce(u.handle, '(unassigned)')`, joins: sql` left join users u on u.id = t.assignee_id` },
  org: { expr: sql`coalesce(o.name, '(none)')`, joins: sql` left join organizations o on o.id = t.org_id` },
};

function windowCondition(w: ReportWindow): SQL {
  const parts: SQL[] = [sql`1`];
  if (w.sinceMs !== null) parts.push(sql`t.created_at >= ${w.sinceMs}`);
  if (w.untilMs !== null) parts.push(sql`t.created_at < ${w.untilMs}`);
  const visible = visibilitySql(w.scope, { requesterId: sql`t.requester_id`, orgId: sql`t.org_id` });
  if (visible) parts.push(visible);
  return sql.join(parts, sql` and `);
}

/** Count, met, breached, within an hour, median and p90 of stopped clocks per group. */
function clockQuery(source: SQL): SQL {
  return sql`with ranked as (
      select g, m, b, has_target, row_number() over (partition by g order by m) as rn, count(*) over (partition by g) as n from (${source})
    )
    select g as "group", count(*) as stopped, sum(has_target) as withTarget, sum(has_target and b = 0) as met, sum(has_target and b = 1) as breached,
      sum(m <= 60) as withinHour,
      max(case when rn = (n + 1) / 2 then m end) as median,
      max(case when rn = (9 * n + 9) / 10 then m end) as p90
    from ranked group by g`;
}

/** Median and p90 (nearest rank) of one column of the materialized `base`, per group. */
function percentiles(column: SQL): SQL {
  return sql`select g, max(case when rn = (n + 1) / 2 then m end) as median, max(case when rn = (9 * n + 9) / 10 then m end) as p90
    from (select g, ${column} as m, row_number() over (partition by g order by ${column}) as rn, count(*) over (partition by g) as n from base where ${column} is not null)
    group by g`;
}

interface FlatRow extends OpenAggregate {
  pStopped: number;
  pWithTarget: number;
  pMet: number;
  pBreached: number;
  pWithinHour: number;
  pMedian: number | null;
  pP90: number | null;
  rStopped: number;
  rWithTarget: number;
  rMet: number;
  rBreached: number;
  rWithinHour: number;
  rMedian: number | null;
  rP90: number | null;
}

/**
 * The SLA reports of everyone's tickets read the rollups (repos/slaRollups.ts); a scoped reader's
 * (a requester's own or organization's few tickets) the full computation.
 */
export function createSlaReportRepo(db: Db): SlaReportRepo {
  const full = createFullSlaReportRepo(db);
  const rollups = createSlaRollups(db);
  return {
    ...full,
    groups: (by, w) => (w.scope ? full.groups(by, w) : rollups.groups(by, w, GROUP[by])),
    levelPickups: (w) => (w.scope ? full.levelPickups(w) : rollups.levelPickups(w)),
    backlogByStatusLevel: (w) => (w.scope ? full.backlogByStatusLevel(w) : rollups.backlogByStatusLevel(w)),
    backlogByAssignee: (w) => (w.scope ? full.backlogByAssignee(w) : rollups.backlogByAssignee(w)),
    recomputeRollups: () => rollups.recompute(),
  };
}

/** Every figure from the tickets table itself: the reference the rollups must equal (test/sla/rollups.test.ts). */
export function createFullSlaReportRepo(db: Db): SlaReportRepo {
  const all = <T>(query: SQL): T[] => db.all<T>(query);
  return {
    /**
     * Every figure of every group in one statement: one scan of the wide tickets table into a
     * narrow materialized `base`, then counts and percentiles over it.
     */
    groups: (by: ReportDimension | 'all', w: ReportWindow): GroupAggregate[] => {
      const g = GROUP[by];
      const now = w.nowMs;
      const rows = all<FlatRow>(sql`with base as materialized (
          select ${g.expr} as g, t.pickup_minutes as pm, t.pickup_breached as pb, t.pickup_due_at is not null as pt,
            t.resolution_minutes as rm, t.resolution_breached as rb, t.resolution_due_at is not null as rt,
            t.status not in ('solved', 'closed') as open, t.sla_due_at < ${NO_DUE} as runs, t.sla_risk_at <= ${now} as risky, t.paused_since is not null as paused,
            (t.pickup_breached is 1 or t.resolution_breached is 1 or t.sla_due_at < ${now}) as br
          from tickets t${g.joins} where ${windowCondition(w)}
        ),
        counts as (
          select g, count(*) as tickets, sum(open) as open,
            sum(open and not br and runs and not risky) as running, sum(open and not br and runs and risky) as atRisk,
            sum(open and br) as breached, sum(open and not br and not runs and paused) as paused,
            sum(pm is not null) as pStopped, sum(pm is not null and pt) as pWithTarget, sum(pm is not null and pt and pb = 0) as pMet,
            sum(pm is not null and pt and pb = 1) as pBreached, sum(pm <= 60) as pWithinHour,
            sum(rm is not null) as rStopped, sum(rm is not null and rt) as rWithTarget, sum(rm is not null and rt and rb = 0) as rMet,
            sum(rm is not null and rt and rb = 1) as rBreached, sum(rm <= 60) as rWithinHour
          from base group by g
        ),
        pq as (${percentiles(sql`pm`)}),
        rq as (${percentiles(sql`rm`)})
        select c.g as "group", c.*, pq.median as pMedian, pq.p90 as pP90, rq.median as rMedian, rq.p90 as rP90
        from counts c left join pq on pq.g = c.g left join rq on rq.g = c.g`);
      const clock = (
        group: string,
        stopped: number,
        withTarget: number,
        met: number,
        breached: number,
        withinHour: number,
        median: number | null,
        p90: number | null,
      ): ClockAggregate | null => (stopped ? { group, stopped, withTarget, met, breached, withinHour, median, p90 } : null);
      return rows.map((r) => ({
        group: r.group,
        tickets: r.tickets,
        open: r.open,
        running: r.running,
        atRisk: r.atRisk,
        breached: r.breached,
        paused: r.paused,
        pickup: clock(r.group, r.pStopped, r.pWithTarget, r.pMet, r.pBreached, r.pWithinHour, r.pMedian, r.pP90),
        resolution: clock(r.group, r.rStopped, r.rWithTarget, r.rMet, r.rBreached, r.rWithinHour, r.rMedian, r.rP90),
      }));
    },
    /** Every level's own pickup clock, grouped by level (report sla --by level). */
    levelPickups: (w: ReportWindow): ClockAggregate[] =>
      all(
        clockQuery(sql`select l.level as g, l.pickup_minutes as m, (l.picked_up_at > l.pickup_due_at) as b, (l.pickup_due_at is not null) as has_target
        from ticket_levels l join tickets t on t.id = l.ticket_id where ${windowCondition(w)} and l.picked_up_at is not null`),
      ),
    /** Unclosed tickets by status and level. */
    backlogByStatusLevel: (w: ReportWindow): Array<{ status: string; level: number; count: number }> =>
      all(sql`select t.status as status, t.level as level, count(*) as count from tickets t
        where ${windowCondition(w)} and t.status <> 'closed' group by t.status, t.level`),
    /** Unsolved tickets by assignee and status. */
    backlogByAssignee: (w: ReportWindow): Array<{ assignee: string | null; status: string; count: number }> =>
      all(sql`select u.handle as assignee, t.status as status, count(*) as count from tickets t left join users u on u.id = t.assignee_id
        where ${windowCondition(w)} and t.status in ('new', 'open', 'pending', 'on_hold') group by u.handle, t.status`),
    /** Running clocks that breach in [now, until] (sla_due_at is the breach instant), soonest first (the tickets_sla_due index). */
    dueBetween: (w: ReportWindow, untilMs: number, limit: number) =>
      all<{
        id: number;
        subject: string;
        priority: string;
        status: string;
        level: number;
        assignee: string | null;
        dueAt: number;
        resolutionDueAt: number | null;
      }>(
        sql`select t.id as id, t.subject as subject, t.priority as priority, t.status as status, t.level as level, u.handle as assignee, t.sla_due_at as dueAt, t.resolution_due_at as resolutionDueAt
          from tickets t left join users u on u.id = t.assignee_id
          where t.sla_due_at >= ${w.nowMs} and t.sla_due_at <= ${untilMs} and ${windowCondition({ ...w, sinceMs: null, untilMs: null })}
          order by t.sla_due_at, t.id limit ${limit}`,
      ),
    recomputeRollups: () => undefined,
  };
}
