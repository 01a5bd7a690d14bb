// PostgreSQL twin of src/store/sqlite/repos/slaReport.ts: the SLA and backlog reports and the
// forecast as SQL aggregates (one scan per figure family, nearest-rank percentiles with window
// functions), the same figures as SQLite's; everyone's reports read the rollups (slaRollups.ts).
// Counts are bigint in PostgreSQL: cast to int so they arrive as numbers. Only constant SQL text is written here; every value is bound.
import { sql, type SQL } from 'drizzle-orm';
import type { ClockAggregate, DueClock, GroupAggregate, OpenAggregate, ReportDimension, ReportWindow } from '../../port/index.js';
import { NO_DUE } from '../../port/rows.js';
import type { PgDb } from './db.js';
import { visibilityPg } from './where.js';
import { createPgSlaRollups } from './slaRollups.js';

const GROUP: Record<ReportDimension | 'all', { expr: SQL; joins: SQL }> = {
  all: { expr: sql`'all'`, joins: sql`` },
  priority: { expr: sql`t.priority`, joins: sql`` },
  level: { expr: sql`t.level`, joins: sql`` },
  type: { expr: sql`t.type`, joins: sql`` },
  agent: { expr: sql`coalesce(u.handle, '(unassigned)')`, joins: sql` left join users u on u.id = t.assignee_id` },
  org: { expr: sql`coalesce(o.name, '(none)')`, joins: sql` left join organizations o on o.id = t.org_id` },
};

function windowCondition(w: ReportWindow): SQL {
  const parts: SQL[] = [sql`true`];
  if (w.sinceMs !== null) parts.push(sql`t.created_at >= ${w.sinceMs}`);
  if (w.untilMs !== null) parts.push(sql`t.created_at < ${w.untilMs}`);
  const visible = visibilityPg(w.scope, { requesterId: sql`t.requester_id`, orgId: sql`t.org_id` });
  if (visible) parts.push(visible);
  return sql.join(parts, sql` and `);
}

const n = (condition: SQL): SQL => sql`(count(*) filter (where ${condition}))::int`;

/** Median and p90 (nearest rank, as SQLite's) of column `m` of `source`, per group `g`. */
function percentiles(source: SQL): SQL {
  return sql`select g, max(case when rn = (n + 1) / 2 then m end)::int as median, max(case when rn = (9 * n + 9) / 10 then m end)::int as p90
    from (select g, m, row_number() over (partition by g order by m) as rn, count(*) over (partition by g) as n from (${source}) s where m is not null) r
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

const clock = (group: string, f: [number, number, number, number, number, number | null, number | null]): ClockAggregate | null =>
  f[0] ? { group, stopped: f[0], withTarget: f[1], met: f[2], breached: f[3], withinHour: f[4], median: f[5], p90: f[6] } : null;

/**
 * The SLA reports of everyone's tickets read the rollups (slaRollups.ts); a scoped reader's (a
 * requester's own or organization's few tickets) the full computation.
 */
export function createPgSlaReportRepo(db: PgDb) {
  const full = createPgFullSlaReportRepo(db);
  const rollups = createPgSlaRollups(db);
  return {
    ...full,
    groups: (by: ReportDimension | 'all', w: ReportWindow) => (w.scope ? full.groups(by, w) : rollups.groups(by, w, GROUP[by])),
    levelPickups: (w: ReportWindow) => (w.scope ? full.levelPickups(w) : rollups.levelPickups(w)),
    backlogByStatusLevel: (w: ReportWindow) => (w.scope ? full.backlogByStatusLevel(w) : rollups.backlogByStatusLevel(w)),
    backlogByAssignee: (w: ReportWindow) => (w.scope ? full.backlogByAssignee(w) : rollups.backlogByAssignee(w)),
    recomputeRollups: () => rollups.recompute(),
  };
}

/** Every figure from the tickets themselves: the reference the rollups must equal (test/postgres/rollups.test.ts). */
export function createPgFullSlaReportRepo(db: PgDb) {
  const all = async <T>(query: SQL): Promise<T[]> => (await db.execute(query)).rows as T[];
  return {
    /** Every figure of every group in one statement over one materialized scan of the tickets. */
    groups: async (by: ReportDimension | 'all', w: ReportWindow): Promise<GroupAggregate[]> => {
      const g = GROUP[by];
      const now = w.nowMs;
      const rows = await all<FlatRow>(sql`with base as materialized (
          select ${g.expr} as g, t.pickup_minutes as pm, t.pickup_breached as pb, t.pickup_due_at is not null as pt,
            t.resolution_minutes as rm, t.resolution_breached as rb, t.resolution_due_at is not null as rt,
            t.status not in ('solved', 'closed') as open, t.sla_due_at < ${NO_DUE} as runs, t.sla_risk_at <= ${now} as risky,
            t.paused_since is not null as paused,
            (t.pickup_breached is true or t.resolution_breached is true or t.sla_due_at < ${now}) as br
          from tickets t${g.joins} where ${windowCondition(w)}
        ),
        counts as (
          select g, count(*)::int as tickets, ${n(sql`open`)} as open,
            ${n(sql`open and not br and runs and not risky`)} as running, ${n(sql`open and not br and runs and risky`)} as "atRisk",
            ${n(sql`open and br`)} as breached, ${n(sql`open and not br and not runs and paused`)} as paused,
            ${n(sql`pm is not null`)} as "pStopped", ${n(sql`pm is not null and pt`)} as "pWithTarget",
            ${n(sql`pm is not null and pt and pb is false`)} as "pMet", ${n(sql`pm is not null and pt and pb is true`)} as "pBreached",
            ${n(sql`pm <= 60`)} as "pWithinHour",
            ${n(sql`rm is not null`)} as "rStopped", ${n(sql`rm is not null and rt`)} as "rWithTarget",
            ${n(sql`rm is not null and rt and rb is false`)} as "rMet", ${n(sql`rm is not null and rt and rb is true`)} as "rBreached",
            ${n(sql`rm <= 60`)} as "rWithinHour"
          from base group by g
        ),
        pq as (${percentiles(sql`select g, pm as m from base`)}),
        rq as (${percentiles(sql`select g, rm as m from base`)})
        select c.g as "group", c.*, pq.median as "pMedian", pq.p90 as "pP90", rq.median as "rMedian", rq.p90 as "rP90"
        from counts c left join pq on pq.g = c.g left join rq on rq.g = c.g order by c.g`);
      return rows.map((r) => ({
        group: r.group,
        tickets: r.tickets,
        open: r.open,
        running: r.running,
        atRisk: r.atRisk,
        breached: r.breached,
        paused: r.paused,
        pickup: clock(r.group, [r.pStopped, r.pWithTarget, r.pMet, r.pBreached, r.pWithinHour, r.pMedian, r.pP90]),
        resolution: clock(r.group, [r.rStopped, r.rWithTarget, r.rMet, r.rBreached, r.rWithinHour, r.rMedian, r.rP90]),
      }));
    },
    /** Every level's own pickup clock, grouped by level. */
    levelPickups: async (w: ReportWindow): Promise<ClockAggregate[]> => {
      const source = sql`select l.level as g, l.pickup_minutes as m, (l.picked_up_at > l.pickup_due_at) as b, (l.pickup_due_at is not null) as has_target
        from ticket_levels l join tickets t on t.id = l.ticket_id where ${windowCondition(w)} and l.picked_up_at is not null`;
      return all<ClockAggregate>(sql`with clocks as materialized (${source}), pq as (${percentiles(sql`select g, m from clocks`)})
        select c.g as "group", count(*)::int as stopped, ${n(sql`has_target`)} as "withTarget", ${n(sql`has_target and b is false`)} as met,
          ${n(sql`has_target and b is true`)} as breached, ${n(sql`m <= 60`)} as "withinHour", min(pq.median) as median, min(pq.p90) as p90
        from clocks c left join pq on pq.g = c.g group by c.g order by c.g`);
    },
    backlogByStatusLevel: async (w: ReportWindow): Promise<Array<{ status: string; level: number; count: number }>> =>
      all(sql`select t.status as status, t.level as level, count(*)::int as count from tickets t
        where ${windowCondition(w)} and t.status <> 'closed' group by t.status, t.level order by 1, 2`),
    backlogByAssignee: async (w: ReportWindow): Promise<Array<{ assignee: string | null; status: string; count: number }>> =>
      all(sql`select u.handle as assignee, t.status as status, count(*)::int as count from tickets t left join users u on u.id = t.assignee_id
        where ${windowCondition(w)} and t.status in ('new', 'open', 'pending', 'on_hold') group by u.handle, t.status order by 1, 2`),
    /** Running clocks that breach in [now, until], soonest first (the tickets_sla_due index). */
    dueBetween: async (w: ReportWindow, untilMs: number, limit: number): Promise<DueClock[]> =>
      (
        await all<DueClock>(
          sql`select t.id as id, t.subject as subject, t.priority as priority, t.status as status, t.level as level, u.handle as assignee,
              t.sla_due_at as "dueAt", t.resolution_due_at as "resolutionDueAt"
            from tickets t left join users u on u.id = t.assignee_id
            where t.sla_due_at >= ${w.nowMs} and t.sla_due_at <= ${untilMs} and ${windowCondition({ ...w, sinceMs: null, untilMs: null })}
            order by t.sla_due_at, t.id limit ${limit}`,
        )
      ).map((r) => ({ ...r, dueAt: Number(r.dueAt), resolutionDueAt: r.resolutionDueAt === null ? null : Number(r.resolutionDueAt) })),
    recomputeRollups: async (): Promise<void> => {},
  };
}
