// Compiles a filter tree (domain/filter) to a WHERE fragment over the unaliased `tickets` table.
// Every value from the filter or the context is a bound parameter; the only SQL text written here
// is constant. Every predicate is two-valued (never NULL), so `not x` and `!=` are exact
// complements even on nullable columns such as the assignee.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  dateRangeMs,
  durationMs,
  type DateRef,
  type Duration,
  type FilterComparison,
  type FilterNode,
  type NameRef,
  type OrderOp,
  type PersonRef,
  type RangeOp,
  type SlaFilterState,
} from '../../domain/filter/index.js';
import { foldTag } from '../../domain/tags.js';
import { splitStatuses, statusesOf } from '../../domain/filter/statuses.js';
import type { Status } from '../../domain/types.js';
import type { FilterContext } from '../port/index.js';
import { NO_DUE, comments, organizations, ticketTags, tickets, users } from './schema/index.js';
import { namedOrgIds, namedUserIds, orgIds, params, tagNames } from './filterNames.js';
import { narrowingOf, seekOf, seekTestOf } from './filterSeeks.js';
import { searchPhrase, textMatches } from './textSearch.js';

export type { FilterContext };

export function compileFilter(node: FilterNode, ctx: FilterContext): SQL {
  switch (node.kind) {
    case 'and':
      return joinBalanced(
        node.children.map((child) => compileFilter(child, ctx)),
        sql` and `,
        sql`1`,
      );
    case 'or':
      return joinBalanced(
        node.children.map((child) => compileFilter(child, ctx)),
        sql` or `,
        sql`0`,
      );
    case 'not':
      return sql`(not ${compileFilter(node.child, ctx)})`;
    case 'cmp':
      return sql`(${compileComparison(node, ctx)})`;
  }
}

/**
 * A filter as the tickets repository reads it: the statuses it allows (null: any), and the rest.
 * A ticket matches the filter exactly when its status is one of `statuses` and `where` holds:
 * the top-level status comparisons are left out of `where`, so that the status is only ever an
 * index key (`status = ?` per status, see the repository's `list`), never `status in (…)`.
 */
export interface TicketFilterSql {
  where: SQL;
  statuses: Status[] | null;
  /**
   * Ways to find a superset of the matches by index, each a subquery of ticket ids (column `id`,
   * maybe repeated) from one top-level conjunct (`org=`, `requester in (…)`, `tag=` …): the
   * repository reads a page through the smallest when it is small (repos/tickets.ts `list`).
   */
  seeks: SQL[];
  /**
   * Like seeks, but too many on their own to be worth a page (`sla=breached`, filterSeeks.ts
   * `narrowingOf`): read instead of a seek that names too many.
   */
  narrowings: SQL[];
  /** For each seek but the word search's, the test of one candidate against it (filterSeeks.ts `seekTestOf`). */
  seekTests: SQL[];
  /**
   * The first top-level word search (`text~`), for the repository to read its matches once per
   * query into a table (repos/textMatchSet.ts) rather than once per arm of the page's compound
   * query: `seek` is its entry in `seeks`, `rest` is `where` without it.
   */
  text?: TextSearchSeek;
}

export interface TextSearchSeek {
  phrase: string;
  includeInternal: boolean;
  seek: SQL;
  rest: SQL;
}

export function compileTicketFilter(node: FilterNode, ctx: FilterContext): TicketFilterSql {
  const { statuses, conjuncts, rest } = splitStatuses(node);
  let text: TextSearchSeek | undefined;
  const seekTests: SQL[] = [];
  const seeks = conjuncts.flatMap((c) => {
    if (c.kind !== 'cmp') return [];
    const seek = seekOf(c, ctx, statuses);
    if (!seek) return [];
    const phrase = c.field === 'text' ? searchPhrase(c.value) : undefined;
    if (phrase !== undefined && !text) {
      const kept = (rest.kind === 'and' ? rest.children : [rest]).filter((k) => k !== c);
      text = { phrase, includeInternal: ctx.includeInternal, seek, rest: compileFilter({ kind: 'and', children: kept }, ctx) };
    } else seekTests.push(seekTestOf(c, seek));
    return [seek];
  });
  const narrowings = conjuncts.flatMap((c) => (c.kind === 'cmp' ? (narrowingOf(c, ctx, statuses) ?? []) : []));
  return { where: compileFilter(rest, ctx), statuses, seeks, narrowings, seekTests, ...(text ? { text } : {}) };
}

/** The statuses a ticket matching `node` can have, or null (domain/filter/statuses.ts). */
export { statusesOf };

/**
 * Joins as a balanced tree: SQLite limits expression depth (1000), and a flat `a or b or …`
 * is as deep as it is long.
 */
function joinBalanced(parts: SQL[], separator: SQL, empty: SQL): SQL {
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0]!;
  const middle = Math.ceil(parts.length / 2);
  const left = joinBalanced(parts.slice(0, middle), separator, empty);
  const right = joinBalanced(parts.slice(middle), separator, empty);
  return sql`(${left}${separator}${right})`;
}

const anyOf = (parts: SQL[]): SQL => joinBalanced(parts, sql` or `, sql`0`);

function compileComparison(node: FilterComparison, ctx: FilterContext): SQL {
  switch (node.field) {
    case 'status':
      return node.op === 'in' ? inList(tickets.status, node.value) : compare(tickets.status, node.op, node.value);
    case 'channel':
      return node.op === 'in' ? inList(tickets.channel, node.value) : compare(tickets.channel, node.op, node.value);
    case 'waiting':
      return node.op === 'in' ? inList(tickets.waitingOn, node.value) : compare(tickets.waitingOn, node.op, node.value);
    case 'level':
      return node.op === 'in' ? inList(tickets.level, node.value) : compare(tickets.level, node.op, node.value);
    // Stored as 'P1'…'P5': text order is number order, so `<` means "more urgent than".
    case 'priority':
      return node.op === 'in' ? inList(tickets.priority, node.value) : compare(tickets.priority, node.op, node.value);
    case 'type':
      if (node.op === 'in') return sql`${tickets.type} collate nocase in (${params(node.value)})`;
      return negate(node.op, sql`${tickets.type} = ${node.value} collate nocase`);
    case 'assignee':
    case 'requester': {
      const column = node.field === 'assignee' ? tickets.assigneeId : tickets.requesterId;
      if (node.op === '~') return idIn(column, sql`select ${users.id} from ${users} where ${userLike(node.value)}`);
      if (node.op === 'in') return personIn(column, node.value, ctx);
      return negate(node.op, personIn(column, [node.value], ctx));
    }
    case 'org':
      if (node.op === '~') return idIn(tickets.orgId, orgIds(sql`${organizations.name} like ${containsPattern(node.value)} escape '!'`));
      return node.op === 'in' ? orgIn(node.value) : negate(node.op, orgIn([node.value]));
    case 'tag':
      if (node.op === '~') return hasTag(sql`${ticketTags.tag} like ${containsPattern(foldTag(node.value))} escape '!'`);
      return node.op === 'in' ? tagIn(node.value) : negate(node.op, tagIn([node.value]));
    case 'created':
      return compareDate(tickets.createdAt, node.op, node.value);
    case 'updated':
      return compareDate(tickets.updatedAt, node.op, node.value);
    // idle > 7d ⇔ now − updated_at > 7d ⇔ updated_at < now − 7d: the comparison flips.
    case 'idle':
      return compareElapsed(tickets.updatedAt, node.op, node.value, ctx);
    case 'age':
      return compareElapsed(tickets.createdAt, node.op, node.value, ctx);
    case 'sla':
      if (node.op === 'in') return anyOf(node.value.map((state) => slaIs(state, ctx)));
      return negate(node.op, slaIs(node.value, ctx));
    case 'text':
      return textContains(node.value, ctx);
  }
}

// Operators come from this fixed table, never from the filter text.
const SQL_OPERATORS: Record<OrderOp, SQL> = {
  '=': sql`=`,
  '!=': sql`<>`,
  '<': sql`<`,
  '<=': sql`<=`,
  '>': sql`>`,
  '>=': sql`>=`,
};

/** For NOT NULL columns only (status, level, …): then the comparison is never NULL. */
function compare(column: SQLiteColumn, op: OrderOp, value: string | number): SQL {
  return sql`${column} ${SQL_OPERATORS[op]} ${value}`;
}

function inList(column: SQLiteColumn, values: readonly (string | number)[]): SQL {
  return values.length === 0 ? sql`0` : sql`${column} in (${params(values)})`;
}

function negate(op: '=' | '!=', predicate: SQL): SQL {
  return op === '=' ? predicate : sql`not (${predicate})`;
}

/**
 * `column in (subquery)`, made two-valued for a nullable column. The `+` keeps SQLite from reading
 * the tickets through the column's index and sorting them all: a page walks a sort index and tests
 * this, unless the filter's seek names few tickets (compileTicketFilter `seeks`).
 */
function idIn(column: SQLiteColumn, subquery: SQL): SQL {
  return sql`(${column} is not null and +${column} in (${subquery}))`;
}

/** A LIKE pattern for "contains `text`", escaping LIKE's own wildcards with `!`. */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}

// Names typed by people match case-insensitively (ASCII, as SQLite's NOCASE and LIKE do). A list
// is one `in (…)` per kind of reference, whatever its length (never one subquery per value).
function personIn(column: SQLiteColumn, persons: readonly PersonRef[], ctx: FilterContext): SQL {
  const parts: SQL[] = [];
  const ids = namedUserIds(persons);
  if (ids) parts.push(idIn(column, ids));
  if (persons.some((p) => p.kind === 'me')) parts.push(sql`${column} is ${ctx.actorId}`);
  if (persons.some((p) => p.kind === 'none')) parts.push(sql`${column} is null`);
  return anyOf(parts);
}

function userLike(text: string): SQL {
  const pattern = containsPattern(text);
  return sql`${users.handle} like ${pattern} escape '!' or ${users.name} like ${pattern} escape '!' or ${users.email} like ${pattern} escape '!'`;
}

function orgIn(refs: readonly NameRef[]): SQL {
  const parts: SQL[] = [];
  const ids = namedOrgIds(refs);
  if (ids) parts.push(idIn(tickets.orgId, ids));
  if (refs.some((r) => r.kind === 'none')) parts.push(sql`${tickets.orgId} is null`);
  return anyOf(parts);
}

/**
 * `seekTag`: the condition names one tag, so SQLite probes `(tag, ticket_id)` per row. Any other
 * test reads the ticket's few tags by `ticket_id`, as a correlated subquery (`limit 1`): as a plain
 * EXISTS, SQLite joins it and first builds a Bloom filter over every row of ticket_tags, 60–280 ms
 * on the 1M demo for each page.
 */
function hasTag(condition: SQL, seekTag = false): SQL {
  const test = sql`select 1 from ${ticketTags} where ${ticketTags.ticketId} = ${tickets.id} and ${condition}`;
  return seekTag ? sql`exists (${test})` : sql`exists (${test} limit 1)`;
}

function tagIn(refs: readonly NameRef[]): SQL {
  const parts: SQL[] = [];
  const names = tagNames(refs);
  // One seek per value (`tag = ?`); a list is one probe of its ticket's few tags against the list
  // (the `+` keeps SQLite from seeking the primary key once per value).
  if (names.length === 1) parts.push(hasTag(sql`${ticketTags.tag} = ${names[0]}`, true));
  if (names.length > 1) parts.push(hasTag(sql`+${ticketTags.tag} in (${params(names)})`));
  if (refs.some((r) => r.kind === 'none')) parts.push(sql`not ${hasTag(sql`1`)}`);
  return anyOf(parts);
}

/** A day covers [start, end): `created<day` is before it, `created<=day` is before its end. */
function compareDate(column: SQLiteColumn, op: OrderOp, date: DateRef): SQL {
  const { startMs, endMs } = dateRangeMs(date);
  switch (op) {
    case '=':
      return sql`(${column} >= ${startMs} and ${column} < ${endMs})`;
    case '!=':
      return sql`(${column} < ${startMs} or ${column} >= ${endMs})`;
    case '<':
      return sql`${column} < ${startMs}`;
    case '<=':
      return sql`${column} < ${endMs}`;
    case '>':
      return sql`${column} >= ${endMs}`;
    case '>=':
      return sql`${column} >= ${startMs}`;
  }
}

const FLIPPED: Record<RangeOp, RangeOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function compareElapsed(column: SQLiteColumn, op: RangeOp, duration: Duration, ctx: FilterContext): SQL {
  return compare(column, FLIPPED[op], ctx.nowMs - durationMs(duration));
}

/**
 * One SLA state per ticket, first match wins: breached (a clock was breached, or a running one is
 * past due) › at_risk (a running clock has under 25% of its target left) › running › paused (the
 * resolution clock is paused, nothing runs) › met (clocks had targets, all stopped in time) ›
 * none (no targets at all, e.g. P5).
 */
function slaIs(state: SlaFilterState, ctx: FilterContext): SQL {
  const now = ctx.nowMs;
  const risky =
    ctx.atRiskWithinMs === undefined
      ? sql`${tickets.slaRiskAt} <= ${now}`
      : sql`(${tickets.slaRiskAt} <= ${now} or ${tickets.slaDueAt} <= ${now + ctx.atRiskWithinMs})`;
  const breached = sql`(${tickets.pickupBreached} is 1 or ${tickets.resolutionBreached} is 1 or ${tickets.slaDueAt} < ${now})`;
  const idle = sql`(${tickets.slaDueAt} >= ${NO_DUE})`;
  const hadTargets = sql`(${tickets.pickupDueAt} is not null or ${tickets.resolutionDueAt} is not null)`;
  switch (state) {
    case 'breached':
      return breached;
    case 'at_risk':
      return sql`not ${breached} and not ${idle} and ${risky}`;
    case 'running':
      return sql`not ${breached} and not ${idle} and not ${risky}`;
    case 'paused':
      return sql`not ${breached} and ${idle} and ${tickets.pausedSince} is not null`;
    case 'met':
      return sql`not ${breached} and ${idle} and ${tickets.pausedSince} is null and ${hadTargets}`;
    case 'none':
      return sql`not ${breached} and ${idle} and ${tickets.pausedSince} is null and not ${hadTargets}`;
  }
}

/**
 * `text~`: a word search through the FTS5 index `ticket_search` (migration 0006) when the pattern
 * has words; `text~"*…"` (and a pattern without letters or digits) is the substring scan of old.
 */
function textContains(text: string, ctx: FilterContext): SQL {
  const matches = textMatches(text, ctx);
  // `+`: tested against the matches, never driving the page from them (the seek does that when few).
  return matches ? sql`+${tickets.id} in (${matches})` : textSubstring(text.startsWith('*') ? text.slice(1) : text, ctx);
}

function textSubstring(text: string, ctx: FilterContext): SQL {
  const pattern = containsPattern(text);
  const visible = ctx.includeInternal ? sql`` : sql` and ${comments.internal} = 0`;
  const inComments = sql`exists (select 1 from ${comments} where ${comments.ticketId} = ${tickets.id}${visible} and ${comments.body} like ${pattern} escape '!')`;
  return sql`${tickets.subject} like ${pattern} escape '!' or ${tickets.description} like ${pattern} escape '!' or ${inComments}`;
}
