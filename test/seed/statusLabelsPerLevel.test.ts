// Status labels per level (SPEC 2.1: `OPEN 1L`, `WAITING L1`): an admin names a status at one
// level; the CLI tables, `ticket show`, the line after a change, the backlog report and mail show
// it; --json keeps the canonical values; a filter may name a label. Driven through the real CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { databaseRows } from '../helpers/tableRows.js';
import { runInProcess } from '../helpers/cliTree.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
const ok = (e: CliEnv, args: string[], as: string) => {
  const r = runCli(e, args, { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};
/** The same CLI in-process (parse, handlers, exit codes): for the variants of a behaviour one spawn has shown. */
const okInProcess = async (args: string[], as: string) => {
  const r = await runInProcess(['--db', tmp.db, '--as', as, '--now', '2026-03-02T10:00:00Z', ...args]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
beforeAll(() => seedCli(env));
afterAll(() => tmp.cleanup());

const create = (subject: string, extra: string[] = [], as = 'ann') =>
  String(
    ok(at('2026-03-02T09:00:00Z'), ['ticket', 'create', '-s', subject, '-t', 'text', '--json', ...extra], as).json<{ id: number }>().id,
  );

describe('status labels per level', () => {
  it('an admin sets and retires a label of one level; others may not', async () => {
    ok(env, ['dictionary', 'set', 'status', 'open', 'OPEN 1L', '--level', '1'], 'admin');
    await okInProcess(['dictionary', 'set', 'status', 'pending', 'WAITING L1', '--level', '1'], 'admin');
    await okInProcess(['dictionary', 'set', 'status', 'new', 'LEVEL 1', '--level', '1'], 'admin');
    await okInProcess(['dictionary', 'set', 'status', 'closed', 'GONE', '--level', '2'], 'admin');
    expect(runCli(env, ['dictionary', 'set', 'status', 'open', 'X', '--level', '4'], { as: 'admin' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/bad level '4'/),
    });
    expect(runCli(env, ['dictionary', 'set', 'status', 'open', 'X', '--level', '1'], { as: 'bob' }).code).toBe(4);
    const list = ok(env, ['dictionary', 'list'], 'ann').stdout;
    expect(list).toMatch(/pending\s+PENDING\s+WAITING L1 \*\s+PENDING L2\s+PENDING L3/);
    ok(env, ['dictionary', 'retire', 'status', 'closed', '--level', '2'], 'admin');
    const json = ok(env, ['dictionary', 'list', '--json'], 'ann').json<{ statusLevelLabels: Record<string, Record<string, string>> }>();
    expect(json.statusLevelLabels).toEqual({ open: { 1: 'OPEN 1L' }, pending: { 1: 'WAITING L1' }, new: { 1: 'LEVEL 1' }, closed: {} });
  });

  it('shows the label in tables, show, the line after a change, reports and mail; --json stays canonical', () => {
    const l1 = create('Printer jams');
    const l2 = create('VPN drops', ['--requester', 'ann@acme.test', '--level', '2'], 'bob');
    expect(ok(env, ['ticket', 'list'], 'admin').stdout).toMatch(/LEVEL 1\s/);
    expect(ok(at('2026-03-02T09:10:00Z'), ['ticket', 'accept', l1], 'sam').stdout).toMatch(new RegExp(`#${l1}  OPEN 1L  P3`));
    ok(at('2026-03-02T09:20:00Z'), ['ticket', 'request-info', l1, '-t', 'Which model?'], 'sam');
    ok(at('2026-03-02T09:20:00Z'), ['ticket', 'accept', l2], 'bob');
    ok(at('2026-03-02T09:30:00Z'), ['ticket', 'request-info', l2, '-t', 'Which client?'], 'bob');
    const table = ok(env, ['ticket', 'list'], 'admin').stdout;
    expect(table).toMatch(new RegExp(`#${l1}\\s+P3\\s+WAITING L1\\s`));
    expect(table).toMatch(new RegExp(`#${l2}\\s+P3\\s+PENDING L2\\s`));
    // A batch's preview lists its tickets with the labels too.
    const preview = ok(env, ['bulk', '--where', 'text~jams', '--priority', 'P2', '--dry-run'], 'admin').stdout;
    expect(preview).toMatch(new RegExp(`#${l1}\\s+P3\\s+WAITING L1\\s`));
    expect(ok(env, ['ticket', 'show', l1], 'ann').stdout).toMatch(/status\s+WAITING L1 \(waiting on requester\)/);
    expect(ok(env, ['ticket', 'show', l1, '--json'], 'ann').json<{ status: string; level: number }>()).toMatchObject({
      status: 'pending',
      level: 1,
    });
    // The report's rows are statuses at every level: they show the status label.
    ok(env, ['dictionary', 'set', 'status', 'pending', 'EN ATTENTE'], 'admin');
    expect(ok(env, ['report', 'backlog'], 'admin').stdout).toMatch(/^EN ATTENTE\s+1\s+1\s+0\s+2$/m);
    expect(ok(env, ['report', 'backlog', '--format', 'json'], 'admin').stdout).toContain('"status": "pending"');
    // Mail says what the ticket was called at the event.
    const requests = new Set(databaseRows(tmp.db, 'events', { ticketId: Number(l1), action: 'request_info' }).map((e) => e.id));
    const snapshots = databaseRows(tmp.db, 'outbox', { ticketId: Number(l1) }).filter((o) => requests.has(o.eventId));
    expect(snapshots.length).toBeGreaterThan(0);
    expect(JSON.parse(snapshots[0]!.snapshot!)).toMatchObject({ status: 'PENDING', level: 1, statusLine: 'WAITING L1' });
  });

  it('a filter may name a label: canonical values and labels, per level, with != and in', async () => {
    const idsOf = (json: string) => (JSON.parse(json) as Array<{ id: number }>).map((t) => t.id);
    // The real bin once; the variants of the filter through the same CLI in-process.
    const pendingL1 = idsOf(ok(env, ['ticket', 'list', '--where', 'status="WAITING L1"', '--json'], 'admin').stdout);
    const ids = async (where: string) => idsOf(await okInProcess(['ticket', 'list', '--where', where, '--json'], 'admin'));
    expect(pendingL1).toHaveLength(1);
    expect(await ids('status=pending and level=1')).toEqual(pendingL1);
    expect(await ids('status="waiting l1"')).toEqual(pendingL1);
    expect(await ids('status="EN ATTENTE"')).toEqual(await ids('status=pending'));
    expect(await ids('status="EN ATTENTE L2"')).toEqual(await ids('status=pending and level=2'));
    expect(await ids('status!="WAITING L1"')).toEqual(await ids('not (status=pending and level=1)'));
    expect(await ids('status in ("WAITING L1", "LEVEL 1")')).toEqual(await ids('(status=pending and level=1) or (status=new and level=1)'));
    const bad = runCli(env, ['ticket', 'list', '--where', 'status="NO SUCH"'], { as: 'admin' });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/"NO SUCH" is not a status .* or a status label/) });
  });
});
