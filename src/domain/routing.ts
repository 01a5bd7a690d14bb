// Routing (SPEC 6): who gets a ticket that enters a level. Pure: the app layer supplies the people,
// their load and when each was last routed a ticket.
import { LEVELS, type Level } from './types.js';

export interface RoutingCandidate {
  id: number;
  handle: string;
  away: boolean;
  /** Unsolved tickets assigned to them at the level. */
  load: number;
  /** When routing last gave them a ticket at this level (a turn counter), null if never: the round robin. */
  lastRoutedAt: number | null;
  /** Tickets of the ticket's organization they have been assigned (project tickets only). */
  handledForOrg?: number;
}

export interface RoutingInput {
  /** Staff who handle the level (admins excluded: they administer, they are not in the rotation). */
  candidates: RoutingCandidate[];
  /** `project` tickets go to whoever handled the most tickets of the organization. */
  project: boolean;
  /** A follow-up keeps the assignee of the ticket it follows, when they can take it. */
  previousAssigneeId: number | null;
}

export interface RoutingChoice {
  candidate: RoutingCandidate;
  why: 'previous assignee' | 'most tickets of the organization' | 'least loaded';
}

/** Least loaded first; among equals, whoever waited longest since their last routed ticket; then by id. */
export function fairnessOrder(a: RoutingCandidate, b: RoutingCandidate): number {
  return a.load - b.load || (a.lastRoutedAt ?? -Infinity) - (b.lastRoutedAt ?? -Infinity) || a.id - b.id;
}

/** The staff member to assign, or undefined when nobody is available (everyone away, or nobody handles the level). */
export function pickAssignee(input: RoutingInput): RoutingChoice | undefined {
  const available = input.candidates.filter((c) => !c.away);
  if (!available.length) return undefined;
  if (input.previousAssigneeId !== null) {
    const previous = available.find((c) => c.id === input.previousAssigneeId);
    if (previous) return { candidate: previous, why: 'previous assignee' };
  }
  if (input.project) {
    const most = Math.max(...available.map((c) => c.handledForOrg ?? 0));
    if (most > 0) {
      const best = available.filter((c) => (c.handledForOrg ?? 0) === most).sort(fairnessOrder)[0]!;
      return { candidate: best, why: 'most tickets of the organization' };
    }
  }
  return { candidate: [...available].sort(fairnessOrder)[0]!, why: 'least loaded' };
}

/** `routing.levels`: `2,3`, `all`, `none`/`off` → the levels routed, ascending. */
export function parseRoutingLevels(text: string): Level[] {
  const value = text.trim().toLowerCase();
  if (value === 'all' || value === 'on') return [...LEVELS];
  if (value === 'none' || value === 'off' || value === '') return [];
  const levels = new Set<Level>();
  for (const part of value.split(/[\s,]+/).filter(Boolean)) {
    const n = Number(part.replace(/^l/, ''));
    if (n !== 1 && n !== 2 && n !== 3) throw new Error(`bad level '${part}': list levels 1, 2, 3 (e.g. 2,3), or all, or none`);
    levels.add(n);
  }
  return [...levels].sort();
}
