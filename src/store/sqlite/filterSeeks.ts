// Seeks: the ticket ids a top-level conjunct of a filter limits the matches to, read by an index
// alone, so that the repository can read a page of few matches without walking a sort index
// (repos/ticketSeeks.ts decides). A seek is a superset of the conjunct's matches, never a test.
import { sql, type SQL } from 'drizzle-orm';
import type { FilterComparison } from '../../domain/filter/index.js';
import type { Status } from '../../domain/types.js';
import type { FilterContext } from './filterSql.js';
import { namedOrgIds, namedUserIds, params, tagNames } from './filterNames.js';
import { ticketTags, tickets } from './schema/index.js';
import { textMatches } from './textSearch.js';

/**
 * The ticket ids one comparison limits the matches to, read by index alone (`tickets_requester`,
 * `tickets_org`, `tickets_assignee_status`, `ticket_tags_tag`), or undefined when no index finds them (ranges, `~`, `none`,
 * other fields: the page then walks a sort index and tests each row).
 */
export function seekOf(node: FilterComparison, ctx: FilterContext, statuses: readonly Status[] | null): SQL | undefined {
  if (node.field === 'text') return textMatches(node.value, ctx);
  if (node.op !== '=' && node.op !== 'in') return undefined;
  switch (node.field) {
    // `tickets_assignee_status` holds the status too: the seek takes only the tab's tickets.
    case 'assignee': {
      const persons = node.op === 'in' ? node.value : [node.value];
      if (persons.some((p) => p.kind === 'none')) return undefined;
      const ids = namedUserIds(persons);
      const me = persons.some((p) => p.kind === 'me') ? sql`${tickets.assigneeId} = ${ctx.actorId}` : undefined;
      const named = ids ? sql`${tickets.assigneeId} in (${ids})` : undefined;
      const inStatus = statuses ? sql` and ${tickets.status} in (${params(statuses)})` : sql``;
      return sql`select ${tickets.id} as id from ${tickets} where (${named && me ? sql`${named} or ${me}` : (named ?? me)!})${inStatus}`;
    }
    case 'requester': {
      const persons = node.op === 'in' ? node.value : [node.value];
      if (persons.some((p) => p.kind === 'none')) return undefined;
      const ids = namedUserIds(persons);
      const me = persons.some((p) => p.kind === 'me') ? sql`${tickets.requesterId} = ${ctx.actorId}` : undefined;
      const named = ids ? sql`${tickets.requesterId} in (${ids})` : undefined;
      return sql`select ${tickets.id} as id from ${tickets} where ${named && me ? sql`${named} or ${me}` : (named ?? me)!}`;
    }
    case 'org': {
      const refs = node.op === 'in' ? node.value : [node.value];
      const ids = refs.some((r) => r.kind === 'none') ? undefined : namedOrgIds(refs);
      return ids && sql`select ${tickets.id} as id from ${tickets} where ${tickets.orgId} in (${ids})`;
    }
    case 'tag': {
      const refs = node.op === 'in' ? node.value : [node.value];
      if (refs.some((r) => r.kind === 'none')) return undefined;
      return sql`select ${ticketTags.ticketId} as id from ${ticketTags} where ${ticketTags.tag} in (${params(tagNames(refs))})`;
    }
    default:
      return undefined;
  }
}
