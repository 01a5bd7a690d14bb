// Seeks: the ticket ids a top-level conjunct of a filter limits the matches to, read by an index
// alone, so that the repository can read a page of few matches without walking a sort index
// (repos/ticketSeeks.ts decides). A seek is a superset of the conjunct's matches, never a test.
import { sql, type SQL } from 'drizzle-orm';
import type { FilterComparison } from '../../domain/filter/index.js';
import type { Status } from '../../domain/types.js';
import type { FilterContext } from './filterSql.js';
import { namedOrgIds, namedUserIds, params, tagNames } from './filterNames.js';
import { SLA_FLAGGED, SLA_RISK_RUNNING, ticketTags, tickets } from './schema/index.js';
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

/**
 * Whether `narrowed.id` (repos/ticketSeeks.ts `narrowedSeek`) is among `seek`'s candidates, by
 * index and without reading the ticket's row. A list of tags reads the ticket's few tags and tests
 * each against the list: the seek itself probed the primary key once per tag (403 tags × 6,000
 * tickets: 850 ms).
 */
export function seekTestOf(node: FilterComparison, seek: SQL): SQL {
  if (node.field === 'tag' && node.op === 'in') {
    const names = tagNames(node.value);
    if (names.length > 1)
      return sql`exists (select 1 from ${ticketTags} where ${ticketTags.ticketId} = narrowed.id and +${ticketTags.tag} in (${params(names)}) limit 1)`;
  }
  return sql`exists (select 1 from (${seek}) as other where other.id = narrowed.id)`;
}

/**
 * `sla=breached`, `sla=at_risk` or both, on statuses without `closed`: the tickets that may be in
 * that state, by index (`tickets_sla_flagged` per status, `tickets_sla_risk`, `tickets_sla_due`).
 * A narrowing: on its own a page walks the SLA index (the Breaching tab's tickets come first
 * there); when another seek names too many tickets (`tag=` with 6,000), the candidates of both
 * drive the page (repos/ticketSeeks.ts `narrowedSeek`): the walk read every open ticket there to
 * find a page of few (60–70 ms on a million tickets).
 * On closed tickets a missed target stays flagged for good: too many to name, no narrowing.
 */
export function narrowingOf(node: FilterComparison, ctx: FilterContext, statuses: readonly Status[] | null): SQL | undefined {
  if (node.field === 'assignee') return unassignedNarrowing(node, statuses);
  if (node.field !== 'sla' || (node.op !== '=' && node.op !== 'in')) return undefined;
  if (!statuses || statuses.includes('closed')) return undefined;
  const states = node.op === 'in' ? node.value : [node.value];
  if (!states.every((state) => state === 'breached' || state === 'at_risk')) return undefined;
  const now = ctx.nowMs;
  // filterSql.ts slaIs: breached is a flag, or a running clock past due; at risk, a running clock
  // past its risk moment or due within the window. The risk moment comes before the due time.
  const dueBy = states.includes('at_risk') && ctx.atRiskWithinMs !== undefined ? now + ctx.atRiskWithinMs : now;
  const parts = [
    sql`select ${tickets.id} as id from ${tickets} where ${tickets.slaRiskAt} <= ${now} and ${sql.raw(SLA_RISK_RUNNING)}`,
    sql`select ${tickets.id} as id from ${tickets} where ${tickets.slaDueAt} <= ${dueBy}`,
  ];
  if (states.includes('breached')) {
    const inStatus = sql`${tickets.status} in (${params(statuses)})`;
    parts.push(sql`select ${tickets.id} as id from ${tickets} where ${inStatus} and (${sql.raw(SLA_FLAGGED)})`);
  }
  return sql.join(parts, sql` union `);
}

/**
 * `assignee=none` on statuses without `closed` (the Unassigned tab): its tickets, from
 * `tickets_assignee_status` alone. A narrowing, as `sla=` is: alone the walk finds the tab's
 * tickets soon, but beside a seek of 5,000–20,000 (`tag=` on 6,500) the walk read every new and
 * open ticket to find a page of few (26 ms on a million tickets).
 */
function unassignedNarrowing(node: FilterComparison, statuses: readonly Status[] | null): SQL | undefined {
  if (node.field !== 'assignee' || !statuses || statuses.includes('closed')) return undefined;
  const persons = node.op === '=' ? [node.value] : node.op === 'in' ? node.value : [];
  if (persons.length === 0 || !persons.every((p) => p.kind === 'none')) return undefined;
  return sql`select ${tickets.id} as id from ${tickets} where ${tickets.assigneeId} is null and ${tickets.status} in (${params(statuses)})`;
}
