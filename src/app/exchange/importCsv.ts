// `ticketty import --format csv`: one ticket per row in the columns `export --format csv` writes.
// Requesters unknown here are created from requesterEmail; assignees and watchers must exist.
// Each ticket gets its description as first comment and one `import` event; all or nothing.
import { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import { CHANNELS, PRIORITIES, STATUSES, WAITING_ON } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';
import { importText } from './exportFormat.js';
import { CSV_COLUMNS } from './exportFormat.js';
import { ImportRejected, type ImportProblem, type ImportSummary } from './importTickets.js';
import { zodProblem } from '../tickets/macros.js';
import { foldTags } from '../../domain/tags.js';

/** RFC 4180 records with the line each starts on; undoes the export's formula guard. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endCell = () => {
    cells.push(/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        if (ch === '\n') line++;
        cell += ch;
        i++;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      endCell();
      records.push({ line: start, cells });
      cells = [];
      if (ch === '\r') i++;
      line++;
      start = line;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new BadInput(`CSV: a quoted field opened on line ${start} never closes`);
  if (cell !== '' || cells.length) {
    endCell();
    records.push({ line: start, cells });
  }
  return records;
}

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
  requesterEmail: opt(z.email()),
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

export function importCsv(ctx: AppContext, actor: Actor, input: string): ImportSummary {
  requireAdmin(actor, 'import tickets');
  const text = importText(input);
  const [head, ...records] = parseCsv(text);
  if (!head || head.cells.join(',') !== CSV_COLUMNS.join(','))
    throw new BadInput(`CSV: the first line must be the header ${CSV_COLUMNS.join(',')}`);
  const problems: ImportProblem[] = [];
  const rows: Array<{ line: number; t: CsvTicket }> = [];
  for (const r of records) {
    const where = `line ${r.line}`;
    if (r.cells.length !== CSV_COLUMNS.length) {
      problems.push({ line: r.line, where, message: `${r.cells.length} fields, expected ${CSV_COLUMNS.length}` });
      continue;
    }
    const parsed = csvRow.safeParse(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r.cells[i]])));
    if (parsed.success) rows.push({ line: r.line, t: parsed.data });
    else problems.push({ line: r.line, where, message: zodProblem(parsed.error) });
  }
  const repo = ctx.exchange;
  return ctx.store.write(() => {
    const taken = new Set(repo.ticketIdsTaken(rows.map((r) => r.t.id)));
    const ids = new Set(rows.map((r) => r.t.id));
    const seen = new Set<number>();
    for (const { line, t } of rows) {
      const bad = (message: string) => problems.push({ line, where: `line ${line}`, message: `#${t.id}: ${message}` });
      if (seen.has(t.id)) bad('appears twice');
      seen.add(t.id);
      if (taken.has(t.id)) bad('a ticket with this id exists already in the database');
      if (t.organization && !ctx.people.orgByName(t.organization)) bad(`unknown organization '${t.organization}'`);
      const requester = ctx.people.userByHandle(t.requester);
      if (!requester && !t.requesterEmail) bad(`unknown requester '${t.requester}' and no requesterEmail to create one`);
      for (const h of [t.assignee, ...t.watchers]) if (h && !ctx.people.userByHandle(h)) bad(`unknown user '${h}'`);
      if (t.followUpOf !== null && !ids.has(t.followUpOf) && !ctx.tickets.ticketById(t.followUpOf))
        bad(`followUpOf #${t.followUpOf} is unknown`);
    }
    if (problems.length) throw new ImportRejected(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    let users = 0;
    for (const { t } of rows) {
      const orgId = t.organization ? ctx.people.orgByName(t.organization)!.id : null;
      let requester = ctx.people.userByHandle(t.requester);
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
        users++;
      }
      const created = Date.parse(t.createdAt);
      const updated = Date.parse(t.updatedAt);
      repo.insertTicket({
        id: t.id,
        subject: t.subject,
        description: t.description,
        requesterId: requester.id,
        orgId,
        type: t.type,
        priority: t.priority,
        status: t.status,
        level: t.level,
        assigneeId: t.assignee ? ctx.people.userByHandle(t.assignee)!.id : null,
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
      });
      for (const tag of foldTags(t.tags)) repo.insertTag(t.id, tag);
      for (const w of t.watchers) repo.insertWatcher(t.id, ctx.people.userByHandle(w)!.id);
      repo.insertLevel({ ticketId: t.id, level: t.level, enteredAt: created });
      const commentId = repo.insertComment({
        ticketId: t.id,
        authorId: requester.id,
        body: t.description,
        internal: false,
        channel: t.channel,
        createdAt: created,
      });
      repo.insertEvent({
        ticketId: t.id,
        actorId: actor.id,
        at: ctx.nowMs(),
        action: 'import',
        before: null,
        after: JSON.stringify({ status: t.status, level: t.level }),
        text: 'imported from CSV',
        commentId,
        batchId: null,
        version: t.version,
      });
    }
    for (const { t } of rows) if (t.followUpOf !== null) repo.setFollowUpOf(t.id, t.followUpOf);
    return { organizations: 0, users, tickets: rows.length };
  });
}
