// `ticketty import --format json`: reads the file twice as a stream. The first pass validates
// every record (zod, then its references: to the file or to the database) and reports every bad
// one by line; nothing is written unless all are good. The second writes them in short
// transactions (importRun.ts: resumable after a kill by running the same import again).
import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import type { ImportedTicket } from '../../store/port/index.js';
import { requireAdmin } from '../settings/dictionaries.js';
import { mapAssignee, orgRecord, ticketRecord, userRecord, type OrgRecord, type TicketRecord, type UserRecord } from './exportFormat.js';
import { zodProblem } from '../tickets/macros.js';
import { foldTags } from '../../domain/tags.js';
import { jsonRecords, textSource, type ImportSource, type RawRecord } from './importSource.js';
import { Problems, runImport, unfinishedImport, type ImportOptions, type ImportSummary } from './importRun.js';
import { controlProblem } from './importText.js';

export { ImportRejected, type ImportProblem, type ImportSummary } from './importRun.js';

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

const at = (r: RawRecord) => ({ line: r.line, where: `${r.section}[${r.index}]` });

/** Ticket records checked against the database together: one read per batch. */
const CHECK_BATCH = 500;

/** The text problems of a ticket record: the field that holds a control character, if any. */
function ticketTextProblem(t: TicketRecord): string | undefined {
  const fields: Array<[string, string | null, boolean]> = [
    ['subject', t.subject, false],
    ['description', t.description, true],
    ['organization', t.organization, false],
    ['resolution', t.resolution, true],
    ['closingReason', t.closingReason, false],
    ...t.comments.flatMap(
      (c, i): Array<[string, string | null, boolean]> => [
        [`comments[${i}].body`, c.body, true],
        [`comments[${i}].messageId`, c.messageId, false],
        ...c.attachments.map((a, j): [string, string, boolean] => [`comments[${i}].attachments[${j}].filename`, a.filename, false]),
      ],
    ),
    ...t.events.map((e, i): [string, string | null, boolean] => [`events[${i}].text`, e.text, true]),
  ];
  for (const [field, text, multiline] of fields) {
    const problem = text === null ? undefined : controlProblem(text, multiline);
    if (problem) return `${field}: ${problem}`;
  }
  return undefined;
}

export async function importJson(
  ctx: AppContext,
  actor: Actor,
  input: string | ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  requireAdmin(actor, 'import tickets');
  const source = typeof input === 'string' ? textSource(input) : input;
  const problems = new Problems();
  const hash = createHash('sha256');
  const orgs: OrgRecord[] = [];
  const users: UserRecord[] = [];
  const peopleAt: RawRecord[][] = [[], []]; // the records of orgs and users, for their lines
  const repo = ctx.exchange;
  // Handles of bad user records count as known: their own problem is reported, not every ticket naming them.
  const fileHandles = new Map<string, string | null>();
  const fileOrgs = new Set<string>();
  const dbUser = new Map<string, string | null>(); // handle → role, null when unknown
  const dbOrg = new Map<string, boolean>();
  const roleOf = (h: string): string | null | undefined => {
    if (fileHandles.has(h)) return fileHandles.get(h);
    if (!dbUser.has(h)) dbUser.set(h, ctx.people.userByHandle(h)?.role ?? null);
    return dbUser.get(h) ?? undefined;
  };
  const orgKnown = (name: string) => {
    if (fileOrgs.has(name)) return true;
    if (!dbOrg.has(name)) dbOrg.set(name, ctx.people.orgByName(name) !== undefined);
    return dbOrg.get(name)!;
  };
  const fileIds = new Set<number>();
  const followUps: Array<[number, number]> = [];
  const followUpLines = new Map<number, RawRecord>();
  // Positions (file order) of tickets whose id is taken in the database, and the first few records.
  const taken: number[] = [];
  const takenRecords = new Map<number, { r: RawRecord; id: number }>();
  let position = 0;
  let maxId = 0;
  let pending: Array<{ r: RawRecord; t: TicketRecord; position: number }> = [];

  const checkBatch = () => {
    const batch = pending;
    pending = [];
    ctx.store.read(() => {
      const inDb = new Set(repo.ticketIdsTaken(batch.map((b) => b.t.id)));
      for (const { r, t, position: p } of batch) {
        const bad = (message: string) => problems.add({ ...at(r), message: `#${t.id}: ${message}` });
        if (inDb.has(t.id)) {
          taken.push(p);
          if (takenRecords.size < 1000) takenRecords.set(p, { r, id: t.id });
        }
        if (t.organization !== null && !orgKnown(t.organization)) bad(`unknown organization '${t.organization}'`);
        const people = [
          t.requester,
          t.assignee,
          ...t.watchers,
          ...t.comments.map((c) => c.author),
          ...t.events.map((e) => e.actor),
          ...t.levels.flatMap((l) => [l.pickedUpBy, l.lastAssignee]),
        ];
        const unknown = people.find((h) => h !== null && roleOf(h) === undefined);
        if (unknown) bad(`unknown user '${unknown}' (not in the file's users nor in the database)`);
        // As the write path: an assignee handles tickets, so is staff.
        else if (t.assignee !== null && roleOf(t.assignee) === 'requester') bad(`assignee: '${t.assignee}' is a requester, not staff`);
      }
    });
  };

  for await (const r of jsonRecords(source, hash)) {
    if (r.error !== undefined) {
      problems.add({ ...at(r), message: r.error });
      continue;
    }
    if (r.section === 'organizations') {
      const p = orgRecord.safeParse(r.value);
      if (!p.success) problems.add({ ...at(r), message: zodProblem(p.error) });
      else if (controlProblem(p.data.name, false)) problems.add({ ...at(r), message: `name: ${controlProblem(p.data.name, false)}` });
      else {
        orgs.push(p.data);
        peopleAt[0]!.push(r);
        fileOrgs.add(p.data.name);
      }
    } else if (r.section === 'users') {
      const handle = (r.value as { handle?: unknown } | null)?.handle;
      const p = userRecord.safeParse(r.value);
      if (typeof handle === 'string') fileHandles.set(handle, p.success ? p.data.role : null);
      if (!p.success) problems.add({ ...at(r), message: zodProblem(p.error) });
      else if (controlProblem(p.data.name, false)) problems.add({ ...at(r), message: `name: ${controlProblem(p.data.name, false)}` });
      else {
        users.push(p.data);
        peopleAt[1]!.push(r);
      }
    } else {
      const p = ticketRecord.safeParse(r.value);
      const id = (r.value as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        if (fileIds.has(id)) problems.add({ ...at(r), message: `#${id}: appears twice in the file` });
        fileIds.add(id);
      }
      if (!p.success) {
        problems.add({ ...at(r), message: zodProblem(p.error) });
        position++;
        continue;
      }
      const t = p.data;
      maxId = Math.max(maxId, t.id);
      const text = ticketTextProblem(t);
      if (text) problems.add({ ...at(r), message: `#${t.id}: ${text}` });
      const event = t.events.findIndex((e) => e.comment !== null && e.comment >= t.comments.length);
      if (event >= 0)
        problems.add({
          ...at(r),
          message: `#${t.id}: events[${event}] names comment ${t.events[event]!.comment}, but the ticket has ${t.comments.length}`,
        });
      if (t.followUpOf !== null) {
        followUps.push([t.id, t.followUpOf]);
        if (followUpLines.size < 1000) followUpLines.set(t.id, r);
      }
      pending.push({ r, t, position: position++ });
      if (pending.length >= CHECK_BATCH) checkBatch();
    }
  }
  if (pending.length) checkBatch();
  const fingerprint = `sha256:${hash.digest('hex')}`;
  const resume = unfinishedImport(ctx, actor, fingerprint);
  const written = resume?.done ?? 0;
  ctx.store.read(() => {
    checkPeople(ctx, orgs, users, peopleAt, problems);
    for (const p of taken) {
      if (p < written) continue; // written by the interrupted run this one finishes
      const known = takenRecords.get(p);
      problems.add(
        known
          ? { ...at(known.r), message: `#${known.id}: a ticket with this id exists already in the database` }
          : { line: null, where: `tickets[${p}]`, message: 'a ticket with this id exists already in the database' },
      );
    }
    const missing = followUps.filter(([, of]) => !fileIds.has(of));
    const inDb = new Set<number>();
    for (let i = 0; i < missing.length; i += CHECK_BATCH)
      for (const id of repo.ticketIdsTaken(missing.slice(i, i + CHECK_BATCH).map(([, of]) => of))) inDb.add(id);
    for (const [id, of] of missing) {
      if (inDb.has(of)) continue;
      const r = followUpLines.get(id);
      problems.add({
        line: r?.line ?? null,
        where: r ? at(r).where : `#${id}`,
        message: `#${id}: followUpOf #${of} is neither in the file nor in the database`,
      });
    }
  });
  problems.throwIfAny();

  const existingUsers = new Set<string>();
  const userIds = new Map<string, number>();
  const orgIds = new Map<string, number>();
  const userId = (h: string | null): number | null => {
    if (h === null) return null;
    let id = userIds.get(h);
    if (id === undefined) userIds.set(h, (id = ctx.people.userByHandle(h)!.id));
    return id;
  };
  const orgId = (name: string | null): number | null => {
    if (name === null) return null;
    let id = orgIds.get(name);
    if (id === undefined) orgIds.set(name, (id = ctx.people.orgByName(name)!.id));
    return id;
  };
  return runImport(
    ctx,
    actor,
    {
      format: 'json',
      fingerprint,
      total: position,
      maxId,
      resume,
      followUps,
      prepare: () => {
        const now = ctx.nowMs();
        const existingOrgs = new Set(repo.orgsByNames(orgs.map((o) => o.name)).map((o) => o.name));
        for (const u of repo.usersByHandles(users.map((u) => u.handle))) existingUsers.add(u.handle);
        let organizations = 0;
        let created = 0;
        for (const o of orgs) {
          if (existingOrgs.has(o.name)) continue;
          const org = ctx.people.insertOrg({ name: o.name, slaPlan: o.slaPlan, calendar: o.calendar, createdAt: now });
          for (const d of o.domains) ctx.people.addOrgDomain(org.id, d);
          organizations++;
        }
        for (const u of users) {
          if (existingUsers.has(u.handle)) continue;
          ctx.people.insertUser({
            handle: u.handle,
            name: u.name,
            email: u.email,
            role: u.role,
            tier: u.tier,
            orgId: orgId(u.organization),
            away: u.away,
            notifyAll: u.notifyAll,
            createdAt: now,
          });
          created++;
        }
        return { organizations, users: created };
      },
      tickets: async function* () {
        for await (const r of jsonRecords(source)) {
          if (r.section !== 'tickets') continue;
          const p = ticketRecord.safeParse(r.value);
          if (!p.success) throw new Error(`the file changed during the import (line ${r.line ?? '?'}): run it again`);
          yield {
            record: p.data,
            size: p.data.comments.reduce((n, c) => n + c.body.length + c.attachments.reduce((m, a) => m + a.data.length, 0), 500),
          };
        }
      },
      idOf: (t) => t.id,
      write: (list) => {
        ctx.exchange.insertTickets(list.map((t) => importedTicket(t, userId, orgId)));
        return 0;
      },
    },
    options,
  );
}

/** Organizations and users against the database: taken mail domains and e-mail addresses, unknown organizations. */
function checkPeople(ctx: AppContext, orgs: OrgRecord[], users: UserRecord[], peopleAt: RawRecord[][], problems: Problems): void {
  const repo = ctx.exchange;
  const existingOrgs = new Set(repo.orgsByNames(orgs.map((o) => o.name)).map((o) => o.name));
  const orgNames = new Set(orgs.map((o) => o.name));
  const existingUsers = new Set(repo.usersByHandles(users.map((u) => u.handle)).map((u) => u.handle));
  orgs.forEach((o, i) => {
    if (existingOrgs.has(o.name)) return;
    const taken = repo.domainsTaken(o.domains);
    if (taken.length) problems.add({ ...at(peopleAt[0]![i]!), message: `mail domain ${taken[0]!.domain} belongs to another organization` });
  });
  users.forEach((u, i) => {
    const where = at(peopleAt[1]![i]!);
    if (u.organization !== null && !orgNames.has(u.organization) && !ctx.people.orgByName(u.organization))
      problems.add({ ...where, message: `organization '${u.organization}' is neither in the file nor in the database` });
    const other = !existingUsers.has(u.handle) && u.email ? ctx.people.userByEmail(u.email) : undefined;
    if (other) problems.add({ ...where, message: `e-mail ${u.email} belongs to ${other.handle} in this database` });
  });
}

function importedTicket(
  t: TicketRecord,
  userId: (h: string | null) => number | null,
  orgId: (name: string | null) => number | null,
): ImportedTicket {
  const toId = (v: unknown) => (typeof v === 'string' ? userId(v) : v);
  return {
    ticket: {
      id: t.id,
      subject: t.subject,
      description: t.description,
      requesterId: userId(t.requester)!,
      orgId: orgId(t.organization),
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
    },
    tags: foldTags(t.tags),
    watcherIds: t.watchers.map((w) => userId(w)!),
    levels: t.levels.map((l) => ({
      ticketId: t.id,
      level: l.level,
      enteredAt: ms(l.enteredAt)!,
      pickupDueAt: ms(l.pickupDueAt),
      pickedUpAt: ms(l.pickedUpAt),
      pickedUpBy: userId(l.pickedUpBy),
      pickupMinutes: l.pickupMinutes,
      lastAssigneeId: userId(l.lastAssignee),
    })),
    comments: t.comments.map((c) => ({
      row: {
        ticketId: t.id,
        authorId: userId(c.author)!,
        body: c.body,
        internal: c.internal,
        channel: c.channel,
        createdAt: ms(c.createdAt)!,
        messageId: c.messageId,
      },
      attachments: c.attachments.map((a) => {
        const data = Buffer.from(a.data, 'base64');
        return { filename: a.filename, contentType: a.contentType, size: data.length, data };
      }),
    })),
    events: t.events.map((e) => {
      const before = mapAssignee(e.before, 'assignee', 'assigneeId', toId);
      const after = mapAssignee(e.after, 'assignee', 'assigneeId', toId);
      return {
        ticketId: t.id,
        actorId: userId(e.actor),
        at: ms(e.at)!,
        action: e.action,
        before: before ? JSON.stringify(before) : null,
        after: after ? JSON.stringify(after) : null,
        text: e.text,
        comment: e.comment,
        batchId: e.batchId,
        version: e.version,
      };
    }),
  };
}
