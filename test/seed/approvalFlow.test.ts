// Seed process: the approval step of custom development. A customer asks for a new export; the
// agent records an estimate (pending on the customer's approval, the resolution clock paused);
// the customer approves by mail (APPROVE as the first word) and work starts; a second request is
// declined from the CLI and ends solved with the reason. Every step is an event, notifies, and
// shows in the backlog report. Driven through the real CLI with --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { databaseRows } from '../helpers/tableRows.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
const ok = (e: CliEnv, args: string[], as: string, input?: string) => {
  const r = runCli(e, args, { as, ...(input !== undefined ? { input } : {}) });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};
beforeAll(() => {
  seedCli(env);
  ok(env, ['config', 'set', 'mail.supportAddress', 'support@help.example.com'], 'admin');
});
afterAll(() => tmp.cleanup());

type Shown = {
  status: string;
  waitingOn: string | null;
  resolution: string | null;
  sla: { resolution: { pausedMinutes: number; state: string } };
  events: Array<{ action: string; after: Record<string, unknown> | null; text: string | null }>;
};
const show = (id: string, as = 'bob') => ok(env, ['ticket', 'show', id, '--json'], as).json<Shown>();
const outboxOf = (id: string, action: string) => {
  const events = new Set(databaseRows(tmp.db, 'events', { ticketId: Number(id), action }).map((e) => e.id));
  const handles = new Map(databaseRows(tmp.db, 'users').map((u) => [u.id, u.handle]));
  return databaseRows(tmp.db, 'outbox', { ticketId: Number(id) })
    .filter((o) => events.has(o.eventId))
    .map((o) => handles.get(o.recipientId)!)
    .sort();
};

const mail = (subject: string, text: string) =>
  [
    'From: Ann <ann@acme.test>',
    'To: support@help.example.com',
    `Subject: ${subject}`,
    'Message-ID: <approve-1@acme.test>',
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');

describe('the approval step of custom development', () => {
  let id = '';

  it('staff record an estimate: pending on the customer’s approval, clock paused, customer told', () => {
    id = String(
      ok(
        at('2026-03-02T09:00:00Z'),
        [
          'ticket',
          'create',
          '-s',
          'CSV export of invoices',
          '-t',
          'We need a monthly export',
          '--type',
          'custom_development',
          '--level',
          '2',
          '--requester',
          'ann@acme.test',
          '--json',
        ],
        'bob',
      ).json<{ id: number }>().id,
    );
    ok(at('2026-03-02T09:30:00Z'), ['ticket', 'accept', id], 'bob');
    // Only staff handling the level estimate; a ticket that is not open cannot take one.
    expect(runCli(at('2026-03-02T09:40:00Z'), ['ticket', 'estimate', id, '-t', 'x'], { as: 'ann' }).code).toBe(4);
    expect(runCli(at('2026-03-02T09:40:00Z'), ['ticket', 'estimate', id, '-t', 'x', '--hours', 'lots'], { as: 'bob' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/bad --hours 'lots'/),
    });
    const line = ok(
      at('2026-03-02T10:00:00Z'),
      ['ticket', 'estimate', id, '-t', 'Export screen and job: 3 days', '--hours', '24'],
      'bob',
    ).stdout;
    expect(line).toMatch(new RegExp(`#${id}  PENDING L2`));
    const t = show(id);
    expect(t).toMatchObject({ status: 'pending', waitingOn: 'approval' });
    expect(t.events.at(-1)).toMatchObject({ action: 'estimate', after: { status: 'pending', waitingOn: 'approval', hours: 24 } });
    expect(ok(env, ['ticket', 'show', id], 'ann').stdout).toMatch(/Estimate \(24 h\): Export screen and job: 3 days/);
    expect(outboxOf(id, 'estimate')).toContain('ann');
    // Answering with information is not how an estimate is answered.
    expect(runCli(env, ['ticket', 'provide-info', id, '-t', 'ok'], { as: 'ann' }).code).toBe(4);
    // A plain reply is a question about the estimate: it stays pending on approval.
    ok(at('2026-03-02T11:00:00Z'), ['ticket', 'reply', id, '-t', 'Does it include the PDF?'], 'ann');
    expect(show(id)).toMatchObject({ status: 'pending', waitingOn: 'approval' });
    expect(ok(env, ['ticket', 'list', '--where', 'waiting=approval', '--json'], 'bob').json<unknown[]>()).toHaveLength(1);
    expect(ok(env, ['report', 'backlog'], 'admin').stdout).toMatch(/1 pending on the customer's approval of an estimate/);
    expect(ok(env, ['report', 'backlog', '--format', 'json'], 'admin').json<{ awaitingApproval: number }>().awaitingApproval).toBe(1);
  });

  it('the customer approves by mail (APPROVE as the first word): work starts, the pause counted', () => {
    const r = runCli(at('2026-03-03T10:00:00Z'), ['mailgate'], {
      input: mail(`Re: [#${id}] CSV export of invoices`, 'Approve - go ahead please.\n\n> quoted estimate'),
    });
    expect(r.code).toBe(0);
    const t = show(id);
    expect(t.status).toBe('open');
    expect(t.waitingOn).toBeNull();
    expect(t.events.at(-1)).toMatchObject({ action: 'approve', after: { status: 'open', waitingOn: null } });
    // Paused from the estimate (Mon 10:00) to the approval (Tue 10:00): 8 business hours.
    expect(t.sla.resolution.pausedMinutes).toBe(480);
    expect(outboxOf(id, 'approve')).toContain('bob');
    expect(ok(env, ['ticket', 'show', id], 'bob').stdout).toMatch(/approve\s+\(status: pending → open; waitingOn: approval → -\)/);
    // Approved once: nothing left to approve.
    expect(runCli(env, ['ticket', 'approve', id], { as: 'ann' })).toMatchObject({
      code: 5,
      stderr: expect.stringMatching(/it is OPEN L2/),
    });
  });

  it('a second request is declined from the CLI: solved with the reason', () => {
    const other = String(
      ok(
        at('2026-03-04T09:00:00Z'),
        ['ticket', 'create', '-s', 'Custom dashboard', '-t', 'A dashboard', '--type', 'custom_development', '--json'],
        'ann',
      ).json<{ id: number }>().id,
    );
    ok(at('2026-03-04T09:10:00Z'), ['ticket', 'accept', other], 'sam');
    ok(at('2026-03-04T09:20:00Z'), ['ticket', 'estimate', other, '-t', 'Two weeks of work'], 'sam');
    // Only the customer side answers (staff other than an admin may not approve for them).
    expect(runCli(env, ['ticket', 'approve', other], { as: 'sam' }).code).toBe(4);
    expect(runCli(env, ['ticket', 'approve', other], { as: 'gus' }).code).toBe(3);
    ok(at('2026-03-04T10:00:00Z'), ['ticket', 'decline', other, '--reason', 'over budget this year'], 'ann');
    const t = show(other, 'admin');
    expect(t).toMatchObject({ status: 'solved', resolution: 'estimate declined: over budget this year', waitingOn: null });
    expect(t.events.map((e) => e.action)).toEqual(['create', 'accept', 'estimate', 'decline']);
    expect(outboxOf(other, 'decline')).toContain('sam');
  });
});
