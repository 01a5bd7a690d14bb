// What a page of ticket summaries needs besides its rows (app/tickets/ticketQueries.ts
// `summarize`): asked as one repository call, so that a store behind a round trip (PostgreSQL's
// worker bridge) answers a queue page's lookups in one, not five.
import type { LevelRow, OrgRow, TicketRow, UserRow } from './rows.js';

export type SummaryKeys = Pick<TicketRow, 'id' | 'requesterId' | 'assigneeId' | 'orgId'>;

export interface SummaryLookups {
  tags: Map<number, string[]>;
  /** Watchers' user ids per ticket. */
  watchers: Map<number, number[]>;
  levels: Map<number, LevelRow[]>;
  /** The requesters, assignees and watchers of the rows. */
  users: UserRow[];
  organizations: OrgRow[];
}

/** The user ids a page names: requesters, assignees, watchers. */
export function namedUserIds(rows: SummaryKeys[], watchers: Map<number, number[]>): number[] {
  const ids = new Set<number>();
  for (const r of rows) {
    ids.add(r.requesterId);
    if (r.assigneeId !== null) ids.add(r.assigneeId);
    for (const w of watchers.get(r.id) ?? []) ids.add(w);
  }
  return [...ids];
}

export const namedOrgIds = (rows: SummaryKeys[]): number[] => [...new Set(rows.map((r) => r.orgId).filter((x): x is number => x !== null))];

/** The lookups from a store's own queries, for a store that answers each at once (SQLite). */
export function summaryLookupsFrom(
  rows: SummaryKeys[],
  tickets: {
    tagsOf(ids: number[]): Map<number, string[]>;
    watchersOf(ids: number[]): Map<number, number[]>;
    levelsOfTickets(ids: number[]): Map<number, LevelRow[]>;
  },
  people: { usersByIds(ids: number[]): UserRow[]; orgsByIds(ids: number[]): OrgRow[] },
): SummaryLookups {
  const ids = rows.map((r) => r.id);
  const watchers = tickets.watchersOf(ids);
  return {
    tags: tickets.tagsOf(ids),
    watchers,
    levels: tickets.levelsOfTickets(ids),
    users: people.usersByIds(namedUserIds(rows, watchers)),
    organizations: people.orgsByIds(namedOrgIds(rows)),
  };
}
