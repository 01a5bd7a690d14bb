// `ticketty export`: tickets (with comments, events, tags, watchers and per-level state in JSON;
// one row per ticket in CSV), streamed a page at a time so a million tickets never sit in memory.
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import { type ExchangeRepo } from '../../store/port/index.js';
import type { TicketRow } from '../../store/port/index.js';
import type { UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';
import { filterCondition } from '../tickets/ticketQueries.js';
import {
  CSV_COLUMNS,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  iso,
  mapAssignee,
  type OrgRecord,
  type TicketRecord,
  type UserRecord,
} from './exportFormat.js';

export type ExchangeFormat = 'json' | 'csv';

export function parseFormat(value: string | undefined): ExchangeFormat {
  const format = (value ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'csv') throw new BadInput(`bad format '${value}': use json or csv`);
  return format;
}

const PAGE = 500;

/** CSV text cells, in CSV_COLUMNS order (the CLI writes them with its CSV writer). */
export type CsvRow = Array<string | number | null>;

export interface ExportSink {
  /** JSON text, written as it comes. */
  text?: (chunk: string) => Promise<void> | void;
  csvRows?: (rows: CsvRow[]) => Promise<void> | void;
}

/**
 * Streams the export of the tickets matching `where` (all when absent). Admins only: an export
 * holds internal notes and everyone's addresses.
 */
export async function exportTickets(
  ctx: AppContext,
  actor: Actor,
  input: { where?: string | undefined; format: ExchangeFormat },
  sink: ExportSink,
): Promise<number> {
  requireAdmin(actor, 'export tickets');
  const where = filterCondition(ctx, actor, input.where);
  const repo = ctx.exchange;
  const people = ctx.store.read(() => peopleOf(ctx, repo, repo.referencedUserIds(where)));
  if (input.format === 'json') {
    await sink.text!(`{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},\n"organizations":[`);
    await sink.text!(people.orgs.map((o) => `\n${JSON.stringify(o)}`).join(','));
    await sink.text!('],\n"users":[');
    await sink.text!(people.users.map((u) => `\n${JSON.stringify(u)}`).join(','));
    await sink.text!('],\n"tickets":[');
  }
  let afterId = 0;
  let count = 0;
  for (;;) {
    const page = ctx.store.read(() => {
      const rows = repo.ticketsPage(where, afterId, PAGE);
      return input.format === 'json'
        ? ticketRecords(ctx, repo, rows, people.handles).map((t) => JSON.stringify(t))
        : csvRows(ctx, rows, people.handles);
    });
    if (!page.length) break;
    if (input.format === 'json') await sink.text!(page.map((line, i) => `${count + i ? ',' : ''}\n${line}`).join(''));
    else await sink.csvRows!(page as CsvRow[]);
    count += page.length;
    afterId =
      page.length && input.format === 'json'
        ? (JSON.parse(page[page.length - 1] as string) as { id: number }).id
        : ((page[page.length - 1] as CsvRow)[0] as number);
    if (page.length < PAGE) break;
  }
  if (input.format === 'json') await sink.text!(']}\n');
  return count;
}

function peopleOf(ctx: AppContext, _repo: ExchangeRepo, userIds: number[]) {
  const users = ctx.people.usersByIds(userIds).sort((a, b) => a.handle.localeCompare(b.handle));
  // Every organization goes along (there are few): tickets may name one their requester is not in.
  const orgs = ctx.people.listOrgs().sort((a, b) => a.name.localeCompare(b.name));
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const domains = ctx.people.domainsOfOrgs(orgs.map((o) => o.id));
  const orgRecords: OrgRecord[] = orgs.map((o) => ({
    name: o.name,
    slaPlan: o.slaPlan,
    calendar: o.calendar,
    domains: domains.filter((d) => d.orgId === o.id).map((d) => d.domain),
  }));
  const userRecords: UserRecord[] = users.map((u: UserRow) => ({
    handle: u.handle,
    name: u.name,
    email: u.email,
    role: u.role as UserRecord['role'],
    tier: u.tier,
    organization: u.orgId !== null ? (orgNames.get(u.orgId) ?? null) : null,
    away: u.away,
    notifyAll: u.notifyAll,
  }));
  return { orgs: orgRecords, users: userRecords, handles: { users: new Map(users.map((u) => [u.id, u])), orgs: orgNames } };
}

interface Handles {
  users: Map<number, UserRow>;
  orgs: Map<number, string>;
}

const handleOf = (h: Handles, id: number | null): string | null => (id === null ? null : (h.users.get(id)?.handle ?? null));

function ticketRecords(ctx: AppContext, repo: ExchangeRepo, rows: TicketRow[], h: Handles): TicketRecord[] {
  const ids = rows.map((r) => r.id);
  const tags = ctx.tickets.tagsOf(ids);
  const watchers = ctx.tickets.watchersOf(ids);
  const levels = repo.levelsOf(ids);
  const comments = repo.commentsOf(ids);
  const events = repo.eventsOf(ids);
  const attachments = repo.attachmentsOf([...comments.values()].flat().map((c) => c.id));
  return rows.map((r) => {
    const ticketComments = comments.get(r.id) ?? [];
    const commentIndex = new Map(ticketComments.map((c, i) => [c.id, i]));
    return {
      id: r.id,
      subject: r.subject,
      description: r.description,
      requester: handleOf(h, r.requesterId)!,
      organization: r.orgId !== null ? (h.orgs.get(r.orgId) ?? null) : null,
      type: r.type,
      priority: r.priority as TicketRecord['priority'],
      status: r.status as TicketRecord['status'],
      level: r.level,
      assignee: handleOf(h, r.assigneeId),
      channel: r.channel as TicketRecord['channel'],
      waitingOn: r.waitingOn as TicketRecord['waitingOn'],
      resolution: r.resolution,
      closingReason: r.closingReason,
      followUpOf: r.followUpOf,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      statusSince: iso(r.statusSince)!,
      solvedAt: iso(r.solvedAt),
      closedAt: iso(r.closedAt),
      version: r.version,
      sla: {
        pickupDueAt: iso(r.pickupDueAt),
        firstPickupAt: iso(r.firstPickupAt),
        pickupMinutes: r.pickupMinutes,
        pickupBreached: r.pickupBreached,
        resolutionStartAt: iso(r.resolutionStartAt),
        resolutionDueAt: iso(r.resolutionDueAt),
        resolutionPausedMinutes: r.resolutionPausedMinutes,
        pausedSince: iso(r.pausedSince),
        resolutionMinutes: r.resolutionMinutes,
        resolutionBreached: r.resolutionBreached,
        slaDueAt: iso(r.slaDueAt)!,
      },
      tags: tags.get(r.id) ?? [],
      watchers: (watchers.get(r.id) ?? []).map((id) => handleOf(h, id)!).sort(),
      levels: (levels.get(r.id) ?? []).map((l) => ({
        level: l.level,
        enteredAt: iso(l.enteredAt)!,
        pickupDueAt: iso(l.pickupDueAt),
        pickedUpAt: iso(l.pickedUpAt),
        pickedUpBy: handleOf(h, l.pickedUpBy),
        pickupMinutes: l.pickupMinutes,
        lastAssignee: handleOf(h, l.lastAssigneeId),
      })),
      comments: ticketComments.map((c) => ({
        author: handleOf(h, c.authorId)!,
        internal: c.internal,
        channel: c.channel as TicketRecord['channel'],
        createdAt: iso(c.createdAt)!,
        body: c.body,
        messageId: c.messageId,
        attachments: (attachments.get(c.id) ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          data: a.data.toString('base64'),
        })),
      })),
      events: (events.get(r.id) ?? []).map((e) => ({
        at: iso(e.at)!,
        actor: handleOf(h, e.actorId),
        action: e.action,
        before: mapAssignee(e.before ? (JSON.parse(e.before) as Record<string, unknown>) : null, 'assigneeId', 'assignee', (v) =>
          typeof v === 'number' ? handleOf(h, v) : v,
        ),
        after: mapAssignee(e.after ? (JSON.parse(e.after) as Record<string, unknown>) : null, 'assigneeId', 'assignee', (v) =>
          typeof v === 'number' ? handleOf(h, v) : v,
        ),
        text: e.text,
        comment: e.commentId !== null ? (commentIndex.get(e.commentId) ?? null) : null,
        batchId: e.batchId,
        version: e.version,
      })),
    };
  });
}

function csvRows(ctx: AppContext, rows: TicketRow[], h: Handles): CsvRow[] {
  const ids = rows.map((r) => r.id);
  const tags = ctx.tickets.tagsOf(ids);
  const watchers = ctx.tickets.watchersOf(ids);
  return rows.map((r) => {
    const requester = h.users.get(r.requesterId);
    const row: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
      id: r.id,
      subject: r.subject,
      description: r.description,
      requester: requester?.handle ?? null,
      requesterEmail: requester?.email ?? null,
      requesterName: requester?.name ?? null,
      organization: r.orgId !== null ? (h.orgs.get(r.orgId) ?? null) : null,
      type: r.type,
      priority: r.priority,
      status: r.status,
      level: r.level,
      assignee: handleOf(h, r.assigneeId),
      tags: (tags.get(r.id) ?? []).join(' '),
      watchers: (watchers.get(r.id) ?? [])
        .map((id) => handleOf(h, id))
        .sort()
        .join(' '),
      channel: r.channel,
      waitingOn: r.waitingOn,
      resolution: r.resolution,
      closingReason: r.closingReason,
      followUpOf: r.followUpOf,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      solvedAt: iso(r.solvedAt),
      closedAt: iso(r.closedAt),
      version: r.version,
    };
    return CSV_COLUMNS.map((c) => row[c]);
  });
}
