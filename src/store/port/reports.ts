// Aggregates for the SLA and backlog reports and forecast: each store computes them in SQL.
import type { Scope } from './repos.js';

export const REPORT_DIMENSIONS = ['priority', 'level', 'agent', 'org', 'type'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportWindow {
  /** Tickets created in [sinceMs, untilMs). */
  sinceMs: number | null;
  untilMs: number | null;
  nowMs: number;
  /** Whose tickets (undefined: everyone's). */
  scope: Scope;
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

export interface GroupAggregate extends OpenAggregate {
  pickup: ClockAggregate | null;
  resolution: ClockAggregate | null;
}

export interface DueClock {
  id: number;
  subject: string;
  priority: string;
  status: string;
  level: number;
  assignee: string | null;
  dueAt: number;
  resolutionDueAt: number | null;
}

export interface SlaReportRepo {
  /** Every figure of every group in one statement. */
  groups(by: ReportDimension | 'all', w: ReportWindow): GroupAggregate[];
  /** Every level's own pickup clock, grouped by level (report sla --by level). */
  levelPickups(w: ReportWindow): ClockAggregate[];
  /** Unclosed tickets by status and level. */
  backlogByStatusLevel(w: ReportWindow): Array<{ status: string; level: number; count: number }>;
  /** Unsolved tickets by assignee and status. */
  backlogByAssignee(w: ReportWindow): Array<{ assignee: string | null; status: string; count: number }>;
  /** Running clocks due in (now, until], soonest first. */
  dueBetween(w: ReportWindow, untilMs: number, limit: number): DueClock[];
  /** Rebuilds whatever the store maintains to answer the reports fast from the tickets themselves (report sla --recompute). */
  recomputeRollups(): void;
}

/** One staff member's figures for `report agents` (times in [sinceMs, untilMs) of the actions). */
export interface AgentAggregate {
  handle: string;
  role: string;
  tier: number | null;
  /** Unsolved tickets assigned now. */
  open: number;
  solved: number;
  closed: number;
  /** Pickups (at any level) in the period: met, breached or without a target. */
  pickups: number;
  pickupMet: number;
  pickupBreached: number;
  /** Of the tickets they solved in the period, those whose resolution clock met or breached its target. */
  resolutionMet: number;
  resolutionBreached: number;
  /** Medians (nearest rank) in business minutes of their pickups and of the tickets they solved, in the period; null: none. */
  pickupMedianMinutes: number | null;
  resolutionMedianMinutes: number | null;
}

export interface AgentReportRepo {
  /** Every staff member's figures in one statement, by handle. */
  agents(w: { sinceMs: number | null; untilMs: number | null }): AgentAggregate[];
}
