// Reading tickets: the list (one page, keyset), one ticket with its conversation and history,
// and the JSON shapes of SPEC 8.
import { isoOrNull } from '../../domain/clock.js';
import type { Actor } from '../../domain/permissions.js';
import { eventTextVisibleTo, seesInternal, visibilityOf } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import { parseTicketFilter } from '../settings/dictionaries.js';
import { sortValue } from '../../store/port/index.js';
import {
  MAX_ROW_ID,
  SORT_KEYS,
  type FilterCondition,
  type FilterSeeks,
  type Sort,
  type SortKey,
  type TicketRow,
} from '../../store/port/index.js';
import type { AppContext } from '../context.js';

export type { TicketRow };
import { loadVisibleTicket } from './ticketWrite.js';
import { slaView, type SlaView } from '../sla/slaView.js';
import { slaRulesFor, type SlaRules } from '../sla/slaSettings.js';

export interface TicketSummary {
  id: number;
  subject: string;
  description: string;
  status: string;
  level: number;
  priority: string;
  type: string;
  requester: string;
  organization: string | null;
  assignee: string | null;
  tags: string[];
  watchers: string[];
  channel: string;
  waitingOn: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  solvedAt: string | null;
  closedAt: string | null;
  closingReason: string | null;
  followUpOf: number | null;
  version: number;
  sla: SlaView;
}

export interface CommentView {
  id: number;
  author: string;
  internal: boolean;
  channel: string;
  createdAt: string;
  body: string;
  attachments: Array<{ id: number; filename: string; contentType: string; size: number }>;
}

export interface EventView {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  text: string | null;
  batchId: string | null;
  /** The ticket version the event made; null for requesters, whose history skips internal events. */
  version: number | null;
}

export interface TicketDetail extends TicketSummary {
  comments: CommentView[];
  events: EventView[];
}

const iso = isoOrNull;

/** Turns ticket rows into the summaries of SPEC 8, resolving names in a few batched queries. */
export function summarize(ctx: AppContext, rows: TicketRow[]): TicketSummary[] {
  if (!rows.length) return [];
  const found = ctx.tickets.summaryLookups(rows.map(({ id, requesterId, assigneeId, orgId }) => ({ id, requesterId, assigneeId, orgId })));
  const { tags, watchers, levels } = found;
  const users = new Map(found.users.map((u) => [u.id, u]));
  const orgs = new Map(found.organizations.map((o) => [o.id, o]));
  const now = ctx.nowMs();
  // One look-up of the SLA rules per organization of the page, not per row.
  const rules = new Map<number | null, SlaRules>();
  const rulesOf = (orgId: number | null): SlaRules =>
    rules.get(orgId) ?? rules.set(orgId, slaRulesFor(ctx, orgId, orgId !== null ? orgs.get(orgId) : undefined)).get(orgId)!;
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    description: r.description,
    status: r.status,
    level: r.level,
    priority: r.priority,
    type: r.type,
    requester: users.get(r.requesterId)?.handle ?? `#${r.requesterId}`,
    organization: r.orgId !== null ? (orgs.get(r.orgId)?.name ?? null) : null,
    assignee: r.assigneeId !== null ? (users.get(r.assigneeId)?.handle ?? null) : null,
    tags: tags.get(r.id) ?? [],
    watchers: (watchers.get(r.id) ?? []).map((id) => users.get(id)?.handle ?? `#${id}`).sort(),
    channel: r.channel,
    waitingOn: r.waitingOn,
    resolution: r.resolution,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    solvedAt: iso(r.solvedAt),
    closedAt: iso(r.closedAt),
    closingReason: r.closingReason,
    followUpOf: r.followUpOf,
    version: r.version,
    sla: slaView(ctx, r, now, levels.get(r.id) ?? [], rulesOf(r.orgId)),
  }));
}

export function parseSort(text: string | undefined): Sort {
  const raw = (text ?? 'sla').trim();
  const descending = raw.startsWith('-');
  const key = raw.replace(/^[-+]/, '');
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw new BadInput(`bad sort '${text}': use ${SORT_KEYS.join(', ')} (prefix - for descending)`);
  }
  return { key: key as SortKey, descending };
}

export interface ListInput {
  where?: string | undefined;
  sort?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ListPage {
  tickets: TicketSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(sort: Sort, row: TicketRow): string {
  return Buffer.from(JSON.stringify([sort.key, sort.descending ? 1 : 0, sortValue(row, sort.key), row.id])).toString('base64url');
}

function decodeCursor(sort: Sort, cursor: string): { value: number | string; id: number } {
  try {
    const [key, desc, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      number,
      number | string,
      number,
    ];
    // What encodeCursor writes for this sort: priority is text, the others are times in ms; a
    // value of another kind or past the columns' range is refused here, not by the database.
    const valueFits = sort.key === 'priority' ? typeof value === 'string' && value.length <= 64 : Number.isSafeInteger(value);
    if (key === sort.key && desc === (sort.descending ? 1 : 0) && Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID && valueFits) {
      return { value, id };
    }
  } catch {
    // fall through to the one clear error below
  }
  throw new BadInput('bad cursor: pass the nextCursor printed by the previous page, with the same --sort');
}

/**
 * A filter text compiled for this actor as the tickets repository reads it: a ticket matches when
 * its status is one of `statuses` (undefined: any) and `where` holds.
 */
export interface TicketFilter {
  where: FilterCondition | undefined;
  statuses: readonly string[] | undefined;
  /** Candidate ids by index, for the repository to read few matches directly. */
  seeks: FilterSeeks | undefined;
}

export function ticketFilter(ctx: AppContext, actor: Actor, where: string | undefined): TicketFilter {
  const node = where ? parseTicketFilter(ctx, where) : null;
  if (!node) return { where: undefined, statuses: undefined, seeks: undefined };
  const compiled = ctx.store.filters.ticketFilter(node, { actorId: actor.id, nowMs: ctx.nowMs(), includeInternal: seesInternal(actor) });
  return { where: compiled.where, statuses: compiled.statuses ?? undefined, seeks: compiled.seeks };
}

/** The condition of a filter text for this actor (null filter: everything). */
export function filterCondition(ctx: AppContext, actor: Actor, where: string | undefined) {
  const node = where ? parseTicketFilter(ctx, where) : null;
  return node
    ? ctx.store.filters.condition(node, { actorId: actor.id, nowMs: ctx.nowMs(), includeInternal: seesInternal(actor) })
    : undefined;
}

export function listTickets(ctx: AppContext, actor: Actor, input: ListInput): ListPage {
  const sort = parseSort(input.sort);
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new BadInput('--limit takes a whole number from 1 to 10000');
  const after = input.cursor ? decodeCursor(sort, input.cursor) : undefined;
  return ctx.store.read(() => {
    const { where, statuses, seeks } = ticketFilter(ctx, actor, input.where);
    const rows = ctx.tickets.list({ where, statuses, seeks, scope: visibilityOf(actor), sort, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { tickets: summarize(ctx, page), nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null };
  });
}

export function countTickets(ctx: AppContext, actor: Actor, where: string | undefined): number {
  const filter = ticketFilter(ctx, actor, where);
  return ctx.tickets.count(filter.where, visibilityOf(actor), filter.statuses, filter.seeks);
}

export function showTicket(ctx: AppContext, actor: Actor, id: number): TicketDetail {
  return ctx.store.read(() => {
    const row = loadVisibleTicket(ctx, actor, id);
    const [summary] = summarize(ctx, [row]);
    const conversation = ctx.tickets.conversationOf(id, seesInternal(actor));
    const { comments: commentRows, events: eventRows, attachments } = conversation;
    const personIds = new Set<number>(commentRows.map((c) => c.authorId));
    for (const e of eventRows) {
      if (e.actorId !== null) personIds.add(e.actorId);
      for (const change of [e.before, e.after]) {
        const id = change ? (JSON.parse(change) as { assigneeId?: number | null }).assigneeId : undefined;
        if (typeof id === 'number') personIds.add(id);
      }
    }
    const people = new Map(ctx.people.usersByIds([...personIds]).map((u) => [u.id, u.handle]));
    // A requester's events skip the internal comments' ones.
    const internalComments = new Set(conversation.internalCommentIds);
    const commentBodies = new Map(commentRows.map((c) => [c.id, c.body]));
    const visibleEvents = seesInternal(actor)
      ? eventRows
      : eventRows.filter((e) => e.commentId === null || !internalComments.has(e.commentId));
    return {
      ...summary!,
      comments: commentRows.map((c) => ({
        id: c.id,
        author: people.get(c.authorId) ?? `#${c.authorId}`,
        internal: c.internal,
        channel: c.channel,
        createdAt: iso(c.createdAt)!,
        body: c.body,
        attachments: attachments.filter((a) => a.commentId === c.id).map(({ commentId: _c, ...a }) => a),
      })),
      events: visibleEvents.map((e) => ({
        id: e.id,
        at: iso(e.at)!,
        actor: e.actorId === null ? null : (people.get(e.actorId) ?? `#${e.actorId}`),
        action: e.action,
        before: readableChange(e.before, people),
        after: readableChange(e.after, people),
        text:
          (eventTextVisibleTo(actor.role, e.action) ? e.text : null) ??
          (e.commentId !== null ? (commentBodies.get(e.commentId) ?? null) : null),
        batchId: e.batchId,
        // A requester's history skips internal events: its versions would show the gaps (SPEC 1), so none.
        version: seesInternal(actor) ? e.version : null,
      })),
    };
  });
}

/** Event changes as people read them: `assigneeId` becomes `assignee` with a handle. */
function readableChange(json: string | null, people: Map<number, string>): Record<string, unknown> | null {
  if (!json) return null;
  const change = JSON.parse(json) as Record<string, unknown>;
  if (!('assigneeId' in change)) return change;
  const { assigneeId, ...rest } = change;
  return { ...rest, assignee: typeof assigneeId === 'number' ? (people.get(assigneeId) ?? `#${assigneeId}`) : null };
}
