// `ticketty batch list|show`: what batch runs did, by whom, and which are unfinished (a crash or
// Ctrl-C left them; running the same command again finishes one). Read-only.
import { isoOrNull } from '../../domain/clock.js';
import { BadInput, NotFound } from '../../domain/errors.js';
import { batchOwnerScope, type Actor } from '../../domain/permissions.js';
import { type BatchRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';

export interface BatchView {
  id: string;
  /** `close`, `bulk`, or `tui-…` for a batch action on the TUI's selection. */
  command: string;
  actor: string;
  /** The filter (`--where`), or `selection of N` for the TUI's. */
  filter: string;
  /** The options it ran with (reason, tags, texts…), as recorded for resuming. */
  params: Record<string, unknown>;
  total: number;
  done: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface BatchDetail extends BatchView {
  /** Tickets that carry an event of the batch, and its events by action. */
  tickets: number;
  events: Record<string, number>;
}

/** The recorded options: `close`/`bulk` store `{ params, pinned }` with params as canonical JSON. */
function paramsOf(row: BatchRow): Record<string, unknown> {
  try {
    const stored = JSON.parse(row.params) as { params?: unknown };
    const params = typeof stored.params === 'string' ? (JSON.parse(stored.params) as unknown) : stored.params;
    return params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function viewOf(ctx: AppContext, row: BatchRow): BatchView {
  return {
    id: row.id,
    command: row.command,
    actor: ctx.people.userById(row.actorId)?.handle ?? `#${row.actorId}`,
    filter: row.filter,
    params: paramsOf(row),
    total: row.total,
    done: row.done,
    createdAt: new Date(row.createdAt).toISOString(),
    finishedAt: isoOrNull(row.finishedAt),
  };
}

/** The newest batches the actor may see: an admin's view is everyone's, anyone else's their own. */
export function listBatches(ctx: AppContext, actor: Actor, options: { unfinished?: boolean; limit?: number } = {}): BatchView[] {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new BadInput(`bad --limit ${Number.isNaN(limit) ? '(not a number)' : limit}: use a whole number from 1 to 1000`);
  const repo = ctx.batch;
  return ctx.store.read(() => {
    const rows = repo.recent({ actorId: batchOwnerScope(actor), unfinished: options.unfinished === true, limit });
    return rows.map((row) => viewOf(ctx, row));
  });
}

/** One batch by its id or a unique prefix of it (8 characters are plenty), with its events. */
export function showBatch(ctx: AppContext, actor: Actor, idOrPrefix: string): BatchDetail {
  const prefix = idOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix))
    throw new BadInput(`bad batch id '${idOrPrefix}': give its id or its first 4 or more characters (ticketty batch list)`);
  const repo = ctx.batch;
  return ctx.store.read(() => {
    const rows = repo.byIdPrefix(prefix, batchOwnerScope(actor));
    if (!rows.length) throw new NotFound(`batch ${idOrPrefix} not found`);
    if (rows.length > 1) throw new BadInput(`batch id '${idOrPrefix}' is ambiguous: give more of it`);
    const row = rows[0]!;
    const events = repo.eventsOfBatch(row.id);
    return { ...viewOf(ctx, row), tickets: events.tickets, events: Object.fromEntries(events.byAction.map((e) => [e.action, e.n])) };
  });
}
