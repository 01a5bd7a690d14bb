// Seed processes: the three-level association flow (an association's superuser handles level 1
// and escalates; the vendor's agents and engineers answer; the association answers questions
// asked of it), and the lifecycle with reminders and automatic close. Through the real CLI, --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
const run = (now: string, args: string[], as: string) => {
  const r = runCli(at(now), [...args, '--json'], { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.json<{ id: number; status: string; level: number; assignee: string | null; waitingOn?: string | null }>();
};
beforeAll(() => seedCli(env));
afterAll(() => tmp.cleanup());

describe('the three-level association flow', () => {
  it('member → association superuser (L1) → vendor agent (L2) → engineer (L3) and back, confirmed by the member', () => {
    const t = run(
      '2026-03-02T09:00:00Z',
      ['ticket', 'create', '-s', 'Adhésions en double', '-t', 'Two members have the same number'],
      'ann',
    );
    const id = String(t.id);
    // Level 1 is the association's own support: the superuser's reply opens the ticket and is its pickup.
    expect(run('2026-03-02T09:20:00Z', ['ticket', 'reply', id, '-t', 'We are looking at it'], 'sam')).toMatchObject({
      status: 'open',
      level: 1,
      assignee: 'sam',
    });
    expect(run('2026-03-02T09:40:00Z', ['ticket', 'escalate', id, '--reason', 'database fault'], 'sam')).toMatchObject({
      status: 'new',
      level: 2,
    });
    run('2026-03-02T10:00:00Z', ['ticket', 'accept', id], 'bob');
    // Level 2 asks the association (its superusers), who answer as the customer side.
    expect(run('2026-03-02T10:10:00Z', ['ticket', 'request-info', id, '-t', 'Which two numbers?'], 'bob')).toMatchObject({
      status: 'pending',
    });
    expect(run('2026-03-02T10:30:00Z', ['ticket', 'reply', id, '-t', '1042 and 1043'], 'sam')).toMatchObject({ status: 'open', level: 2 });
    run('2026-03-02T11:00:00Z', ['ticket', 'escalate', id, '--reason', 'unique index missing'], 'bob');
    run('2026-03-02T11:05:00Z', ['ticket', 'accept', id], 'eve');
    run('2026-03-02T14:00:00Z', ['ticket', 'deescalate', id, '--reason', 'index added; data fix at L2'], 'eve');
    expect(run('2026-03-02T15:00:00Z', ['ticket', 'solve', id, '--resolution', 'Duplicate merged'], 'bob')).toMatchObject({
      status: 'solved',
      level: 2,
    });
    expect(run('2026-03-02T16:00:00Z', ['ticket', 'close', id], 'ann')).toMatchObject({ status: 'closed' });
    const show = runCli(env, ['ticket', 'show', id, '--json'], { as: 'admin' }).json<{
      sla: { pickup: { state: string; elapsedMinutes: number }; resolution: { state: string } };
      events: Array<{ action: string }>;
    }>();
    expect(show.sla.pickup).toMatchObject({ state: 'met', elapsedMinutes: 20 });
    expect(show.sla.resolution.state).toBe('met');
    expect(show.events.map((e) => e.action)).toEqual([
      'create',
      'reply',
      'escalate',
      'accept',
      'request_info',
      'reply',
      'escalate',
      'accept',
      'deescalate',
      'solve',
      'close',
    ]);
  });
});

describe('the lifecycle with reminders and automatic close', () => {
  it('pending: reminded after 24 h and 5 d, closed no_response after 7 d; solved: closed after 24 h', () => {
    const waiting = String(run('2026-03-09T09:00:00Z', ['ticket', 'create', '-s', 'Printer', '-t', 'jams'], 'ann').id);
    run('2026-03-09T09:10:00Z', ['ticket', 'request-info', waiting, '-t', 'Which tray?'], 'sam');
    const solved = String(run('2026-03-09T09:00:00Z', ['ticket', 'create', '-s', 'Login', '-t', 'locked'], 'ann').id);
    run('2026-03-09T09:30:00Z', ['ticket', 'accept', solved], 'sam');
    run('2026-03-09T10:00:00Z', ['ticket', 'solve', solved, '--resolution', 'unlocked'], 'sam');
    const automate = (now: string) => runCli(at(now), ['automate', '--json'], { as: 'admin' });
    expect(automate('2026-03-10T09:05:00Z').code).toBe(0); // < 24 h for both
    const statusOf = (id: string) =>
      runCli(env, ['ticket', 'show', id, '--json'], { as: 'admin' }).json<{
        status: string;
        closingReason: string | null;
        tags: string[];
        events: Array<{ action: string }>;
      }>();
    expect(statusOf(solved).status).toBe('solved');
    automate('2026-03-10T10:05:00Z');
    expect(statusOf(solved)).toMatchObject({ status: 'closed', closingReason: 'resolved' });
    expect(statusOf(waiting).events.filter((e) => e.action === 'remind')).toHaveLength(1);
    automate('2026-03-14T09:15:00Z');
    expect(statusOf(waiting).events.filter((e) => e.action === 'remind')).toHaveLength(2);
    automate('2026-03-16T09:15:00Z');
    expect(statusOf(waiting)).toMatchObject({ status: 'closed', closingReason: 'no_response', tags: ['no-response'] });
    // A second run at the same moment does nothing.
    const again = automate('2026-03-16T09:15:00Z');
    expect(again.code).toBe(0);
    expect(statusOf(waiting).events.filter((e) => e.action === 'auto_close')).toHaveLength(1);
  });
});
