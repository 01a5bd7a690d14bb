// PostgreSQL twin of store/sqlite/filterSql.ts: compiles a filter tree (domain/filter) to a WHERE
// fragment over the `tickets` table, in the worker. The filter crosses the thread as data (a
// drizzle SQL object does not), as `PgFilter` (filters.ts). Every value is a bound parameter; every
// predicate is two-valued, so `not x` and `!=` are exact complements on nullable columns too.
// Differences from SQLite: names and LIKE patterns compare with lower()/ILIKE (SQLite folds ASCII
// only), and `text~` is always the substring scan (the FTS5 word index is SQLite's).
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
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
import type { FilterContext } from '../port/index.js';
import { NO_DUE, comments, organizations, ticketTags, tickets, users } from './schema/index.js';

/** A filter as it crosses to the worker: the tree and its context, compiled there. */
export interface PgFilter {
  node: FilterNode;
  ctx: FilterContext;
}

/**
 * The context and how the query reads the tickets. `fewRows`: the query names its few candidates
 * by id (a batch chunk), so a tag is tested ticket by ticket through ticket_tags' key. As a
 * semi-join, a tag the statistics have not seen yet (tagged since the last ANALYZE) is
 * estimated at one row, and the plan walked a whole index for each of its tickets: 165 ms for a
 * 1,000-ticket chunk instead of 3.
 */
type PgContext = FilterContext & { fewRows?: boolean };

/** The WHERE fragment of a filter that crossed the thread, or undefined for none. */
export const whereOf = (filter: PgFilter | undefined, options: { fewRows?: boolean } = {}): SQL | undefined =>
  filter ? compilePgFilter(filter.node, { ...filter.ctx, ...options }) : undefined;

export function compilePgFilter(node: FilterNode, ctx: PgContext): SQL {
  switch (node.kind) {
    case 'and':
      return joined(
        node.children.map((child) => compilePgFilter(child, ctx)),
        sql` and `,
        sql`true`,
      );
    case 'or':
      return anyOf(node.children.map((child) => compilePgFilter(child, ctx)));
    case 'not':
      return sql`(not ${compilePgFilter(node.child, ctx)})`;
    case 'cmp':
      return sql`(${comparison(node, ctx)})`;
  }
}

/** Balanced, as SQLite's (PostgreSQL's parser also has a depth limit, max_stack_depth). */
function joined(parts: SQL[], separator: SQL, empty: SQL): SQL {
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0]!;
  const middle = Math.ceil(parts.length / 2);
  return sql`(${joined(parts.slice(0, middle), separator, empty)}${separator}${joined(parts.slice(middle), separator, empty)})`;
}

const anyOf = (parts: SQL[]): SQL => joined(parts, sql` or `, sql`false`);

/**
 * Names typed by people, folded both ways: by the server's lower(), as the column is (lowered in
 * JavaScript only, `Éclair Ltd` never equalled lower() of the stored name on a database whose
 * LC_CTYPE is C, which folds ASCII only), and by JavaScript (all of Unicode: `LÓPEZ` finds
 * `lópez`, as on SQLite). The exact name always matches; case folds as far as either goes.
 */
function lowered(values: readonly string[]): SQL {
  return sql.join(
    values.flatMap((v) => (v.toLowerCase() === v ? [sql`${v}`] : [sql`lower(${v})`, sql`${v.toLowerCase()}`])),
    sql`, `,
  );
}

function params(values: readonly (string | number)[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

function comparison(node: FilterComparison, ctx: PgContext): SQL {
  switch (node.field) {
    case 'status':
      return node.op === 'in' ? inList(tickets.status, node.value) : compare(tickets.status, node.op, node.value);
    case 'channel':
      return node.op === 'in' ? inList(tickets.channel, node.value) : compare(tickets.channel, node.op, node.value);
    case 'waiting':
      return node.op === 'in' ? inList(tickets.waitingOn, node.value) : compare(tickets.waitingOn, node.op, node.value);
    case 'level':
      return node.op === 'in' ? inList(tickets.level, node.value) : compare(tickets.level, node.op, node.value);
    // 'P1'…'P5' in byte order (collate "C"): `<` means "more urgent than", as on SQLite.
    case 'priority':
      return node.op === 'in'
        ? inList(tickets.priority, node.value)
        : sql`${tickets.priority} collate "C" ${OPERATORS[node.op]} ${node.value} collate "C"`;
    case 'type': {
      const types = node.op === 'in' ? node.value : [node.value];
      const match = types.length ? sql`lower(${tickets.type}) in (${lowered(types)})` : sql`false`;
      return node.op === 'in' ? match : negate(node.op, match);
    }
    case 'assignee':
    case 'requester': {
      const column = node.field === 'assignee' ? tickets.assigneeId : tickets.requesterId;
      if (node.op === '~') return idIn(column, sql`select ${users.id} from ${users} where ${userLike(node.value)}`);
      if (node.op === 'in') return personIn(column, node.value, ctx);
      return negate(node.op, personIn(column, [node.value], ctx));
    }
    case 'org':
      if (node.op === '~')
        return idIn(
          tickets.orgId,
          sql`select ${organizations.id} from ${organizations} where ${organizations.name} ilike ${contains(node.value)} escape '!'`,
        );
      return node.op === 'in' ? orgIn(node.value) : negate(node.op, orgIn([node.value]));
    case 'tag':
      if (node.op === '~') return hasTag(sql`${ticketTags.tag} like ${contains(foldTag(node.value))} escape '!'`, ctx);
      return node.op === 'in' ? tagIn(node.value, ctx) : negate(node.op, tagIn([node.value], ctx));
    case 'created':
      return compareDate(tickets.createdAt, node.op, node.value);
    case 'updated':
      return compareDate(tickets.updatedAt, node.op, node.value);
    // idle > 7d ⇔ updated_at < now − 7d: the comparison flips.
    case 'idle':
      return compareElapsed(tickets.updatedAt, node.op, node.value, ctx);
    case 'age':
      return compareElapsed(tickets.createdAt, node.op, node.value, ctx);
    case 'sla':
      if (node.op === 'in') return anyOf(node.value.map((state) => slaIs(state, ctx)));
      return negate(node.op, slaIs(node.value, ctx));
    case 'text':
      return textSubstring(node.value.startsWith('*') ? node.value.slice(1) : node.value, ctx);
  }
}

// Operators come from this fixed table, never from the filter text.
const OPERATORS: Record<OrderOp, SQL> = { '=': sql`=`, '!=': sql`<>`, '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=` };

/** For NOT NULL columns only: then the comparison is never NULL. */
const compare = (column: AnyPgColumn, op: OrderOp, value: string | number): SQL => sql`${column} ${OPERATORS[op]} ${value}`;

const inList = (column: AnyPgColumn, values: readonly (string | number)[]): SQL =>
  values.length === 0 ? sql`false` : sql`${column} in (${params(values)})`;

const negate = (op: '=' | '!=', predicate: SQL): SQL => (op === '=' ? predicate : sql`not (${predicate})`);

/** `column in (subquery)`, made two-valued for a nullable column. */
const idIn = (column: AnyPgColumn, subquery: SQL): SQL => sql`(${column} is not null and ${column} in (${subquery}))`;

/** An ILIKE pattern for "contains `text`", escaping LIKE's own wildcards with `!`. */
const contains = (text: string): string => `%${text.replace(/[!%_]/g, '!$&')}%`;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** The ids of the users a list names by handle or e-mail (not `me`, not `none`), or undefined. */
function namedUserIds(persons: readonly PersonRef[]): SQL | undefined {
  const names = unique(persons.flatMap((p) => (p.kind === 'user' ? [p.name] : [])));
  if (!names.length) return undefined;
  return sql`select ${users.id} from ${users} where lower(${users.handle}) in (${lowered(names)}) or lower(${users.email}) in (${lowered(names)})`;
}

function personIn(column: AnyPgColumn, persons: readonly PersonRef[], ctx: FilterContext): SQL {
  const parts: SQL[] = [];
  const ids = namedUserIds(persons);
  if (ids) parts.push(idIn(column, ids));
  // `=`, not `is not distinct from` (the id is never null): PostgreSQL reads only `=` through an
  // index, and *Mine* scanned every open ticket for an agent's few (test/postgres/pagePlans.test.ts).
  if (persons.some((p) => p.kind === 'me')) parts.push(sql`${column} = ${ctx.actorId}::integer`);
  if (persons.some((p) => p.kind === 'none')) parts.push(sql`${column} is null`);
  return anyOf(parts);
}

function userLike(text: string): SQL {
  const pattern = contains(text);
  return sql`${users.handle} ilike ${pattern} escape '!' or ${users.name} ilike ${pattern} escape '!' or coalesce(${users.email} ilike ${pattern} escape '!', false)`;
}

function orgIn(refs: readonly NameRef[]): SQL {
  const parts: SQL[] = [];
  const names = unique(refs.flatMap((r) => (r.kind === 'name' ? [r.name] : [])));
  if (names.length)
    parts.push(
      idIn(tickets.orgId, sql`select ${organizations.id} from ${organizations} where lower(${organizations.name}) in (${lowered(names)})`),
    );
  if (refs.some((r) => r.kind === 'none')) parts.push(sql`${tickets.orgId} is null`);
  return anyOf(parts);
}

/** OFFSET 0 keeps the subquery a per-row test: PostgreSQL never turns such an EXISTS into a join. */
const hasTag = (condition: SQL, ctx: PgContext): SQL =>
  sql`exists (select 1 from ${ticketTags} where ${ticketTags.ticketId} = ${tickets.id} and ${condition}${ctx.fewRows ? sql` offset 0` : sql``})`;

function tagIn(refs: readonly NameRef[], ctx: PgContext): SQL {
  const parts: SQL[] = [];
  // Tags are stored folded (every write), so a tag compares exactly.
  const names = unique(refs.flatMap((r) => (r.kind === 'name' ? [foldTag(r.name)] : [])));
  if (names.length) parts.push(hasTag(sql`${ticketTags.tag} in (${params(names)})`, ctx));
  if (refs.some((r) => r.kind === 'none')) parts.push(sql`not ${hasTag(sql`true`, ctx)}`);
  return anyOf(parts);
}

/** A day covers [start, end): `created<day` is before it, `created<=day` is before its end. */
function compareDate(column: AnyPgColumn, op: OrderOp, date: DateRef): SQL {
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

const compareElapsed = (column: AnyPgColumn, op: RangeOp, duration: Duration, ctx: FilterContext): SQL =>
  compare(column, FLIPPED[op], ctx.nowMs - durationMs(duration));

/** One SLA state per ticket, first match wins, exactly as store/sqlite/filterSql.ts `slaIs`. */
function slaIs(state: SlaFilterState, ctx: FilterContext): SQL {
  const now = ctx.nowMs;
  const risky =
    ctx.atRiskWithinMs === undefined
      ? sql`${tickets.slaRiskAt} <= ${now}`
      : sql`(${tickets.slaRiskAt} <= ${now} or ${tickets.slaDueAt} <= ${now + ctx.atRiskWithinMs})`;
  const breached = sql`(${tickets.pickupBreached} is true or ${tickets.resolutionBreached} is true or ${tickets.slaDueAt} < ${now})`;
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

function textSubstring(text: string, ctx: FilterContext): SQL {
  const pattern = contains(text);
  const visible = ctx.includeInternal ? sql`` : sql` and ${comments.internal} = false`;
  const inComments = sql`exists (select 1 from ${comments} where ${comments.ticketId} = ${tickets.id}${visible} and ${comments.body} ilike ${pattern} escape '!')`;
  return sql`${tickets.subject} ilike ${pattern} escape '!' or coalesce(${tickets.description} ilike ${pattern} escape '!', false) or ${inComments}`;
}
