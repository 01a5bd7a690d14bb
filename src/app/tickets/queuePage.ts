// The queue as the TUI reads it: a window of rows on a keyset (never OFFSET), the total count,
// a window around one ticket (to keep the cursor on it across refreshes) and change detection.
import { visibilityOf, type Actor } from '../../domain/permissions.js';
import { parseFilter } from '../../domain/filter/index.js';
import { dictionaries } from '../settings/dictionaries.js';
import { sortValue } from '../../store/port/index.js';
import { type Sort, type TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { countTickets, summarize, ticketFilter, type TicketSummary } from './ticketQueries.js';

/** Where a row sits in a sort: its sort value and id. Opaque to front ends. */
export interface QueueAnchor {
  value: number | string;
  id: number;
}

export interface QueueRow {
  ticket: TicketSummary;
  anchor: QueueAnchor;
}

/** Where a window starts. */
export type QueueStart =
  | { kind: 'first' }
  | { kind: 'last' }
  /** At this row, inclusive. */
  | { kind: 'at'; anchor: QueueAnchor }
  /** Right after this row (the next page). */
  | { kind: 'after'; anchor: QueueAnchor }
  /** `rows` rows before this row (or at the first row when there are fewer). */
  | { kind: 'back'; anchor: QueueAnchor; rows: number };

export interface QueueWindowInput {
  /** A filter in the language of SPEC 8 (already composed from tab, filter and search). */
  where: string | undefined;
  sort: Sort;
  /** How many rows the screen shows. */
  size: number;
}

export interface QueueWindow {
  rows: QueueRow[];
  hasBefore: boolean;
  hasAfter: boolean;
}

const reversed = (sort: Sort): Sort => ({ key: sort.key, descending: !sort.descending });

/** The anchor just before `anchor` in `sort`, so that a strict keyset includes `anchor` itself. */
function inclusive(sort: Sort, anchor: QueueAnchor): QueueAnchor {
  return { value: anchor.value, id: sort.descending ? anchor.id + 1 : anchor.id - 1 };
}

/** Reads one window of the queue: two or three indexed LIMIT queries and one summary batch. */
export function loadQueueWindow(ctx: AppContext, actor: Actor, input: QueueWindowInput, start: QueueStart): QueueWindow {
  const { where, statuses, seeks } = ticketFilter(ctx, actor, input.where);
  const scope = visibilityOf(actor);
  const { sort } = input;
  const size = Math.max(1, input.size);
  const list = (s: Sort, limit: number, after?: QueueAnchor) => ctx.tickets.list({ where, statuses, seeks, scope, sort: s, limit, after });
  return ctx.store.read(() => {
    let rows: TicketRow[];
    let hasBefore: boolean;
    let hasAfter: boolean;
    if (start.kind === 'last') {
      const tail = list(reversed(sort), size + 1);
      hasBefore = tail.length > size;
      rows = tail.slice(0, size).reverse();
      hasAfter = false;
    } else {
      // The strict keyset the window starts after (undefined: from the first row).
      let after: QueueAnchor | undefined;
      // Whether a row lies before the window, when the reads below already tell.
      let knownBefore: boolean | undefined;
      if (start.kind === 'at') after = inclusive(sort, start.anchor);
      if (start.kind === 'after') after = start.anchor;
      if (start.kind === 'back' && start.rows === 0) after = inclusive(sort, start.anchor);
      if (start.kind === 'back' && start.rows > 0) {
        // One row more than the window needs above the anchor: whether any lies beyond comes with it.
        const before = list(reversed(sort), start.rows + 1, start.anchor);
        knownBefore = before.length > start.rows;
        if (knownBefore) after = inclusive(sort, anchorOf(sort, before[start.rows - 1]!));
      }
      const page = list(sort, size + 1, after);
      rows = page.slice(0, size);
      hasAfter = page.length > size;
      hasBefore =
        knownBefore ?? (after !== undefined && rows[0] !== undefined && list(reversed(sort), 1, anchorOf(sort, rows[0])).length > 0);
      if (rows.length < size && hasBefore) {
        // Near the end: show a full window ending at the last row rather than a short one.
        const tail = list(reversed(sort), size + 1);
        hasBefore = tail.length > size;
        rows = tail.slice(0, size).reverse();
      }
    }
    const summaries = summarize(ctx, rows);
    return { rows: summaries.map((ticket, i) => ({ ticket, anchor: anchorOf(sort, rows[i]!) })), hasBefore, hasAfter };
  });
}

/**
 * The window that shows ticket `id` at row `offset` (fewer rows above it near the top), or null
 * when the ticket no longer matches the queue (closed by someone, filtered out, deleted).
 */
export function loadQueueAround(ctx: AppContext, actor: Actor, input: QueueWindowInput, id: number, offset: number): QueueWindow | null {
  const row = ctx.tickets.ticketById(id);
  if (!row) return null;
  const anchor = anchorOf(input.sort, row);
  // The ticket matches the filter and the actor's scope exactly when the first row from it is it
  // (one indexed row: this runs after every colleague's write, between the agent's keys).
  const { where, statuses, seeks } = ticketFilter(ctx, actor, input.where);
  const scope = visibilityOf(actor);
  const first = ctx.store.read(() =>
    ctx.tickets.list({ where, statuses, seeks, scope, sort: input.sort, limit: 1, after: inclusive(input.sort, anchor) }),
  );
  if (first[0]?.id !== id) return null;
  return loadQueueWindow(ctx, actor, input, { kind: 'back', anchor, rows: Math.max(0, offset) });
}

/** How many tickets the queue holds (one SQL count). */
export function countQueue(ctx: AppContext, actor: Actor, where: string | undefined): number {
  return countTickets(ctx, actor, where);
}

/** Changes whenever another connection (agent, cron, mail gate) commits: poll it cheaply. */
export function changeToken(ctx: AppContext): number {
  return ctx.store.dataVersion();
}

function anchorOf(sort: Sort, row: TicketRow): QueueAnchor {
  return { value: sortValue(row, sort.key), id: row.id };
}

/** Joins filters with `and`, each in parentheses so that `or` inside one stays inside it. */
export function composeFilters(parts: Array<string | undefined | null>): string | undefined {
  const present = parts.map((p) => p?.trim()).filter((p): p is string => !!p);
  if (present.length <= 1) return present[0];
  return present.map((p) => `(${p})`).join(' and ');
}

/** A free-text search as a filter: `text~"…"`, quoted so any text is one value. */
export function searchFilter(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed ? `text~"${trimmed.replace(/[\\"]/g, (ch) => `\\${ch}`)}"` : undefined;
}

export interface FilterProblem {
  message: string;
  /** 1-based column of the problem in the text, when the parser knows it. */
  column: number | null;
}

/** Checks a filter text without running it: null when it is fine. */
export function checkFilter(text: string, ctx?: AppContext): FilterProblem | null {
  try {
    parseFilter(text, ctx ? { statusLabels: dictionaries(ctx) } : {});
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /at column (\d+)/.exec(message);
    return { message, column: match ? Number(match[1]) : null };
  }
}
