// SQL aggregates over the SLA columns (report sla, report backlog, forecast): one scan per figure
// family, percentiles by nearest rank with window functions, nothing recomputed per ticket.
// Only constant SQL text is written here; every value is bound.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { NO_DUE } from '../schema/tickets.js';

export const REPORT_DIMENSIONS = ['priority', 'level', 'agent', 'org', 'type'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportWindow {
  /** Tickets created in [sinceMs, untilMs). */
  sinceMs: number | null;
  untilMs: number | null;
  nowMs: number;
  /** Whose tickets: a requester's own, or also an organization's (null: all). */
  scope: { requesterId?: number | undefined; orgId?: number | undefined } | null;
}

export interface ClockAggregate {
  group: string;
  stopped: number;
  withTarget: number;
  met: number;
  breached: number;
  withinHour: number;
  median: number | null;
  p90: number | null;
}

export interface OpenAggregate {
  group: string;
  tickets: number;
  open: number;
  running: number;
  atRisk: number;
  breached: number;
  paused: number;
}

// The grouping expressions and the joins they need: a fixed table, never text from the user.
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
  if (w.scope) {
    const owners: SQL[] = [];
    if (w.scope.requesterId !== undefined) owners.push(sql`t.requester_id = ${w.scope.requesterId}`);
    if (w.scope.orgId !== undefined) owners.push(sql`t.org_id = ${w.scope.orgId}`);
    parts.push(owners.length ? sql`(${sql.join(owners, sql` or `)})` : sql`0`);
  }
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

export function createSlaReportRepo(db: Db) {
  const all = <T>(query: SQL): T[] => db.all<T>(query);
  return {
    /** The ticket's pickup (first level), or with `perLevel` every level's pickup grouped by level. */
    pickup: (by: ReportDimension | 'all', w: ReportWindow): ClockAggregate[] => {
      if (by === 'level') {
        return all(clockQuery(sql`select l.level as g, l.pickup_minutes as m, (l.picked_up_at > l.pickup_due_at) as b, (l.pickup_due_at is not null) as has_target
          from ticket_levels l join tickets t on t.id = l.ticket_id where ${windowCondition(w)} and l.picked_up_at is not null`));
      }
      const g = GROUP[by];
      return all(clockQuery(sql`select ${g.expr} as g, t.pickup_minutes as m, t.pickup_breached as b, (t.pickup_due_at is not null) as has_target
        from tickets t${g.joins} where ${windowCondition(w)} and t.first_pickup_at is not null`));
    },
    resolution: (by: ReportDimension | 'all', w: ReportWindow): ClockAggregate[] => {
      const g = GROUP[by];
      return all(clockQuery(sql`select ${g.expr} as g, t.resolution_minutes as m, t.resolution_breached as b, (t.resolution_due_at is not null) as has_target
        from tickets t${g.joins} where ${windowCondition(w)} and t.resolution_minutes is not null`));
    },
    /** Tickets, and open tickets by SLA state now (the `sla=` filter's classification). */
    open: (by: ReportDimension | 'all', w: ReportWindow): OpenAggregate[] => {
      const g = GROUP[by];
      const now = w.nowMs;
      return all(sql`select g as "group", count(*) as tickets, sum(open) as open,
          sum(open and not br and due < ${NO_DUE} and risk > ${now}) as running,
          sum(open and not br and due < ${NO_DUE} and risk <= ${now}) as atRisk,
          sum(open and br) as breached,
          sum(open and not br and due >= ${NO_DUE} and paused) as paused
        from (select ${g.expr} as g, t.status not in ('solved', 'closed') as open, t.sla_due_at as due, t.sla_risk_at as risk, t.paused_since is not null as paused,
            (t.pickup_breached is 1 or t.resolution_breached is 1 or t.sla_due_at <= ${now}) as br
          from tickets t${g.joins} where ${windowCondition(w)})
        group by g`);
    },
    /** Unclosed tickets by status and level. */
    backlogByStatusLevel: (w: ReportWindow): Array<{ status: string; level: number; count: number }> =>
      all(sql`select t.status as status, t.level as level, count(*) as count from tickets t
        where ${windowCondition(w)} and t.status <> 'closed' group by t.status, t.level`),
    /** Unsolved tickets by assignee and status. */
    backlogByAssignee: (w: ReportWindow): Array<{ assignee: string | null; status: string; count: number }> =>
      all(sql`select u.handle as assignee, t.status as status, count(*) as count from tickets t left join users u on u.id = t.assignee_id
        where ${windowCondition(w)} and t.status in ('new', 'open', 'pending', 'on_hold') group by u.handle, t.status`),
    /** Running clocks due in (now, until], soonest first (the tickets_sla_due index). */
    dueBetween: (w: ReportWindow, untilMs: number, limit: number) =>
      all<{ id: number; subject: string; priority: string; status: string; level: number; assignee: string | null; dueAt: number; resolutionDueAt: number | null }>(
        sql`select t.id as id, t.subject as subject, t.priority as priority, t.status as status, t.level as level, u.handle as assignee, t.sla_due_at as dueAt, t.resolution_due_at as resolutionDueAt
          from tickets t left join users u on u.id = t.assignee_id
          where t.sla_due_at > ${w.nowMs} and t.sla_due_at <= ${untilMs} and ${windowCondition({ ...w, sinceMs: null, untilMs: null })}
          order by t.sla_due_at, t.id limit ${limit}`,
      ),
  };
}

export type SlaReportRepo = ReturnType<typeof createSlaReportRepo>;
