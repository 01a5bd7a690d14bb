// Seed process: per-group SLA with channels, and the admin who receives all mail. An organization
// on its own plan whose targets differ per request type (questions within 1 bh, work requests
// within 1 bd), tickets entered by staff from the forum and the phone, and an admin who chose to
// receive every notification. Driven through the real CLI with --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { databaseRows } from '../helpers/tableRows.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
const ok = (e: CliEnv, args: string[], as: string) => {
  const r = runCli(e, args, { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};
beforeAll(() => {
  seedCli(env);
  ok(env, ['sla', 'set', 'gold', '--pickup', 'P3=4h', '--resolution', 'P3=16h'], 'admin');
  ok(env, ['sla', 'set', 'gold', '--type', 'question', '--pickup', '1h'], 'admin');
  ok(env, ['sla', 'set', 'gold', '--type', 'work_request', '--pickup', '8h', '--resolution', 'none'], 'admin');
  ok(env, ['org', 'set', 'ACME', '--plan', 'gold'], 'admin');
  ok(env, ['user', 'set', 'admin', '--email', 'admin@vendor.test', '--notify-all'], 'admin');
});
afterAll(() => tmp.cleanup());

type Sla = {
  pickup: { targetMinutes: number | null; dueAt: string | null };
  resolution: { targetMinutes: number | null; dueAt: string | null };
  plan: string;
};
const slaOf = (id: string) => runCli(env, ['ticket', 'show', id, '--json'], { as: 'admin' }).json<{ sla: Sla; channel: string }>();

describe('per-group SLA with channels', () => {
  it('shows the plan with its per-type targets', () => {
    const plan = ok(env, ['sla', 'show', 'gold'], 'admin').stdout;
    expect(plan).toMatch(/per request type, over the priority's:/);
    expect(plan).toMatch(/question\s+1h\s+\(priority\)/);
    expect(plan).toMatch(/work_request\s+8h\s+none/);
  });

  it('targets each ticket by its organization’s plan and its type, whatever the channel', () => {
    const monday = at('2026-03-02T09:00:00Z');
    const question = String(
      ok(
        monday,
        [
          'ticket',
          'create',
          '-s',
          'How do I export?',
          '-t',
          'From the forum',
          '--requester',
          'ann@acme.test',
          '--channel',
          'forum',
          '--json',
        ],
        'sam',
      ).json<{ id: number }>().id,
    );
    const work = String(
      ok(
        monday,
        [
          'ticket',
          'create',
          '-s',
          'New user account',
          '-t',
          'By phone',
          '--requester',
          'ann@acme.test',
          '--channel',
          'phone',
          '--type',
          'work_request',
          '--json',
        ],
        'sam',
      ).json<{ id: number }>().id,
    );
    const fault = String(
      ok(monday, ['ticket', 'create', '-s', 'Crash', '-t', 'Crashes', '--type', 'fault', '--json'], 'ann').json<{ id: number }>().id,
    );
    const other = String(ok(monday, ['ticket', 'create', '-s', 'Globex question', '-t', '?', '--json'], 'gus').json<{ id: number }>().id);
    expect(slaOf(question)).toMatchObject({
      channel: 'forum',
      sla: { plan: 'gold', pickup: { targetMinutes: 60, dueAt: '2026-03-02T10:00:00.000Z' }, resolution: { targetMinutes: 960 } },
    });
    expect(slaOf(work)).toMatchObject({
      channel: 'phone',
      sla: { pickup: { targetMinutes: 480, dueAt: '2026-03-02T17:00:00.000Z' }, resolution: { targetMinutes: null } },
    });
    expect(slaOf(fault).sla).toMatchObject({ pickup: { targetMinutes: 240 }, resolution: { targetMinutes: 960 } });
    expect(slaOf(other).sla).toMatchObject({ plan: 'standard', pickup: { targetMinutes: 960 } });
    // The question's hour passes at 10:00; a minute later it is breached, the work request is not.
    const breached = runCli(at('2026-03-02T10:01:00Z'), ['ticket', 'list', '--where', 'sla=breached', '--json'], { as: 'admin' }).json<
      Array<{ id: number }>
    >();
    expect(breached.map((t) => String(t.id))).toEqual([question]);
  });

  it('the admin who receives all mail hears of every change, on every organization', () => {
    ok(at('2026-03-02T11:00:00Z'), ['ticket', 'escalate', '4', '--reason', 'needs an agent'], 'admin');
    ok(at('2026-03-02T11:05:00Z'), ['ticket', 'accept', '4'], 'bob');
    // The outbox of ticket 4 in id order, each row with its event's action and its recipient's handle.
    const actions = new Map(databaseRows(tmp.db, 'events', { ticketId: 4 }).map((e) => [e.id, e.action]));
    const handles = new Map(databaseRows(tmp.db, 'users').map((u) => [u.id, u.handle]));
    const rows = databaseRows(tmp.db, 'outbox', { ticketId: 4 }).map((o) => ({
      action: actions.get(o.eventId)!,
      handle: handles.get(o.recipientId)!,
    }));
    const to = (action: string) =>
      rows
        .filter((r) => r.action === action)
        .map((r) => r.handle)
        .sort();
    expect(to('create')).toEqual(['admin', 'gus']); // gus's receipt; Globex has no superuser
    expect(to('escalate')).toEqual(['gus']); // never the actor, even an admin who receives all
    expect(to('accept')).toEqual(['admin', 'gus']);
  });
});
