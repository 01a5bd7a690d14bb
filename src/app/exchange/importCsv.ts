// `ticketty import --format csv`: one ticket per row in the columns `export --format csv` writes.
// Requesters unknown here are created from requesterEmail; assignees and watchers must exist.
// Each ticket gets its description as first comment and one `import` event; all or nothing.
import { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import { CHANNELS, PRIORITIES, STATUSES, WAITING_ON } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import type { ImportedTicket, UserRow } from '../../store/port/index.js';
import { requireAdmin } from '../settings/dictionaries.js';
import { createHash } from 'node:crypto';
import { CSV_COLUMNS, mailAddress } from './exportFormat.js';
import { csvRecords, textSource, type ImportSource } from './importSource.js';
import { Problems, runImport, unfinishedImport, type ImportOptions, type ImportSummary } from './importRun.js';
import { controlProblem } from './importText.js';
import { zodProblem } from '../tickets/macros.js';
import { foldTags } from '../../domain/tags.js';

const opt = (s: z.ZodType<string>) => z.union([z.literal('').transform(() => null), s]);
const iso = z
  .string()
  .refine((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 UTC time');
const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
const handle = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i, 'a user handle');

const csvRow = z.object({
  id: int(1, Number.MAX_SAFE_INTEGER),
  subject: z.string().min(1).max(250),
  description: z.string().min(1),
  requester: handle,
  requesterEmail: opt(mailAddress),
  requesterName: z.string(),
  organization: opt(z.string().min(1)),
  type: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a ticket type'),
  priority: z.enum(PRIORITIES),
  status: z.enum(STATUSES),
  level: int(1, 3),
  assignee: opt(handle),
  tags: z.string().transform((s) => s.split(' ').filter(Boolean)),
  watchers: z.string().transform((s) => s.split(' ').filter(Boolean)),
  channel: z.enum(CHANNELS),
  waitingOn: opt(z.enum(WAITING_ON)),
  resolution: opt(z.string()),
  closingReason: opt(z.string()),
  followUpOf: opt(z.string()).transform((s) => (s === null ? null : Number(s))),
  createdAt: iso,
  updatedAt: iso,
  solvedAt: opt(iso),
  closedAt: opt(iso),
  version: int(1, Number.MAX_SAFE_INTEGER),
});
type CsvTicket = z.infer<typeof csvRow>;

/** The one-line and multi-line texts of a row: the field holding a control character, if any. */
function rowTextProblem(t: CsvTicket): string | undefined {
  const fields: Array<[string, string | null, boolean]> = [
    ['subject', t.subject, false],
    ['description', t.description, true],
    ['requesterName', t.requesterName, false],
    ['organization', t.organization, false],
    ['resolution', t.resolution, true],
    ['closingReason', t.closingReason, false],
  ];
  for (const [field, text, multiline] of fields) {
    const problem = text === null ? undefined : controlProblem(text, multiline);
    if (problem) return `${field}: ${problem}`;
  }
  return undefined;
}

const CHECK_BATCH = 500;

export async function importCsv(
  ctx: AppContext,
  actor: Actor,
  input: string | ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  requireAdmin(actor, 'import tickets');
  const source = typeof input === 'string' ? textSource(input) : input;
  const hash = createHash('sha256');
  const problems = new Problems();
  const repo = ctx.exchange;
  const users = new Map<string, { id: number; role: string } | null>();
  const userOf = (h: string) => {
    if (!users.has(h)) {
      const u = ctx.people.userByHandle(h);
      users.set(h, u ? { id: u.id, role: u.role } : null);
    }
    return users.get(h)!;
  };
  const orgs = new Map<string, number | null>();
  const orgOf = (name: string) => {
    if (!orgs.has(name)) orgs.set(name, ctx.people.orgByName(name)?.id ?? null);
    return orgs.get(name)!;
  };
  const ids = new Set<number>();
  const followUps: Array<[number, number]> = [];
  const followUpLines = new Map<number, number>();
  const taken: Array<{ position: number; line: number; id: number }> = [];
  const newRequesters = new Map<string, string | null>(); // handle → e-mail, of requesters this file creates
  let position = 0;
  let maxId = 0;
  let pending: Array<{ line: number; t: CsvTicket; position: number }> = [];
  const checkBatch = () => {
    const batch = pending;
    pending = [];
    ctx.store.read(() => {
      const inDb = new Set(repo.ticketIdsTaken(batch.map((b) => b.t.id)));
      for (const { line, t, position: p } of batch) {
        const bad = (message: string) => problems.add({ line, where: `line ${line}`, message: `#${t.id}: ${message}` });
        if (inDb.has(t.id)) taken.push({ position: p, line, id: t.id });
        if (t.organization && orgOf(t.organization) === null) bad(`unknown organization '${t.organization}'`);
        const requester = userOf(t.requester);
        if (!requester && !newRequesters.has(t.requester)) {
          if (!t.requesterEmail) bad(`unknown requester '${t.requester}' and no requesterEmail to create one`);
          else {
            const other = ctx.people.userByEmail(t.requesterEmail);
            if (other) bad(`requesterEmail ${t.requesterEmail} belongs to ${other.handle} in this database`);
            else newRequesters.set(t.requester, t.requesterEmail);
          }
        }
        for (const h of [t.assignee, ...t.watchers]) if (h && !userOf(h)) bad(`unknown user '${h}'`);
        const assignee = t.assignee ? userOf(t.assignee) : null;
        if (assignee?.role === 'requester') bad(`assignee: '${t.assignee}' is a requester, not staff`);
      }
    });
  };

  let head: string[] | undefined;
  for await (const r of csvRecords(source, hash)) {
    if (!head) {
      head = r.cells;
      if (head.join(',') !== CSV_COLUMNS.join(',')) throw new BadInput(`CSV: the first line must be the header ${CSV_COLUMNS.join(',')}`);
      continue;
    }
    const where = `line ${r.line}`;
    if (r.cells.length !== CSV_COLUMNS.length) {
      problems.add({ line: r.line, where, message: `${r.cells.length} fields, expected ${CSV_COLUMNS.length}` });
      position++;
      continue;
    }
    const parsed = csvRow.safeParse(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r.cells[i]])));
    if (!parsed.success) {
      problems.add({ line: r.line, where, message: zodProblem(parsed.error) });
      position++;
      continue;
    }
    const t = parsed.data;
    if (ids.has(t.id)) problems.add({ line: r.line, where, message: `#${t.id}: appears twice` });
    ids.add(t.id);
    maxId = Math.max(maxId, t.id);
    const text = rowTextProblem(t);
    if (text) problems.add({ line: r.line, where, message: `#${t.id}: ${text}` });
    if (t.followUpOf !== null) {
      followUps.push([t.id, t.followUpOf]);
      if (followUpLines.size < 1000) followUpLines.set(t.id, r.line);
    }
    pending.push({ line: r.line, t, position: position++ });
    if (pending.length >= CHECK_BATCH) checkBatch();
  }
  if (!head) throw new BadInput(`CSV: the first line must be the header ${CSV_COLUMNS.join(',')}`);
  if (pending.length) checkBatch();
  const fingerprint = `sha256:${hash.digest('hex')}`;
  const resume = unfinishedImport(ctx, actor, fingerprint);
  const written = resume?.done ?? 0;
  for (const { position: p, line, id } of taken)
    if (p >= written)
      problems.add({ line, where: `line ${line}`, message: `#${id}: a ticket with this id exists already in the database` });
  ctx.store.read(() => {
    const missing = followUps.filter(([, of]) => !ids.has(of));
    const inDb = new Set<number>();
    for (let i = 0; i < missing.length; i += CHECK_BATCH)
      for (const id of repo.ticketIdsTaken(missing.slice(i, i + CHECK_BATCH).map(([, of]) => of))) inDb.add(id);
    for (const [id, of] of missing) {
      if (inDb.has(of)) continue;
      const line = followUpLines.get(id) ?? null;
      problems.add({ line, where: line !== null ? `line ${line}` : `#${id}`, message: `#${id}: followUpOf #${of} is unknown` });
    }
  });
  problems.list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  problems.throwIfAny();

  return runImport(
    ctx,
    actor,
    {
      format: 'csv',
      fingerprint,
      total: position,
      maxId,
      resume,
      followUps,
      prepare: () => ({ organizations: 0, users: 0 }),
      tickets: async function* () {
        let first = true;
        for await (const r of csvRecords(source)) {
          if (first) {
            first = false;
            continue;
          }
          const parsed = csvRow.safeParse(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r.cells[i]])));
          if (!parsed.success) throw new BadInput(`the file changed during the import (line ${r.line}): run it again`);
          yield { record: parsed.data, size: 500 + parsed.data.description.length };
        }
      },
      idOf: (t) => t.id,
      write: (list) => {
        let created = 0;
        const people = chunkPeople(ctx);
        const rows = list.map((t) => {
          const { ticket, createdUser } = importedRow(ctx, people, actor, t);
          if (createdUser) created++;
          return ticket;
        });
        ctx.exchange.insertTickets(rows);
        return created;
      },
    },
    options,
  );
}

type ChunkPeople = ReturnType<typeof chunkPeople>;

/**
 * The people a chunk's rows name, each read once (a read per row and name was a round trip each
 * on PostgreSQL). Made for each chunk: its transaction may be rerun, and a requester it created
 * is gone with a rollback.
 */
function chunkPeople(ctx: AppContext) {
  const users = new Map<string, UserRow | undefined>();
  const orgIds = new Map<string, number>();
  return {
    user(handle: string): UserRow | undefined {
      if (!users.has(handle)) users.set(handle, ctx.people.userByHandle(handle));
      return users.get(handle);
    },
    orgId(name: string): number {
      if (!orgIds.has(name)) orgIds.set(name, ctx.people.orgByName(name)!.id);
      return orgIds.get(name)!;
    },
    created(user: UserRow): void {
      users.set(user.handle, user);
    },
  };
}

/** One row's ticket; its requester is created when unknown (`createdUser`). */
function importedRow(ctx: AppContext, people: ChunkPeople, actor: Actor, t: CsvTicket): { ticket: ImportedTicket; createdUser: boolean } {
  let createdUser = false;
  const orgId = t.organization ? people.orgId(t.organization) : null;
  let requester = people.user(t.requester);
  if (!requester) {
    requester = ctx.people.insertUser({
      handle: t.requester,
      name: t.requesterName || t.requester,
      email: t.requesterEmail,
      role: 'requester',
      tier: null,
      orgId,
      createdAt: ctx.nowMs(),
    });
    people.created(requester);
    createdUser = true;
  }
  const created = Date.parse(t.createdAt);
  const updated = Date.parse(t.updatedAt);
  const ticket: ImportedTicket = {
    ticket: {
      id: t.id,
      subject: t.subject,
      description: t.description,
      requesterId: requester.id,
      orgId,
      type: t.type,
      priority: t.priority,
      status: t.status,
      level: t.level,
      assigneeId: t.assignee ? people.user(t.assignee)!.id : null,
      channel: t.channel,
      waitingOn: t.waitingOn,
      resolution: t.resolution,
      closingReason: t.closingReason,
      createdAt: created,
      updatedAt: updated,
      statusSince: updated,
      solvedAt: t.solvedAt ? Date.parse(t.solvedAt) : null,
      closedAt: t.closedAt ? Date.parse(t.closedAt) : null,
      version: t.version,
    },
    tags: foldTags(t.tags),
    watcherIds: t.watchers.map((w) => people.user(w)!.id),
    levels: [{ ticketId: t.id, level: t.level, enteredAt: created }],
    comments: [
      {
        row: { ticketId: t.id, authorId: requester.id, body: t.description, internal: false, channel: t.channel, createdAt: created },
        attachments: [],
      },
    ],
    events: [
      {
        ticketId: t.id,
        actorId: actor.id,
        at: ctx.nowMs(),
        action: 'import',
        before: null,
        after: JSON.stringify({ status: t.status, level: t.level }),
        text: 'imported from CSV',
        comment: 0,
        batchId: null,
        version: t.version,
      },
    ],
  };
  return { ticket, createdUser };
}
