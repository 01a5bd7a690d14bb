// The queue tabs of SPEC 9 as filters in the language of SPEC 8, per actor, plus saved views.
import type { Actor } from '../../domain/permissions.js';
import { SORT_KEYS, type Sort, type SortKey } from '../../store/port/index.js';

export interface QueueTab {
  id: string;
  title: string;
  /** The tab's own filter (the user's search and filter are added to it). */
  filter: string;
  /** True for a saved view from the user's config. */
  saved?: boolean;
}

export interface SavedView {
  name: string;
  filter: string;
}

const OPEN = 'status in (new, open, pending, on_hold)';

/** The built-in tabs, in order, then the saved views. */
export function queueTabs(actor: Actor, savedViews: readonly SavedView[] = []): QueueTab[] {
  // Requesters see their own tickets only (the scope says so too): open ones and the rest.
  const tabs: QueueTab[] =
    actor.role === 'requester'
      ? [
          { id: 'mine', title: 'My open', filter: `requester=me and ${OPEN}` },
          { id: 'closed', title: 'Solved & closed', filter: 'requester=me and status in (solved, closed)' },
        ]
      : staffTabs(actor);
  for (const [i, view] of savedViews.entries()) tabs.push({ id: `view:${i}`, title: view.name, filter: view.filter, saved: true });
  return tabs;
}

function staffTabs(actor: Actor): QueueTab[] {
  // Admins have no tier: their "level" tab shows every unassigned ticket.
  const myLevel = actor.tier !== null ? ` and level=${actor.tier}` : '';
  return [
    { id: 'mine', title: 'Mine', filter: `assignee=me and ${OPEN}` },
    {
      id: 'unassigned',
      title: actor.tier !== null ? `Unassigned L${actor.tier}` : 'Unassigned',
      filter: `assignee=none and status in (new, open)${myLevel}`,
    },
    { id: 'open', title: 'All open', filter: OPEN },
    { id: 'waiting', title: 'Waiting', filter: 'status in (pending, on_hold)' },
    { id: 'breaching', title: 'Breaching', filter: 'sla in (breached, at_risk) and status!=closed' },
    // Solved tickets wait for the requester's confirmation or the automatic close: their own tab.
    { id: 'solved', title: 'Solved', filter: 'status=solved' },
    { id: 'closed', title: 'Closed', filter: 'status=closed' },
  ];
}

/** The sorts `s` cycles through, each in the direction a queue wants first. */
export const QUEUE_SORTS: readonly Sort[] = SORT_KEYS.map((key: SortKey) => ({ key, descending: key === 'updated' || key === 'created' }));

/** How `ticket list --sort` spells a sort. */
export function sortText(sort: Sort): string {
  return `${sort.descending ? '-' : ''}${sort.key}`;
}
