// `ticketty report agents` (SPEC 8): per staff member, the open load now and, in the window (the
// last 30 days unless --since/--until), tickets solved and closed by them, their pickups within
// target and the resolution clocks of what they solved, with their medians. Staff read it; requesters are refused.
import { isoOrNull } from '../../domain/clock.js';
import { Forbidden } from '../../domain/errors.js';
import { isStaff, type Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { reportWindow, type ReportInput } from './reportSla.js';

export interface AgentRow {
  agent: string;
  role: string;
  tier: number | null;
  open: number;
  solved: number;
  closed: number;
  pickups: number;
  pickupMet: number;
  pickupBreached: number;
  pickupWithinTargetPct: number | null;
  resolutionMet: number;
  resolutionBreached: number;
  resolutionWithinTargetPct: number | null;
  /** Business minutes, nearest-rank median of their pickups and of the tickets they solved in the window. */
  pickupMedianMinutes: number | null;
  resolutionMedianMinutes: number | null;
}

export interface AgentReport {
  since: string | null;
  until: string | null;
  generatedAt: string;
  agents: AgentRow[];
}

const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export function agentReport(ctx: AppContext, actor: Actor, input: Omit<ReportInput, 'by'> = {}): AgentReport {
  if (!isStaff(actor)) throw new Forbidden('report agents is for staff');
  const w = reportWindow(ctx, actor, { ...input, since: input.since ?? '30d' });
  const rows = ctx.store.read(() => ctx.agentReport.agents(w));
  return {
    since: isoOrNull(w.sinceMs),
    until: isoOrNull(w.untilMs),
    generatedAt: isoOrNull(w.nowMs)!,
    agents: rows.map((r) => ({
      agent: r.handle,
      role: r.role,
      tier: r.tier,
      open: r.open,
      solved: r.solved,
      closed: r.closed,
      pickups: r.pickups,
      pickupMet: r.pickupMet,
      pickupBreached: r.pickupBreached,
      pickupWithinTargetPct: pct(r.pickupMet, r.pickupMet + r.pickupBreached),
      resolutionMet: r.resolutionMet,
      resolutionBreached: r.resolutionBreached,
      resolutionWithinTargetPct: pct(r.resolutionMet, r.resolutionMet + r.resolutionBreached),
      pickupMedianMinutes: r.pickupMedianMinutes,
      resolutionMedianMinutes: r.resolutionMedianMinutes,
    })),
  };
}
