// `ticketty report backlog` and the TUI's backlog view: unclosed tickets by status × level, and
// unsolved tickets per assignee. Aggregated in SQL, scoped like the queue.
import { isoOrNull } from '../../domain/clock.js';
import type { Actor } from '../../domain/permissions.js';
import { LEVELS } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { reportWindow, type ReportInput } from './reportSla.js';
import { countTickets } from '../tickets/ticketQueries.js';

export const BACKLOG_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved'] as const;
const ASSIGNEE_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;

export interface BacklogReport {
  since: string | null;
  until: string | null;
  generatedAt: string;
  /** One row per status: counts at levels 1, 2, 3 and the total. */
  byStatus: Array<{ status: string; levels: Record<'1' | '2' | '3', number>; total: number }>;
  /** One row per assignee (null: unassigned), most loaded first. */
  byAssignee: Array<{ assignee: string | null; new: number; open: number; pending: number; on_hold: number; total: number }>;
  total: number;
  /** Pending tickets whose estimate awaits the customer's approval (SPEC 2.1), of those above. */
  awaitingApproval: number;
}

export function backlogReport(ctx: AppContext, actor: Actor, input: Omit<ReportInput, 'by'> = {}): BacklogReport {
  const w = reportWindow(ctx, actor, input);
  const repo = ctx.slaReport;
  const { cells, assigned } = ctx.store.read(() => ({ cells: repo.backlogByStatusLevel(w), assigned: repo.backlogByAssignee(w) }));
  const byStatus = BACKLOG_STATUSES.map((status) => {
    const levels = Object.fromEntries(
      LEVELS.map((l) => [String(l), cells.find((c) => c.status === status && c.level === l)?.count ?? 0]),
    ) as Record<'1' | '2' | '3', number>;
    return { status, levels, total: levels['1'] + levels['2'] + levels['3'] };
  });
  const people = new Map<string | null, BacklogReport['byAssignee'][number]>();
  for (const row of assigned) {
    const entry = people.get(row.assignee) ?? { assignee: row.assignee, new: 0, open: 0, pending: 0, on_hold: 0, total: 0 };
    if ((ASSIGNEE_STATUSES as readonly string[]).includes(row.status)) entry[row.status as (typeof ASSIGNEE_STATUSES)[number]] += row.count;
    entry.total += row.count;
    people.set(row.assignee, entry);
  }
  const byAssignee = [...people.values()].sort(
    (a, b) => b.total - a.total || String(a.assignee ?? '~').localeCompare(String(b.assignee ?? '~')),
  );
  const window = [
    w.sinceMs !== null ? `created>=${new Date(w.sinceMs).toISOString()}` : '',
    w.untilMs !== null ? `created<${new Date(w.untilMs).toISOString()}` : '',
  ];
  const awaitingApproval = countTickets(ctx, actor, ['status=pending and waiting=approval', ...window.filter(Boolean)].join(' and '));
  return {
    awaitingApproval,
    since: isoOrNull(w.sinceMs),
    until: isoOrNull(w.untilMs),
    generatedAt: new Date(w.nowMs).toISOString(),
    byStatus,
    byAssignee,
    total: byStatus.reduce((s, r) => s + r.total, 0),
  };
}
