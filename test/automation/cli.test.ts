// `ticketty automate` and routing through the real bin/ticketty, on the --now clock; two automate
// processes at once on the same database (a SQLite file or a PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { openApp } from '../../src/app/createApp.js';
import { fixedClock } from '../../src/domain/clock.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { databaseRows } from '../helpers/tableRows.js';
import { onPostgres } from '../helpers/testStore.js';

const tmp = tempDb();
const START = '2026-03-02T10:00:00Z';
const at = (now: string): CliEnv => ({ db: tmp.db, now });
beforeAll(() => seedCli(at(START)));
afterAll(() => tmp.cleanup());

const ok = (now: string, args: string[], as?: string) => {
  const r = runCli(at(now), args, as ? { as } : {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
};

describe('ticketty automate', () => {
  let id: number;
  beforeAll(() => {
    id = ok(START, ['ticket', 'create', '--subject', 'VPN drops', '--text', 'Every hour', '--json'], 'ann').json().id;
    ok(START, ['ticket', 'accept', String(id)], 'sam');
    ok(START, ['ticket', 'request-info', String(id), '--text', 'Which version?'], 'sam');
  });

  it('forecasts the reminders and the auto-close', () => {
    const items = ok(START, ['forecast', '--within', '7d', '--json'], 'sam')
      .json()
      .items.filter((i: { ticketId: number }) => i.ticketId === id);
    expect(items.map((i: { at: string; kind: string }) => `${i.at} ${i.kind}`)).toEqual([
      '2026-03-03T10:00:00.000Z reminder',
      '2026-03-07T10:00:00.000Z reminder',
      '2026-03-09T10:00:00.000Z auto_close',
    ]);
  });

  it('walks the pending timeline: nothing at 23 h, reminders at 24 h and 5 d, tag and close at 7 d', () => {
    expect(ok('2026-03-03T09:00:00Z', ['automate', '--as', 'ticketty']).stdout).toBe('automate: nothing due at 2026-03-03T09:00:00Z\n');

    const dry = ok('2026-03-03T10:00:00Z', ['automate', '--dry-run', '--as', 'ticketty']).stdout;
    expect(dry).toContain(`${`#${id}`.padEnd(6)}  pending.1  2026-03-03 10:00  remind → ann`);
    expect(dry).toContain('automate --dry-run: would fire 1 step on 1 ticket at 2026-03-03T10:00:00Z; nothing written');

    const first = ok('2026-03-03T10:00:00Z', ['automate', '--as', 'ticketty']).stdout;
    expect(first).toContain('TICKET  STEP       DUE               DONE');
    expect(first).toContain(`${`#${id}`.padEnd(6)}  pending.1  2026-03-03 10:00  remind → ann`);
    expect(first).toContain('automate: fired 1 step on 1 ticket at 2026-03-03T10:00:00Z');
    // Idempotent: the same moment again does nothing.
    expect(ok('2026-03-03T10:00:00Z', ['automate', '--as', 'ticketty']).stdout).toBe('automate: nothing due at 2026-03-03T10:00:00Z\n');

    const second = ok('2026-03-07T10:00:00Z', ['automate', '--json', '--as', 'ticketty']).json();
    expect(second).toEqual({
      at: '2026-03-07T10:00:00Z',
      dryRun: false,
      fired: [
        {
          ticket: id,
          status: 'pending',
          step: 'pending.2',
          dueAt: '2026-03-07T10:00:00Z',
          actions: 'remind',
          reminded: ['ann'],
          superseded: false,
        },
      ],
    });

    expect(ok('2026-03-09T09:59:00Z', ['automate', '--json', '--as', 'ticketty']).json().fired).toEqual([]);
    const closed = ok('2026-03-09T10:00:00Z', ['automate', '--as', 'ticketty']).stdout;
    expect(closed).toContain(`${`#${id}`.padEnd(6)}  pending.3  2026-03-09 10:00  tag no-response, close no_response`);
    const shown = ok('2026-03-09T10:00:00Z', ['ticket', 'show', String(id), '--json'], 'sam').json();
    expect(shown).toMatchObject({ status: 'closed', closingReason: 'no_response', tags: ['no-response'] });
    const autoClose = shown.events.find((e: { action: string }) => e.action === 'auto_close');
    expect(autoClose.actor).toBeNull();
    expect(shown.events.filter((e: { action: string }) => e.action === 'remind')).toHaveLength(2);
  });

  it('switches to the inactive policy with config, refusing a bad one with one line', () => {
    const bad = runCli(at(START), ['config', 'set', 'automation.policy', '{"pending":[{"after":"soon","do":["remind"]}]}'], {
      as: 'admin',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "ticketty: bad value for automation.policy: bad automation policy: pending[0].after: bad duration 'soon' (expected a number and a unit: m, h, d, w, bh or bd — e.g. 30m, 24h, 5d, 8bh, 2bd)\n",
    );
    const forbidden = runCli(at(START), ['config', 'set', 'automation.policy', 'inactive'], { as: 'bob' });
    expect(forbidden.code).toBe(4);
    expect(ok(START, ['config', 'set', 'automation.policy', 'inactive'], 'admin').stdout).toBe('automation.policy = inactive\n');
    expect(ok(START, ['config', 'get', 'automation.policy'], 'admin').stdout).toBe('inactive\n');
    ok(START, ['config', 'unset', 'automation.policy'], 'admin');
  });

  it('routes escalated tickets when routing is on for the level, and not to away staff', () => {
    ok(START, ['config', 'set', 'routing.levels', '2'], 'admin');
    ok(START, ['user', 'add', 'bea', '--role', 'agent', '--email', 'bea@vendor.test'], 'admin');
    ok(START, ['user', 'set', 'bob', '--away'], 'bob');
    const routed: string[] = [];
    for (let i = 0; i < 2; i++) {
      const t = ok(START, ['ticket', 'create', '--subject', `Routed ${i}`, '--text', 'x', '--json'], 'ann').json();
      routed.push(ok(START, ['ticket', 'escalate', String(t.id), '--reason', 'L2', '--json'], 'sam').json().assignee);
    }
    expect(routed).toEqual(['bea', 'bea']);
    ok(START, ['user', 'set', 'bob', '--back'], 'bob');
    const t = ok(START, ['ticket', 'create', '--subject', 'Routed 3', '--text', 'x', '--json'], 'ann').json();
    expect(ok(START, ['ticket', 'escalate', String(t.id), '--reason', 'L2', '--json'], 'sam').json()).toMatchObject({
      status: 'new',
      level: 2,
      assignee: 'bob',
    });
    ok(START, ['config', 'set', 'routing.levels', 'none'], 'admin');
  });
});

/** Runs the real bin and resolves with its exit code and output. */
function automateAsync(now: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--db', tmp.db, '--now', now, '--json', 'automate', '--as', 'ticketty'], {
      env: { ...process.env, TICKETTY_USER: '', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a chunk may end inside a multi-byte character.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('two automate processes at once', () => {
  it('fire every step exactly once between them', async () => {
    const created = '2026-04-01T10:00:00Z';
    const app = await openApp(tmp.db, fixedClock(created));
    const ids: number[] = [];
    try {
      const ann = actorFromUser(app.people.userByHandle('ann')!);
      const sam = actorFromUser(app.people.userByHandle('sam')!);
      for (let i = 0; i < 300; i++) {
        const t = createTicket(app, ann, { subject: `Load ${i}`, description: 'x' });
        act.requestInfo(app, sam, t.id, 'Which version?');
        ids.push(t.id);
      }
    } finally {
      app.store.close();
    }
    const now = '2026-04-02T10:00:00Z';
    const [a, b] = await Promise.all([automateAsync(now), automateAsync(now)]);
    // SQLite runs both at once (each step fires once per stay). PostgreSQL runs one automate at a
    // time (an advisory lock, src/app/singleRun.ts): one that finds it held stops in one line, exit 75.
    const ran = onPostgres ? [a, b].filter((r) => r.code !== 75) : [a, b];
    expect(ran.length).toBeGreaterThan(0);
    for (const r of [a, b].filter((r) => !ran.includes(r))) {
      expect(r).toEqual({
        code: 75,
        stdout: '',
        stderr: `ticketty: another 'ticketty automate' is running on ${tmp.db}; this one stops (that one does the work)\n`,
      });
    }
    for (const r of ran) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const fired = ran.flatMap((r) => JSON.parse(r.stdout).fired).map((f: { ticket: number; step: string }) => `${f.ticket} ${f.step}`);
    expect(fired.sort()).toEqual(ids.map((id) => `${id} pending.1`).sort());
    const reminders = databaseRows(tmp.db, 'events', { action: 'remind' }).filter((e) => e.ticketId >= ids[0]!);
    expect(reminders.length).toBe(300);
    const mails = databaseRows(tmp.db, 'outbox', { kind: 'remind' }).filter((o) => o.ticketId >= ids[0]!);
    expect(mails.length).toBe(300);
    expect(JSON.parse((await automateAsync(now)).stdout).fired).toEqual([]);
  });
});
