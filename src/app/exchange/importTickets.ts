// `ticketty import --format json`: validates every record (zod, then references), reports every
// bad one by line, and writes all of it in one transaction or nothing at all.
import type { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import type { ExchangeRepo } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  importText,
  mapAssignee,
  orgRecord,
  ticketRecord,
  userRecord,
  type OrgRecord,
  type TicketRecord,
  type UserRecord,
} from './exportFormat.js';
import { zodProblem } from '../tickets/macros.js';
import { foldTags } from '../../domain/tags.js';

export interface ImportProblem {
  /** 1-based line of the record, when the layout allows finding it. */
  line: number | null;
  where: string;
  message: string;
}

/** The import was refused: nothing was written. `problems` lists every bad record. */
export class ImportRejected extends BadInput {
  readonly problems: ImportProblem[];
  constructor(problems: ImportProblem[]) {
    super(`import refused: ${problems.length} problem${problems.length === 1 ? '' : 's'} (listed above); nothing was written`);
    this.problems = problems;
  }
}

export interface ImportSummary {
  organizations: number;
  users: number;
  tickets: number;
}

type Section = 'organizations' | 'users' | 'tickets';
const SECTIONS: Section[] = ['organizations', 'users', 'tickets'];

/** Finds the line of each record in the export layout (one record per line); null when hand-formatted. */
function recordLines(text: string, counts: Record<Section, number>): Record<Section, number[]> | null {
  const lines = text.split('\n');
  const result: Record<Section, number[]> = { organizations: [], users: [], tickets: [] };
  let section: Section | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const header = /^"(organizations|users|tickets)":\[/.exec(line);
    if (header) section = header[1] as Section;
    else if (section && line.startsWith('{')) result[section].push(i + 1);
    if (line.endsWith(']') || line.endsWith(']}') || line.endsWith('],')) section = null;
  });
  return SECTIONS.every((s) => result[s].length === counts[s]) ? result : null;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

export function importJson(ctx: AppContext, actor: Actor, input: string): ImportSummary {
  requireAdmin(actor, 'import tickets');
  const text = importText(input);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new BadInput(`not valid JSON: ${(error as Error).message}`);
  }
  const header = doc as { format?: unknown; version?: unknown } & Partial<Record<Section, unknown>>;
  if (!header || typeof header !== 'object' || header.format !== EXPORT_FORMAT)
    throw new BadInput(`not a ticketty export: expected "format": "${EXPORT_FORMAT}" on the first line`);
  if (header.version !== EXPORT_VERSION)
    throw new BadInput(`unsupported export version ${String(header.version)} (this ticketty reads version ${EXPORT_VERSION})`);
  for (const s of SECTIONS) if (!Array.isArray(header[s])) throw new BadInput(`not a ticketty export: "${s}" must be an array`);
  const raw = { organizations: header.organizations as unknown[], users: header.users as unknown[], tickets: header.tickets as unknown[] };
  const lines = recordLines(text, { organizations: raw.organizations.length, users: raw.users.length, tickets: raw.tickets.length });
  const problems: ImportProblem[] = [];
  const at = (s: Section, i: number) => ({ line: lines?.[s][i] ?? null, where: `${s}[${i}]` });
  function parseAll<T>(s: Section, schema: z.ZodType<T>): Array<T | undefined> {
    return raw[s].map((value, i) => {
      const r = schema.safeParse(value);
      if (!r.success) problems.push({ ...at(s, i), message: zodProblem(r.error) });
      return r.success ? r.data : undefined;
    });
  }
  const orgs = parseAll<OrgRecord>('organizations', orgRecord);
  const users = parseAll<UserRecord>('users', userRecord);
  const tickets = parseAll<TicketRecord>('tickets', ticketRecord);
  const repo = ctx.exchange;

  return ctx.store.write(() => {
    // References: to the file or to the database.
    const orgNames = new Set([
      ...orgs.flatMap((o) => (o ? [o.name] : [])),
      ...repo.orgsByNames(orgs.flatMap((o) => (o ? [o.name] : []))).map((o) => o.name),
    ]);
    const existingOrgs = new Set(repo.orgsByNames(orgs.flatMap((o) => (o ? [o.name] : []))).map((o) => o.name));
    // Handles of bad user records count as known: their own problem is reported, not every ticket naming them.
    const userHandles = new Set(
      raw.users.flatMap((u) => (u && typeof (u as { handle?: unknown }).handle === 'string' ? [(u as { handle: string }).handle] : [])),
    );
    const existingUsers = new Map(repo.usersByHandles([...userHandles]).map((u) => [u.handle, u]));
    orgs.forEach((o, i) => {
      if (!o || existingOrgs.has(o.name)) return;
      const taken = repo.domainsTaken(o.domains);
      if (taken.length)
        problems.push({ ...at('organizations', i), message: `mail domain ${taken[0]!.domain} belongs to another organization` });
    });
    users.forEach((u, i) => {
      if (!u) return;
      if (u.organization !== null && !orgNames.has(u.organization) && !ctx.people.orgByName(u.organization))
        problems.push({ ...at('users', i), message: `organization '${u.organization}' is neither in the file nor in the database` });
      const other = !existingUsers.has(u.handle) && u.email ? ctx.people.userByEmail(u.email) : undefined;
      if (other) problems.push({ ...at('users', i), message: `e-mail ${u.email} belongs to ${other.handle} in this database` });
    });
    const known = (h: string | null) => h === null || userHandles.has(h) || ctx.people.userByHandle(h) !== undefined;
    const ids = new Set<number>();
    const fileIds = new Set(tickets.flatMap((t) => (t ? [t.id] : [])));
    const taken = new Set(repo.ticketIdsTaken([...fileIds]));
    tickets.forEach((t, i) => {
      if (!t) return;
      const bad = (message: string) => problems.push({ ...at('tickets', i), message: `#${t.id}: ${message}` });
      if (ids.has(t.id)) bad('appears twice in the file');
      ids.add(t.id);
      if (taken.has(t.id)) bad('a ticket with this id exists already in the database');
      if (t.organization !== null && !orgNames.has(t.organization) && !ctx.people.orgByName(t.organization))
        bad(`unknown organization '${t.organization}'`);
      if (t.followUpOf !== null && !fileIds.has(t.followUpOf) && !ctx.tickets.ticketById(t.followUpOf))
        bad(`followUpOf #${t.followUpOf} is neither in the file nor in the database`);
      const people = [
        t.requester,
        t.assignee,
        ...t.watchers,
        ...t.comments.map((c) => c.author),
        ...t.events.map((e) => e.actor),
        ...t.levels.flatMap((l) => [l.pickedUpBy, l.lastAssignee]),
      ];
      const unknown = people.find((p) => !known(p));
      if (unknown) bad(`unknown user '${unknown}' (not in the file's users nor in the database)`);
      const event = t.events.findIndex((e) => e.comment !== null && e.comment >= t.comments.length);
      if (event >= 0) bad(`events[${event}] names comment ${t.events[event]!.comment}, but the ticket has ${t.comments.length}`);
    });
    if (problems.length) throw new ImportRejected(problems);

    const now = ctx.nowMs();
    let orgCount = 0;
    let userCount = 0;
    for (const o of orgs as OrgRecord[]) {
      if (existingOrgs.has(o.name)) continue;
      const org = ctx.people.insertOrg({ name: o.name, slaPlan: o.slaPlan, calendar: o.calendar, createdAt: now });
      for (const d of o.domains) ctx.people.addOrgDomain(org.id, d);
      orgCount++;
    }
    for (const u of users as UserRecord[]) {
      if (existingUsers.has(u.handle)) continue;
      const orgId = u.organization !== null ? ctx.people.orgByName(u.organization)!.id : null;
      ctx.people.insertUser({
        handle: u.handle,
        name: u.name,
        email: u.email,
        role: u.role,
        tier: u.tier,
        orgId,
        away: u.away,
        notifyAll: u.notifyAll,
        createdAt: now,
      });
      userCount++;
    }
    const userId = (h: string | null): number | null => (h === null ? null : ctx.people.userByHandle(h)!.id);
    for (const t of tickets as TicketRecord[]) writeTicket(ctx, repo, t, userId);
    for (const t of tickets as TicketRecord[]) if (t.followUpOf !== null) repo.setFollowUpOf(t.id, t.followUpOf);
    return { organizations: orgCount, users: userCount, tickets: tickets.length };
  });
}

function writeTicket(ctx: AppContext, repo: ExchangeRepo, t: TicketRecord, userId: (h: string | null) => number | null): void {
  repo.insertTicket({
    id: t.id,
    subject: t.subject,
    description: t.description,
    requesterId: userId(t.requester)!,
    orgId: t.organization !== null ? ctx.people.orgByName(t.organization)!.id : null,
    type: t.type,
    priority: t.priority,
    status: t.status,
    level: t.level,
    assigneeId: userId(t.assignee),
    channel: t.channel,
    waitingOn: t.waitingOn,
    resolution: t.resolution,
    closingReason: t.closingReason,
    // Set after every ticket is in: a follow-up may come before the ticket it follows.
    followUpOf: null,
    createdAt: ms(t.createdAt)!,
    updatedAt: ms(t.updatedAt)!,
    statusSince: ms(t.statusSince)!,
    solvedAt: ms(t.solvedAt),
    closedAt: ms(t.closedAt),
    version: t.version,
    pickupDueAt: ms(t.sla.pickupDueAt),
    firstPickupAt: ms(t.sla.firstPickupAt),
    pickupMinutes: t.sla.pickupMinutes,
    pickupBreached: t.sla.pickupBreached,
    resolutionStartAt: ms(t.sla.resolutionStartAt),
    resolutionDueAt: ms(t.sla.resolutionDueAt),
    resolutionPausedMinutes: t.sla.resolutionPausedMinutes,
    pausedSince: ms(t.sla.pausedSince),
    resolutionMinutes: t.sla.resolutionMinutes,
    resolutionBreached: t.sla.resolutionBreached,
    slaDueAt: ms(t.sla.slaDueAt)!,
  });
  for (const tag of foldTags(t.tags)) repo.insertTag(t.id, tag);
  for (const w of t.watchers) repo.insertWatcher(t.id, userId(w)!);
  for (const l of t.levels) {
    repo.insertLevel({
      ticketId: t.id,
      level: l.level,
      enteredAt: ms(l.enteredAt)!,
      pickupDueAt: ms(l.pickupDueAt),
      pickedUpAt: ms(l.pickedUpAt),
      pickedUpBy: userId(l.pickedUpBy),
      pickupMinutes: l.pickupMinutes,
      lastAssigneeId: userId(l.lastAssignee),
    });
  }
  const commentIds = t.comments.map((c) => {
    const id = repo.insertComment({
      ticketId: t.id,
      authorId: userId(c.author)!,
      body: c.body,
      internal: c.internal,
      channel: c.channel,
      createdAt: ms(c.createdAt)!,
      messageId: c.messageId,
    });
    for (const a of c.attachments) {
      const data = Buffer.from(a.data, 'base64');
      repo.insertAttachment({ commentId: id, filename: a.filename, contentType: a.contentType, size: data.length, data });
    }
    return id;
  });
  const toId = (v: unknown) => (typeof v === 'string' ? userId(v) : v);
  for (const e of t.events) {
    const before = mapAssignee(e.before, 'assignee', 'assigneeId', toId);
    const after = mapAssignee(e.after, 'assignee', 'assigneeId', toId);
    repo.insertEvent({
      ticketId: t.id,
      actorId: userId(e.actor),
      at: ms(e.at)!,
      action: e.action,
      before: before ? JSON.stringify(before) : null,
      after: after ? JSON.stringify(after) : null,
      text: e.text,
      commentId: e.comment !== null ? commentIds[e.comment]! : null,
      batchId: e.batchId,
      version: e.version,
    });
  }
}
