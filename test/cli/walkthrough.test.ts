// The README's walkthrough, spawned for real: a ticket through every status at levels 1, 2 and 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
beforeAll(() => seedCli(env));
afterAll(() => tmp.cleanup());

const ok = (args: string[], as: string, input?: string) => {
  const r = runCli(env, [...args, '--json'], { as, ...(input !== undefined ? { input } : {}) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json();
};

const SUMMARY_KEYS = [
  'id',
  'subject',
  'status',
  'level',
  'priority',
  'type',
  'requester',
  'organization',
  'assignee',
  'tags',
  'watchers',
  'channel',
  'createdAt',
  'updatedAt',
  'solvedAt',
  'closedAt',
  'closingReason',
  'followUpOf',
  'version',
  'sla',
];

describe('a ticket walked through the CLI', () => {
  it('goes from creation to L3 and back, is solved, reopened, closed and followed up', () => {
    let t = ok(['ticket', 'create', '--subject', 'VPN drops', '--text', '-'], 'ann', 'It drops every hour.\n');
    expect(Object.keys(t)).toEqual(expect.arrayContaining(SUMMARY_KEYS));
    expect(t).toMatchObject({ status: 'new', level: 1, requester: 'ann', organization: 'ACME', channel: 'cli', version: 1 });
    const id = `#${t.id}`;

    t = ok(['ticket', 'accept', id], 'sam');
    expect(t).toMatchObject({ status: 'open', assignee: 'sam' });
    t = ok(['ticket', 'request-info', id, '-t', 'Which version?'], 'sam');
    expect(t).toMatchObject({ status: 'pending' });
    t = ok(['ticket', 'reply', id, '-t', '5.1'], 'ann');
    expect(t.status).toBe('open');
    t = ok(['ticket', 'hold', id, '-t', 'waiting for the network team'], 'sam');
    expect(t.status).toBe('on_hold');
    t = ok(['ticket', 'resume', id], 'sam');
    t = ok(['ticket', 'escalate', id, '--reason', 'needs vendor analysis'], 'sam');
    expect(t).toMatchObject({ status: 'new', level: 2, assignee: null });
    t = ok(['ticket', 'accept', id, '--if-version', String(t.version)], 'bob');
    t = ok(['ticket', 'escalate', id, '--reason', 'code defect'], 'bob');
    expect(t).toMatchObject({ status: 'new', level: 3 });
    t = ok(['ticket', 'accept', id], 'eve');
    t = ok(['ticket', 'note', id, '-t', 'race in the reconnect loop'], 'eve');
    t = ok(['ticket', 'deescalate', id, '--reason', 'workaround found'], 'eve');
    expect(t).toMatchObject({ status: 'open', level: 2, assignee: 'bob' });
    t = ok(['ticket', 'priority', id, 'p2'], 'bob');
    t = ok(['ticket', 'tag', id, 'vpn', 'network'], 'bob');
    expect(t).toMatchObject({ priority: 'P2', tags: ['network', 'vpn'] });
    t = ok(['ticket', 'solve', id, '--resolution', 'Upgrade the client to 5.2'], 'bob');
    expect(t.status).toBe('solved');
    t = ok(['ticket', 'reopen', id, '-t', 'still happens'], 'ann');
    expect(t.status).toBe('open');
    t = ok(['ticket', 'solve', id, '--resolution', 'Driver update'], 'bob');
    t = ok(['ticket', 'close', id], 'ann');
    expect(t).toMatchObject({ status: 'closed', closingReason: 'resolved' });

    const follow = runCli(env, ['ticket', 'reply', id, '-t', 'It is back', '--json'], { as: 'ann' });
    expect(follow.code).toBe(0);
    expect(follow.stderr).toContain(`#${t.id} is closed: opened follow-up #`);
    expect(follow.json()).toMatchObject({ subject: 'Re: VPN drops', followUpOf: t.id, status: 'new', level: 1 });

    const shown = ok(['ticket', 'show', id], 'bob');
    expect(shown.events.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'accept',
      'request_info',
      'reply',
      'hold',
      'resume',
      'escalate',
      'accept',
      'escalate',
      'accept',
      'note',
      'deescalate',
      'priority',
      'tag',
      'solve',
      'reopen',
      'solve',
      'close',
    ]);
    expect(shown.comments.some((c: { internal: boolean }) => c.internal)).toBe(true);
    const asAnn = ok(['ticket', 'show', id], 'ann');
    expect(asAnn.comments.some((c: { internal: boolean }) => c.internal)).toBe(false);

    const human = runCli(env, ['ticket', 'show', id], { as: 'bob' });
    expect(human.stdout).toContain('INTERNAL NOTE by eve');
    expect(human.stdout).toMatch(/escalate .*level: 1 → 2.*needs vendor analysis/);
  });
});
