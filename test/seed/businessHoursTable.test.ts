// Seed process: the P1–P5 business-hours table (SPEC 4 standard plan, Mon–Fri 09:00–17:00), with
// inactivity closing (reminders after 30 d and 2 bd later, closed `inactive` 2 bd after) and the
// customer's validation of a solved ticket. Through the real CLI with --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
const must = (e: CliEnv, args: string[], as: string) => {
  const r = runCli(e, args, { as });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};
beforeAll(() => {
  seedCli(env);
  must(env, ['config', 'set', 'automation.policy', 'inactive'], 'admin');
});
afterAll(() => tmp.cleanup());

type Clock = { targetMinutes: number | null; dueAt: string | null; state: string };
const sla = (id: string, e: CliEnv = env) =>
  runCli(e, ['ticket', 'show', id, '--json'], { as: 'admin' }).json<{
    status: string;
    closingReason: string | null;
    sla: { pickup: Clock; resolution: Clock };
  }>();

describe('the P1–P5 business-hours table', () => {
  const ids: Record<string, string> = {};
  it('targets each priority as the table says, from a Friday 16:00 creation', () => {
    const friday = at('2026-03-06T16:00:00Z');
    for (const p of ['P1', 'P2', 'P3', 'P4', 'P5'])
      ids[p] = String(
        must(friday, ['ticket', 'create', '-s', `Case ${p}`, '-t', 'x', '--priority', p, '--json'], 'ann').json<{ id: number }>().id,
      );
    const table = Object.fromEntries(
      Object.entries(ids).map(([p, id]) => {
        const s = sla(id, friday).sla;
        return [p, [s.pickup.dueAt, s.resolution.dueAt]];
      }),
    );
    expect(table).toEqual({
      P1: ['2026-03-09T12:00:00.000Z', '2026-03-09T16:00:00.000Z'], // 4 h, 8 h
      P2: ['2026-03-09T16:00:00.000Z', '2026-03-10T16:00:00.000Z'], // 8 h, 16 h
      P3: ['2026-03-10T16:00:00.000Z', '2026-03-20T16:00:00.000Z'], // 16 h, 80 h
      P4: ['2026-03-13T16:00:00.000Z', null], // 40 h, best effort
      P5: [null, null],
    });
  });

  it('the customer validates a solved ticket; a question left unanswered closes as inactive', () => {
    must(at('2026-03-09T09:30:00Z'), ['ticket', 'accept', ids.P1!], 'sam');
    must(at('2026-03-09T15:00:00Z'), ['ticket', 'solve', ids.P1!, '--resolution', 'Replaced the switch'], 'sam');
    must(at('2026-03-09T16:00:00Z'), ['ticket', 'close', ids.P1!], 'ann'); // the customer confirms
    expect(sla(ids.P1!)).toMatchObject({
      status: 'closed',
      closingReason: 'resolved',
      sla: { pickup: { state: 'met' }, resolution: { state: 'met' } },
    });

    must(at('2026-03-09T10:00:00Z'), ['ticket', 'request-info', ids.P3!, '-t', 'Which site?'], 'sam');
    const automate = (now: string) => must(at(now), ['automate'], 'admin');
    automate('2026-04-07T10:00:00Z'); // 29 days: nothing yet
    expect(sla(ids.P3!).status).toBe('pending');
    automate('2026-04-08T10:05:00Z'); // 30 d: first reminder (Wednesday 10:00)
    automate('2026-04-10T10:05:00Z'); // 2 bd later: second reminder (Friday 10:00)
    automate('2026-04-14T09:55:00Z'); // 2 bd after the second is Tuesday 10:00: not yet
    expect(sla(ids.P3!).status).toBe('pending');
    automate('2026-04-14T10:00:00Z');
    expect(sla(ids.P3!)).toMatchObject({ status: 'closed', closingReason: 'inactive' });
    const events = runCli(env, ['ticket', 'show', ids.P3!, '--json'], { as: 'admin' })
      .json<{ events: Array<{ action: string }> }>()
      .events.map((e) => e.action);
    expect(events.filter((a) => a === 'remind')).toHaveLength(2);
  });
});
