// PostgreSQL twin of src/store/sqlite/repos/slaRollups.ts: report sla and report backlog from the
// rollups of drizzle/pg/0004_report_rollups.sql (report_days, report_minutes, report_backlog, kept
// by triggers in the transaction of every change; since 0007 a change appends rows of its own,
// which every read here sums by key, and automate folds). A window reads whole created days from the
// rollups and its partial first and last days from tickets; medians and p90 are exact, from merged
// histograms of integer minutes. Open figures depend on now: read live from the unsolved tickets.
// grp is text here: levels and ids come back as numbers, as the full computation returns them.
import { sql, type SQL } from 'drizzle-orm';
import type { ClockAggregate, GroupAggregate, ReportDimension, ReportWindow } from '../../port/index.js';
import { NO_DUE } from '../../port/rows.js';
import type { PgDb } from './db.js';

const DAY_MS = 86_400_000;
const FIRST_DAY = 0;
const LAST_DAY = 1e9;

type Dimension = ReportDimension | 'all' | 'level_pickup';
type Key = string | number;

/** The key a rollup stores per dimension, as text (ids, not names: a rename moves no rollup row). */
const RAW_KEY: Record<ReportDimension | 'all', SQL> = {
  all: sql`'all'`,
  priority: sql`t.priority`,
  level: sql`t.level::text`,
  agent: sql`coalesce(t.assignee_id, 0)::text`,
  org: sql`coalesce(t.org_id, 0)::text`,
  type: sql`t.type`,
};
const NUMERIC_KEYS = new Set<Dimension>(['level', 'agent', 'org', 'level_pickup']);
const keyOf = (by: Dimension, grp: string): Key => (NUMERIC_KEYS.has(by) ? Number(grp) : grp);

interface DayWindow {
  firstDay: number;
  endDay: number;
  edges: Array<[number, number]>;
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
type Counts = Record<(typeof COUNT_NAMES)[number], number>;

interface Group {
  counts: Counts;
  pickup: Map<number, number>;
  resolution: Map<number, number>;
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

/** The count columns of a rollup or ticket scan, as ints. */
const COUNTS_OF_DAYS = sql`sum(tickets)::int as "tickets", sum(p_stopped)::int as "pStopped", sum(p_with_target)::int as "pWithTarget",
  sum(p_met)::int as "pMet", sum(p_breached)::int as "pBreached", sum(p_within_hour)::int as "pWithinHour", sum(r_stopped)::int as "rStopped",
  sum(r_with_target)::int as "rWithTarget", sum(r_met)::int as "rMet", sum(r_breached)::int as "rBreached", sum(r_within_hour)::int as "rWithinHour"`;
const n = (condition: SQL): SQL => sql`(count(*) filter (where ${condition}))::int`;

export function createPgSlaRollups(db: PgDb) {
  const all = async <T>(query: SQL): Promise<T[]> => (await db.execute(query)).rows as T[];
  const names = async (by: ReportDimension | 'all', keys: Key[]): Promise<Map<Key, string | number>> => {
    const ids = keys.filter((k): k is number => typeof k === 'number' && k > 0);
    const found = new Map<Key, string | number>();
    if (by === 'agent' || by === 'org') {
      const list = sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      );
      const rows =
        ids.length === 0
          ? []
          : by === 'agent'
            ? await all<{ id: number; name: string }>(sql`select id, handle as name from users where id in (${list})`)
            : await all<{ id: number; name: string }>(sql`select id, name from organizations where id in (${list})`);
      for (const r of rows) found.set(r.id, r.name);
      for (const k of keys) if (!found.has(k)) found.set(k, by === 'agent' ? '(unassigned)' : '(none)');
    } else for (const k of keys) found.set(k, k);
    return found;
  };

  async function gather(by: Dimension, w: ReportWindow, histogramsInJs: boolean): Promise<Map<Key, Group>> {
    const d = dayWindow(w);
    const groups = new Map<Key, Group>();
    const group = (grp: string): Group => {
      const key = keyOf(by, grp);
      let g = groups.get(key);
      if (!g) {
        g = { counts: Object.fromEntries(COUNT_NAMES.map((c) => [c, 0])) as Counts, pickup: new Map(), resolution: new Map(), ranked: {} };
        groups.set(key, g);
      }
      return g;
    };
    const addCounts = (rows: Array<Counts & { grp: string }>) => {
      for (const r of rows) for (const c of COUNT_NAMES) group(r.grp).counts[c] += r[c];
    };
    const addMinutes = (rows: Array<{ grp: string; clock: 'p' | 'r'; minutes: number; n: number }>) => {
      for (const r of rows) {
        const h = group(r.grp)[r.clock === 'p' ? 'pickup' : 'resolution'];
        h.set(r.minutes, (h.get(r.minutes) ?? 0) + r.n);
      }
    };
    if (d.endDay > d.firstDay) {
      addCounts(
        await all(
          sql`select grp, ${COUNTS_OF_DAYS} from report_days where dim = ${by} and day >= ${d.firstDay} and day < ${d.endDay} group by grp`,
        ),
      );
      const days = d.everything ? sql`day = -1` : sql`day >= ${d.firstDay} and day < ${d.endDay}`;
      // For this transaction only. A window's histograms are a million rows in tens of thousands of
      // (group, minutes): within a few MB of work_mem the planner sorts them on disk, with room it
      // hashes them (bench demo, with 0008's covering key: 1.37 -> 0.63 s). Its cost also turns on
      // JIT, whose first use in a connection (every CLI report) loads LLVM: 90 ms to plain sums.
      await db.execute(sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
      if (d.edges.length === 0 && !histogramsInJs) {
        // Nearest rank over the running sum of each group's histogram, as the full computation ranks
        // rows (bigint: a sum of bigints is numeric, whose division would not truncate).
        const ranked = await all<{ grp: string; clock: 'p' | 'r'; median: number | null; p90: number | null }>(sql`with h as (
            select grp, clock, minutes, sum(n) as n from report_minutes where dim = ${by} and clock in ('p', 'r') and ${days}
            group by clock, grp, minutes having sum(n) <> 0),
          c as (select grp, clock, minutes, (sum(n) over (partition by clock, grp order by minutes rows unbounded preceding))::bigint as cum,
            (sum(n) over (partition by clock, grp))::bigint as total from h)
          select grp, clock, min(case when cum >= (total + 1) / 2 then minutes end) as median,
            min(case when cum >= (9 * total + 9) / 10 then minutes end) as p90 from c group by clock, grp`);
        for (const r of ranked) group(r.grp).ranked[r.clock] = { median: r.median, p90: r.p90 };
      } else
        addMinutes(
          await all(sql`select grp, clock, minutes, sum(n)::int as n from report_minutes where dim = ${by} and clock in ('p', 'r') and ${days}
            group by clock, grp, minutes`),
        );
    }
    if (d.edges.length > 0 && by === 'level_pickup') {
      const where = edgeCondition(d.edges);
      const has = sql`l.pickup_due_at is not null`;
      addCounts(
        await all(sql`select l.level::text as grp, 0 as "tickets", count(*)::int as "pStopped", ${n(has)} as "pWithTarget",
          ${n(sql`${has} and not (l.picked_up_at > l.pickup_due_at)`)} as "pMet", ${n(sql`${has} and l.picked_up_at > l.pickup_due_at`)} as "pBreached",
          ${n(sql`l.pickup_minutes <= 60`)} as "pWithinHour", 0 as "rStopped", 0 as "rWithTarget", 0 as "rMet", 0 as "rBreached", 0 as "rWithinHour"
          from ticket_levels l join tickets t on t.id = l.ticket_id where (${where}) and l.picked_up_at is not null group by l.level`),
      );
      addMinutes(
        await all(sql`select l.level::text as grp, 'p' as clock, l.pickup_minutes as minutes, count(*)::int as n from ticket_levels l join tickets t on t.id = l.ticket_id
          where (${where}) and l.picked_up_at is not null and l.pickup_minutes is not null group by l.level, l.pickup_minutes`),
      );
    } else if (d.edges.length > 0 && by !== 'level_pickup') {
      const key = RAW_KEY[by];
      const where = edgeCondition(d.edges);
      const p = sql`t.pickup_minutes is not null and t.pickup_due_at is not null`;
      const r = sql`t.resolution_minutes is not null and t.resolution_due_at is not null`;
      addCounts(
        await all(sql`select ${key} as grp, count(*)::int as "tickets", ${n(sql`t.pickup_minutes is not null`)} as "pStopped", ${n(p)} as "pWithTarget",
          ${n(sql`${p} and t.pickup_breached is false`)} as "pMet", ${n(sql`${p} and t.pickup_breached is true`)} as "pBreached",
          ${n(sql`t.pickup_minutes <= 60`)} as "pWithinHour", ${n(sql`t.resolution_minutes is not null`)} as "rStopped", ${n(r)} as "rWithTarget",
          ${n(sql`${r} and t.resolution_breached is false`)} as "rMet", ${n(sql`${r} and t.resolution_breached is true`)} as "rBreached",
          ${n(sql`t.resolution_minutes <= 60`)} as "rWithinHour"
          from tickets t where ${where} group by 1`),
      );
      addMinutes(
        await all(sql`select ${key} as grp, 'p' as clock, t.pickup_minutes as minutes, count(*)::int as n from tickets t where (${where}) and t.pickup_minutes is not null group by 1, 3
          union all select ${key} as grp, 'r' as clock, t.resolution_minutes as minutes, count(*)::int as n from tickets t where (${where}) and t.resolution_minutes is not null group by 1, 3`),
      );
    }
    return groups;
  }

  async function backlogRows(w: ReportWindow, rollupWhere: SQL, ticketWhere: SQL, by: 'level' | 'assignee') {
    const d = dayWindow(w);
    const rows: Array<{ status: string; key: number; count: number }> = [];
    if (d.endDay > d.firstDay)
      rows.push(
        ...(await all<{
          status: string;
          key: number;
          count: number;
        }>(sql`select status, ${sql.raw(by)} as key, sum(n)::int as count from report_backlog
          where ${rollupWhere} and day >= ${d.firstDay} and day < ${d.endDay} group by status, ${sql.raw(by)}`)),
      );
    if (d.edges.length > 0)
      rows.push(
        ...(await all<{ status: string; key: number; count: number }>(sql`select t.status as status,
            ${by === 'level' ? sql`t.level` : sql`coalesce(t.assignee_id, 0)`} as key, count(*)::int as count
          from tickets t where (${edgeCondition(d.edges)}) and ${ticketWhere} group by 1, 2`)),
      );
    return rows;
  }

  const rollups = {
    /** report sla's figures per group, as the full computation gives them, for everyone's tickets. */
    async groups(
      by: ReportDimension | 'all',
      w: ReportWindow,
      groupExpr: { expr: SQL; joins: SQL },
      histogramsInJs = false,
    ): Promise<GroupAggregate[]> {
      const raw = await gather(by, w, histogramsInJs);
      const display = await names(by, [...raw.keys()]);
      // Two keys may share a display name (two organizations named alike): merged, as a GROUP BY name does.
      const merged = new Map<string | number, Group>();
      for (const [key, g] of raw) {
        if (g.counts.tickets === 0) continue;
        const name = display.get(key)!;
        const into = merged.get(name);
        if (!into) merged.set(name, g);
        else if (!histogramsInJs)
          return rollups.groups(by, w, groupExpr, true); // rank the merged histograms
        else {
          for (const c of COUNT_NAMES) into.counts[c] += g.counts[c];
          for (const clock of ['pickup', 'resolution'] as const)
            for (const [m, k] of g[clock]) into[clock].set(m, (into[clock].get(m) ?? 0) + k);
        }
      }
      const now = w.nowMs;
      const openRows = await all<{ g: string | number; open: number; running: number; atRisk: number; breached: number; paused: number }>(
        sql`select ${groupExpr.expr} as g, count(*)::int as open, ${n(sql`not br and runs and not risky`)} as running,
            ${n(sql`not br and runs and risky`)} as "atRisk", ${n(sql`br`)} as breached, ${n(sql`not br and not runs and paused`)} as paused
          from (select t.priority, t.level, t.type, t.assignee_id, t.org_id, t.sla_due_at < ${NO_DUE} as runs, t.sla_risk_at <= ${now} as risky,
              t.paused_since is not null as paused, coalesce(t.pickup_breached is true or t.resolution_breached is true or t.sla_due_at < ${now}, false) as br
            from tickets t where t.status in ('new', 'open', 'pending', 'on_hold')
              and (${w.sinceMs === null ? sql`true` : sql`t.created_at >= ${w.sinceMs}`}) and (${w.untilMs === null ? sql`true` : sql`t.created_at < ${w.untilMs}`})) t${groupExpr.joins}
          group by 1`,
      );
      const open = new Map(openRows.map((r) => [r.g, r]));
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
    async levelPickups(w: ReportWindow): Promise<ClockAggregate[]> {
      return [...(await gather('level_pickup', w, false))].flatMap(([level, g]) => {
        const figures = clockOf(level as string, g, 'p');
        return figures ? [figures] : [];
      });
    },
    async backlogByStatusLevel(w: ReportWindow): Promise<Array<{ status: string; level: number; count: number }>> {
      const cells = new Map<string, { status: string; level: number; count: number }>();
      for (const r of await backlogRows(w, sql`status <> 'closed'`, sql`t.status <> 'closed'`, 'level')) {
        const key = `${r.status}\u0000${r.key}`;
        const cell = cells.get(key) ?? { status: r.status, level: r.key, count: 0 };
        cell.count += r.count;
        cells.set(key, cell);
      }
      return [...cells.values()].filter((c) => c.count !== 0);
    },
    async backlogByAssignee(w: ReportWindow): Promise<Array<{ assignee: string | null; status: string; count: number }>> {
      const rows = await backlogRows(
        w,
        sql`status in ('new', 'open', 'pending', 'on_hold')`,
        sql`t.status in ('new', 'open', 'pending', 'on_hold')`,
        'assignee',
      );
      const handles = await names('agent', [...new Set(rows.map((r) => r.key))]);
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
    /** Rebuilds every rollup from the tickets (report sla --recompute): the migration's own function. */
    async recompute(): Promise<void> {
      await db.execute(sql`select report_rollups_recompute()`);
    },
  };
  return rollups;
}
