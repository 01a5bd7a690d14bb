// Staff move a forum post into support (`ticket channel`), a requester corrects the subject and
// description of their own open ticket (`ticket edit`), both kept in the history; and a type
// change re-targets the running SLA clocks to the new type's targets (a plan's per-type targets).
// Driven through the real CLI with --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

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
  ok(env, ['sla', 'set', 'gold', '--pickup', 'P3=4h', '--resolution', 'P3=16h'], 'admin');
  ok(env, ['sla', 'set', 'gold', '--type', 'question', '--pickup', '1h', '--resolution', '8h'], 'admin');
  ok(env, ['org', 'set', 'ACME', '--plan', 'gold'], 'admin');
});
afterAll(() => tmp.cleanup());

type Shown = {
  subject: string;
  description?: string;
  channel: string;
  events: Array<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>;
  sla: {
    pickup: { targetMinutes: number | null; dueAt: string | null };
    resolution: { targetMinutes: number | null; dueAt: string | null };
  };
};
const show = (id: string, as = 'admin') => ok(env, ['ticket', 'show', id, '--json'], as).json<Shown>();
const create = (now: string, args: string[], as: string) =>
  String(ok(at(now), ['ticket', 'create', ...args, '--json'], as).json<{ id: number }>().id);

describe('ticket channel', () => {
  it('staff move a forum post into support; requesters may not; the history keeps the old channel', () => {
    const id = create(
      '2026-03-02T09:00:00Z',
      ['-s', 'Login loop', '-t', 'from the forum', '--requester', 'ann@acme.test', '--channel', 'forum'],
      'sam',
    );
    expect(runCli(env, ['ticket', 'channel', id, 'email'], { as: 'ann' })).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/only staff may change the channel/),
    });
    expect(runCli(env, ['ticket', 'channel', id, 'pigeon'], { as: 'sam' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/bad channel 'pigeon'/),
    });
    ok(at('2026-03-02T09:10:00Z'), ['ticket', 'channel', id, 'web'], 'sam');
    const t = show(id);
    expect(t.channel).toBe('web');
    expect(t.events.at(-1)).toMatchObject({ action: 'channel', before: { channel: 'forum' }, after: { channel: 'web' } });
    expect(ok(env, ['ticket', 'show', id], 'sam').stdout).toMatch(/channel\s+\(channel: forum → web\)/);
  });
});

describe('ticket edit', () => {
  it('the requester edits their own open ticket; others may not; a closed one is immutable', () => {
    const id = create('2026-03-02T09:00:00Z', ['-s', 'Printer jmas', '-t', 'It jams'], 'ann');
    ok(at('2026-03-02T09:05:00Z'), ['ticket', 'edit', id, '--subject', 'Printer jams on tray 2'], 'ann');
    ok(at('2026-03-02T09:06:00Z'), ['ticket', 'edit', id, '--text', '-'], 'ann', 'It jams on tray 2 since Monday.');
    const t = show(id);
    expect(t.subject).toBe('Printer jams on tray 2');
    expect(t.events.slice(-2)).toMatchObject([
      { action: 'edit', before: { subject: 'Printer jmas' }, after: { subject: 'Printer jams on tray 2' } },
      { action: 'edit', before: { description: 'It jams' }, after: { description: 'It jams on tray 2 since Monday.' } },
    ]);
    expect(runCli(env, ['ticket', 'edit', id, '--subject', 'mine now'], { as: 'gus' }).code).toBe(3);
    expect(runCli(env, ['ticket', 'edit', id], { as: 'ann' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/name what changes/),
    });
    ok(at('2026-03-02T09:10:00Z'), ['ticket', 'accept', id], 'sam');
    ok(at('2026-03-02T09:11:00Z'), ['ticket', 'edit', id, '--description', 'Tray 2, model X'], 'sam');
    ok(at('2026-03-02T09:20:00Z'), ['ticket', 'solve', id, '--resolution', 'roller'], 'sam');
    expect(runCli(env, ['ticket', 'edit', id, '--subject', 'late'], { as: 'ann' })).toMatchObject({
      code: 5,
      stderr: expect.stringMatching(/it is SOLVED L1/),
    });
  });
});

describe('a type change re-targets the running SLA clocks', () => {
  it('fault → question moves the due times to the question targets from the ticket’s start', () => {
    const id = create('2026-03-02T09:00:00Z', ['-s', 'How to export?', '-t', '?', '--type', 'fault'], 'ann');
    expect(show(id).sla).toMatchObject({
      pickup: { targetMinutes: 240, dueAt: '2026-03-02T13:00:00.000Z' },
      resolution: { targetMinutes: 960, dueAt: '2026-03-03T17:00:00.000Z' },
    });
    ok(at('2026-03-02T09:30:00Z'), ['ticket', 'type', id, 'question'], 'sam');
    expect(show(id).sla).toMatchObject({
      pickup: { targetMinutes: 60, dueAt: '2026-03-02T10:00:00.000Z' },
      resolution: { targetMinutes: 480, dueAt: '2026-03-02T17:00:00.000Z' },
    });
    const breached = (now: string) =>
      runCli(at(now), ['ticket', 'list', '--where', 'sla=breached', '--json'], { as: 'admin' })
        .json<Array<{ id: number }>>()
        .map((t) => String(t.id));
    expect(breached('2026-03-02T10:00:00Z')).not.toContain(id);
    expect(breached('2026-03-02T10:01:00Z')).toContain(id);
    // Back to a fault: the fault's targets again, and no longer breached at 10:01.
    ok(at('2026-03-02T10:01:00Z'), ['ticket', 'type', id, 'fault'], 'sam');
    expect(show(id).sla.pickup).toMatchObject({ targetMinutes: 240, dueAt: '2026-03-02T13:00:00.000Z' });
    expect(breached('2026-03-02T10:02:00Z')).not.toContain(id);
  });
});
