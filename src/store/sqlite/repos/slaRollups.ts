// report sla and report backlog from the rollups of migration 0010 (report_days, report_minutes,
// report_backlog: triggers on tickets keep them in the transaction of every change). A window
// reads whole created days from the rollups and its partial first and last days from tickets (by
// the created_at index); medians and p90 are exact, from merged histograms of integer minutes.
// Open figures depend on now, so they are read live from the few unsolved tickets.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { NO_DUE } from '../schema/tickets.js';
import { REBUILD_ROLLUPS } from './slaRollupsRebuild.js';
import type { ClockAggregate, GroupAggregate, ReportDimension, ReportWindow } from '../../port/index.js';

const DAY_MS = 86_400_000;
/** Before any created day, and after: the bounds of an open-ended window. */
const FIRST_DAY = 0;
const LAST_DAY = 1e9;

/** A report dimension, or every level's own pickup clock (report sla --by level). */
type Dimension = ReportDimension | 'all' | 'level_pickup';

/** The key a rollup stores per dimension (ids, not names: a rename moves no rollup row). */
const RAW_KEY: Record<ReportDimension | 'all', SQL> = {
  all: sql`'all'`,
  priority: sql`t.priority`,
  level: sql`t.level`,
  agent: sql`coalesce(t.assignee_id, 0)`,
  org: sql`coalesce(t.org_id, 0)`,
  type: sql`t.type`,
};

type Key = string | number;
interface DayWindow {
  /** Whole created days [firstDay, endDay). */
  firstDay: number;
  endDay: number;
  /** created_at ranges [from, to) read from tickets: the partial days at either end. */
  edges: Array<[number, number]>;
  /** Every day of the history: the histograms' day -1 rows serve. */
  everything: boolean;
}

function dayWindow(w: ReportWindow): DayWindow {
  const firstDay = w.sinceMs === null ? FIRST_DAY : Math.ceil(w.sinceMs / DAY_MS);
  const endDay = w.untilMs === null ? LAST_DAY : Math.floor(w.untilMs / DAY_MS);
  if (firstDay >= endDay)
    return { firstDay: 0, endDay: 0, edges: [[w.sinceMs ?? 0, w.untilMs ?? Number.MAX_SAFE_INTEGER]], everything: false };
  const edges: Array<[number, number]> = [];
  if (w.sinceMs !== null && w.sinceMs < firstDay * DAY_MS) edges.push([w.sinceMs, firstDay * DAY_MS]);
  if (w.untilMs !== null && endDay * DAY_MS < w.untilMs) edges.push([endDay * DAY_MS, w.untilMs]);
  return { firstDay, endDay, edges, everything: w.sinceMs === null && w.untilMs === null };
}

const edgeCondition = (edges: Array<[number, number]>): SQL =>
  sql.join(
    edges.map(([from, to]) => sql`(t.created_at >= ${from} and t.created_at < ${to})`),
    sql` or `,
  );

interface Counts {
  tickets: number;
  pStopped: number;
  pWithTarget: number;
  pMet: number;
  pBreached: number;
  pWithinHour: number;
  rStopped: number;
  rWithTarget: number;
  rMet: number;
  rBreached: number;
  rWithinHour: number;
}
const COUNT_NAMES = [
  'tickets',
  'pStopped',
  'pWithTarget',
  'pMet',
  'pBreached',
  'pWithinHour',
  'rStopped',
  'rWithTarget',
  'rMet',
  'rBreached',
  'rWithinHour',
] as const;

interface Group {
  counts: Counts;
  pickup: Map<number, number>;
  resolution: Map<number, number>;
  /** Median and p90 ranked in SQL (a window of whole days: no histogram crosses to JS). */
  ranked: Partial<Record<'p' | 'r', { median: number | null; p90: number | null }>>;
}

/** Nearest-rank median and p90 of a histogram of n values (the full computation's ranks). */
function percentiles(histogram: Map<number, number>, n: number): { median: number | null; p90: number | null } {
  const ranks = [Math.floor((n + 1) / 2), Math.floor((9 * n + 9) / 10)];
  const found: Array<number | null> = [null, null];
  let seen = 0;
  for (const m of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(m)!;
    ranks.forEach((rank, i) => {
      if (found[i] === null && rank >= 1 && seen >= rank) found[i] = m;
    });
    if (found[1] !== null) break;
  }
  return { median: found[0] ?? null, p90: found[1] ?? null };
}

/** A clock's figures of a group, with its median and p90; null when no clock stopped. */
function clockOf(group: string, g: Group, c: 'p' | 'r'): ClockAggregate | null {
  const k = g.counts;
  const stopped = c === 'p' ? k.pStopped : k.rStopped;
  if (!stopped) return null;
  const figures =
    c === 'p'
      ? { withTarget: k.pWithTarget, met: k.pMet, breached: k.pBreached, withinHour: k.pWithinHour }
      : { withTarget: k.rWithTarget, met: k.rMet, breached: k.rBreached, withinHour: k.rWithinHour };
  return { group, stopped, ...figures, ...(g.ranked[c] ?? percentiles(c === 'p' ? g.pickup : g.resolution, stopped)) };
}

export function createSlaRollups(db: Db) {
  const all = <T>(query: SQL): T[] => db.all<T>(query);
  const names = (by: ReportDimension | 'all', keys: Key[]): Map<Key, string | number> => {
    const ids = keys.filter((k): k is number => typeof k === 'number' && k > 0);
    const found = new Map<Key, string | number>();
    if (by === 'agent' || by === 'org') {
      const rows =
        ids.length === 0
          ? []
          : by === 'agent'
            ? all<{ id: number; name: string }>(sql`select id, handle as name from users where id in ${ids}`)
            : all<{ id: number; name: string }>(sql`select id, name from organizations where id in ${ids}`);
      for (const r of rows) found.set(r.id, r.name);
      for (const k of keys) if (!found.has(k)) found.set(k, by === 'agent' ? '(unassigned)' : '(none)');
    } else for (const k of keys) found.set(k, k);
    return found;
  };

  /** Counts and histograms per raw key over the whole days and the edges of the window. */
  function gather(by: Dimension, w: ReportWindow, histogramsInJs: boolean): Map<Key, Group> {
    const d = dayWindow(w);
    const groups = new Map<Key, Group>();
    const group = (key: Key): Group => {
      let g = groups.get(key);
      if (!g) {
        g = {
          counts: Object.fromEntries(COUNT_NAMES.map((c) => [c, 0])) as unknown as Counts,
          pickup: new Map(),
          resolution: new Map(),
          ranked: {},
        };
        groups.set(key, g);
      }
      return g;
    };
    const addCounts = (rows: Array<Counts & { grp: Key }>) => {
      for (const r of rows) for (const c of COUNT_NAMES) group(r.grp).counts[c] += r[c];
    };
    const addMinutes = (rows: Array<{ grp: Key; clock: 'p' | 'r'; minutes: number; n: number }>) => {
      for (const r of rows) {
        const h = group(r.grp)[r.clock === 'p' ? 'pickup' : 'resolution'];
        h.set(r.minutes, (h.get(r.minutes) ?? 0) + r.n);
      }
    };
    if (d.endDay > d.firstDay) {
      addCounts(
        all(sql`select grp, sum(tickets) as tickets, sum(p_stopped) as pStopped, sum(p_with_target) as pWithTarget, sum(p_met) as pMet,
          sum(p_breached) as pBreached, sum(p_within_hour) as pWithinHour, sum(r_stopped) as rStopped, sum(r_with_target) as rWithTarget,
          sum(r_met) as rMet, sum(r_breached) as rBreached, sum(r_within_hour) as rWithinHour
          from report_days where dim = ${by} and day >= ${d.firstDay} and day < ${d.endDay} group by grp`),
      );
      const days = d.everything ? sql`day = -1` : sql`day >= ${d.firstDay} and day < ${d.endDay}`;
      if (d.edges.length === 0 && !histogramsInJs) {
        // Nearest rank over the running sum of each group's histogram, as the full computation ranks rows.
        for (const r of all<{ grp: Key; clock: 'p' | 'r'; median: number | null; p90: number | null }>(sql`with h as (
              select grp, clock, minutes, sum(n) as n from report_minutes where dim = ${by} and clock in ('p', 'r') and ${days}
              group by clock, grp, minutes having sum(n) <> 0),
            c as (select grp, clock, minutes, sum(n) over (partition by clock, grp order by minutes rows unbounded preceding) as cum,
              sum(n) over (partition by clock, grp) as total from h)
            select grp, clock, min(case when cum >= (total + 1) / 2 then minutes end) as median,
              min(case when cum >= (9 * total + 9) / 10 then minutes end) as p90 from c group by clock, grp`))
          group(r.grp).ranked[r.clock] = { median: r.median, p90: r.p90 };
      } else
        addMinutes(
          all(sql`select grp, clock, minutes, sum(n) as n from report_minutes where dim = ${by} and clock in ('p', 'r') and ${days}
            group by clock, grp, minutes`),
        );
    }
    if (d.edges.length > 0 && by === 'level_pickup') {
      // Each level's own pickup clock (ticket_levels), as the full computation's levelPickups counts it.
      const where = edgeCondition(d.edges);
      addCounts(
        all(sql`select l.level as grp, 0 as tickets, count(*) as pStopped, sum(l.pickup_due_at is not null) as pWithTarget,
          sum(coalesce(l.pickup_due_at is not null and not (l.picked_up_at > l.pickup_due_at), 0)) as pMet,
          sum(coalesce(l.pickup_due_at is not null and l.picked_up_at > l.pickup_due_at, 0)) as pBreached,
          sum(coalesce(l.pickup_minutes <= 60, 0)) as pWithinHour, 0 as rStopped, 0 as rWithTarget, 0 as rMet, 0 as rBreached, 0 as rWithinHour
          from ticket_levels l join tickets t on t.id = l.ticket_id where (${where}) and l.picked_up_at is not null group by grp`),
      );
      addMinutes(
        all(sql`select l.level as grp, 'p' as clock, l.pickup_minutes as minutes, count(*) as n from ticket_levels l join tickets t on t.id = l.ticket_id
          where (${where}) and l.picked_up_at is not null and l.pickup_minutes is not null group by grp, minutes`),
      );
    } else if (d.edges.length > 0 && by !== 'level_pickup') {
      const key = RAW_KEY[by];
      const where = edgeCondition(d.edges);
      addCounts(
        all(sql`select ${key} as grp, count(*) as tickets, sum(t.pickup_minutes is not null) as pStopped,
          sum(t.pickup_minutes is not null and t.pickup_due_at is not null) as pWithTarget,
          sum(coalesce(t.pickup_minutes is not null and t.pickup_due_at is not null and t.pickup_breached = 0, 0)) as pMet,
          sum(coalesce(t.pickup_minutes is not null and t.pickup_due_at is not null and t.pickup_breached = 1, 0)) as pBreached,
          sum(coalesce(t.pickup_minutes <= 60, 0)) as pWithinHour, sum(t.resolution_minutes is not null) as rStopped,
          sum(t.resolution_minutes is not null and t.resolution_due_at is not null) as rWithTarget,
          sum(coalesce(t.resolution_minutes is not null and t.resolution_due_at is not null and t.resolution_breached = 0, 0)) as rMet,
          sum(coalesce(t.resolution_minutes is not null and t.resolution_due_at is not null and t.resolution_breached = 1, 0)) as rBreached,
          sum(coalesce(t.resolution_minutes <= 60, 0)) as rWithinHour
          from tickets t where ${where} group by grp`),
      );
      addMinutes(
        all(sql`select ${key} as grp, 'p' as clock, t.pickup_minutes as minutes, count(*) as n from tickets t where (${where}) and t.pickup_minutes is not null group by grp, minutes
          union all select ${key} as grp, 'r' as clock, t.resolution_minutes as minutes, count(*) as n from tickets t where (${where}) and t.resolution_minutes is not null group by grp, minutes`),
      );
    }
    return groups;
  }

  return {
    /** report sla's figures per group, as the full computation gives them, for everyone's tickets. */
    groups(by: ReportDimension | 'all', w: ReportWindow, groupExpr: { expr: SQL; joins: SQL }, histogramsInJs = false): GroupAggregate[] {
      const raw = gather(by, w, histogramsInJs);
      const display = names(by, [...raw.keys()]);
      // Two keys may share a display name (two organizations named alike): merged, as a GROUP BY name does.
      const merged = new Map<string | number, Group>();
      for (const [key, g] of raw) {
        if (g.counts.tickets === 0) continue;
        const name = display.get(key)!;
        const into = merged.get(name);
        if (!into) merged.set(name, g);
        else if (!histogramsInJs)
          return this.groups(by, w, groupExpr, true); // percentiles ranked per key: rank the merged histograms
        else {
          for (const c of COUNT_NAMES) into.counts[c] += g.counts[c];
          for (const clock of ['pickup', 'resolution'] as const)
            for (const [m, n] of g[clock]) into[clock].set(m, (into[clock].get(m) ?? 0) + n);
        }
      }
      const open = new Map(
        all<{ g: string | number; open: number; running: number; atRisk: number; breached: number; paused: number }>(
          sql`select ${groupExpr.expr} as g, count(*) as open,
            sum(not br and runs and not risky) as running, sum(not br and runs and risky) as atRisk, sum(br) as breached, sum(not br and not runs and paused) as paused
          from (select t.priority, t.level, t.type, t.assignee_id, t.org_id, t.sla_due_at < ${NO_DUE} as runs, t.sla_risk_at <= ${w.nowMs} as risky, t.paused_since is not null as paused,
              (t.pickup_breached is 1 or t.resolution_breached is 1 or t.sla_due_at < ${w.nowMs}) as br
            from tickets t where t.status in ('new', 'open', 'pending', 'on_hold')
              and (${w.sinceMs === null ? sql`1` : sql`t.created_at >= ${w.sinceMs}`}) and (${w.untilMs === null ? sql`1` : sql`t.created_at < ${w.untilMs}`})) t${groupExpr.joins}
          group by g`,
        ).map((r) => [r.g, r]),
      );
      return [...merged].map(([name, g]) => {
        const o = open.get(name);
        const group = name as string; // a level stays a number, as the full computation returns it
        return {
          group,
          tickets: g.counts.tickets,
          open: o?.open ?? 0,
          running: o?.running ?? 0,
          atRisk: o?.atRisk ?? 0,
          breached: o?.breached ?? 0,
          paused: o?.paused ?? 0,
          pickup: clockOf(group, g, 'p'),
          resolution: clockOf(group, g, 'r'),
        };
      });
    },
    /** Every level's own pickup clock, grouped by level (report sla --by level). */
    levelPickups(w: ReportWindow): ClockAggregate[] {
      return [...gather('level_pickup', w, false)].flatMap(([level, g]) => {
        const figures = clockOf(level as string, g, 'p'); // a level stays a number, as the full computation returns it
        return figures ? [figures] : [];
      });
    },
    /** Unclosed tickets by status and level. */
    backlogByStatusLevel(w: ReportWindow): Array<{ status: string; level: number; count: number }> {
      const cells = new Map<string, { status: string; level: number; count: number }>();
      for (const r of backlogRows(w, sql`status <> 'closed'`, sql`t.status <> 'closed'`, 'level')) {
        const key = `${r.status}\u0000${r.key}`;
        const cell = cells.get(key) ?? { status: r.status, level: r.key, count: 0 };
        cell.count += r.count;
        cells.set(key, cell);
      }
      return [...cells.values()].filter((c) => c.count !== 0);
    },
    /** Unsolved tickets by assignee and status. */
    backlogByAssignee(w: ReportWindow): Array<{ assignee: string | null; status: string; count: number }> {
      const rows = backlogRows(
        w,
        sql`status in ('new', 'open', 'pending', 'on_hold')`,
        sql`t.status in ('new', 'open', 'pending', 'on_hold')`,
        'assignee',
      );
      const handles = names('agent', [...new Set(rows.map((r) => r.key))]);
      const cells = new Map<string, { assignee: string | null; status: string; count: number }>();
      for (const r of rows) {
        const assignee = r.key === 0 ? null : (handles.get(r.key) as string);
        const key = `${r.status}\u0000${assignee}`;
        const cell = cells.get(key) ?? { assignee, status: r.status, count: 0 };
        cell.count += r.count;
        cells.set(key, cell);
      }
      return [...cells.values()].filter((c) => c.count !== 0);
    },
    /** Rebuilds every rollup from the tickets table (report sla --recompute). */
    recompute(): void {
      for (const statement of REBUILD_ROLLUPS) db.run(sql.raw(statement));
    },
  };

  function backlogRows(w: ReportWindow, rollupWhere: SQL, ticketWhere: SQL, by: 'level' | 'assignee') {
    const d = dayWindow(w);
    const rows: Array<{ status: string; key: number; count: number }> = [];
    if (d.endDay > d.firstDay)
      rows.push(
        ...all<{ status: string; key: number; count: number }>(sql`select status, ${sql.raw(by)} as key, sum(n) as count from report_backlog
          where ${rollupWhere} and day >= ${d.firstDay} and day < ${d.endDay} group by status, key`),
      );
    if (d.edges.length > 0)
      rows.push(
        ...all<{
          status: string;
          key: number;
          count: number;
        }>(sql`select t.status as status, ${by === 'level' ? sql`t.level` : sql`coalesce(t.assignee_id, 0)`} as key, count(*) as count
          from tickets t where (${edgeCondition(d.edges)}) and ${ticketWhere} group by status, key`),
      );
    return rows;
  }
}
