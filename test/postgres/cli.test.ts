// The real bin/ticketty on a private PostgreSQL (--db postgres://…): init creates and then finds
// the schema up to date, people and tickets are added, the queue is listed through a filter, a
// ticket goes accept → reply → escalate → solve → close, a stale version is refused, one automate
// runs at a time, a write another session keeps waiting and an unreachable server are one line
// with exit 75.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli, seedCli, type CliEnv } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';
import { holdWriteLock } from '../helpers/writeLock.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let env: CliEnv;
beforeAll(async () => {
  server = await startPostgres();
  env = { db: server.url };
});
afterAll(() => server?.stop());

/** A database of its own with an admin, the agent bob and one ticket of his: its URL, a runner of the CLI on it, the ticket's id. */
function helpdeskWithOneTicket(name: string, subject: string) {
  const db = server.createDatabase(name);
  const run = (args: string[], as?: string) => runCli({ db }, args, as ? { as } : {});
  expect(run(['init', '--admin', 'admin']).code).toBe(0);
  expect(run(['user', 'add', 'bob', '--role', 'agent', '--email', 'bob@vendor.test'], 'admin').code).toBe(0);
  const created = run(['ticket', 'create', '--subject', subject, '--text', 'Since the update.', '--json'], 'bob');
  expect(created.code).toBe(0);
  return { db, run, id: String(created.json().id) };
}

const ok = (args: string[], as: string, input?: string) => {
  const r = runCli(env, [...args, '--json'], { as, ...(input !== undefined ? { input } : {}) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json();
};

describe('ticketty on PostgreSQL', () => {
  it('init creates the schema, then finds it up to date', { timeout: 60_000 }, () => {
    const fresh = { db: server.createDatabase('fresh') };
    const missing = runCli(fresh, ['user', 'list'], { as: 'admin' });
    expect(missing.stderr.trim()).toMatch(
      /^ticketty: no ticketty database at postgres:\/\/ticketty@127\.0\.0\.1:\d+\/fresh: run 'ticketty init/,
    );
    expect(missing.code).toBe(3);

    const first = runCli(fresh, ['init', '--admin', 'admin']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^database ready: postgres:\/\/ticketty@127\.0\.0\.1:\d+\/fresh \(1 users\); admin admin created; schema: \d+ migrations applied\n$/,
    );
    const again = runCli(fresh, ['init']);
    expect(again.stdout).toMatch(/\(1 users\); schema up to date\n$/);
    expect(again.code).toBe(0);
  });

  // Each command is a process that starts the PostgreSQL worker: minutes on a loaded machine.
  it(
    'runs the helpdesk: people, tickets, a filtered queue, a ticket through its life, a stale version refused',
    { timeout: 300_000 },
    () => {
      seedCli(env);
      const vpn = ok(['ticket', 'create', '--subject', 'VPN drops', '--text', '-'], 'ann', 'It drops every hour.\n');
      expect(vpn).toMatchObject({ status: 'new', level: 1, requester: 'ann', organization: 'ACME', version: 1 });
      ok(['ticket', 'create', '--subject', 'Printer jams', '--text', 'Tray 2', '--priority', 'P2'], 'gus');
      ok(['ticket', 'create', '--subject', 'New laptop', '--text', 'For Sam'], 'sam');
      const id = `#${vpn.id}`;

      // The queue through a filter compiled on PostgreSQL, and the visibility rule: ann sees ACME's own only.
      const acme = ok(['ticket', 'list', '--where', 'org=acme and text~vpn'], 'bob');
      expect(acme.map((t: { subject: string }) => t.subject)).toEqual(['VPN drops']);
      const urgent = ok(['ticket', 'list', '--where', 'priority<P3 or requester=gus', '--sort=-created'], 'bob');
      expect(urgent.map((t: { subject: string }) => t.subject)).toEqual(['Printer jams']);
      expect(ok(['ticket', 'list'], 'ann').map((t: { subject: string }) => t.subject)).toEqual(['VPN drops']);
      expect(ok(['ticket', 'list'], 'sam')).toHaveLength(2);
      // Keyset pages: two tickets a page, the cursor leads to the third.
      const paged = runCli(env, ['ticket', 'list', '--limit', '2', '--sort', 'created', '--json'], { as: 'bob' });
      expect(paged.json()).toHaveLength(2);
      const cursor = /--cursor (\S+)/.exec(paged.stderr)?.[1];
      expect(cursor).toBeDefined();
      const rest = ok(['ticket', 'list', '--limit', '2', '--sort', 'created', '--cursor', cursor!], 'bob');
      expect(rest.map((t: { subject: string }) => t.subject)).toEqual(['New laptop']);

      let t = ok(['ticket', 'accept', id], 'sam');
      expect(t).toMatchObject({ status: 'open', assignee: 'sam' });
      t = ok(['ticket', 'request-info', id, '-t', 'Which version?'], 'sam');
      t = ok(['ticket', 'reply', id, '-t', '5.1'], 'ann');
      expect(t.status).toBe('open');
      const stale = t.version - 1;
      t = ok(['ticket', 'escalate', id, '--reason', 'needs vendor analysis'], 'sam');
      expect(t).toMatchObject({ status: 'new', level: 2, assignee: null });

      const conflict = runCli(env, ['ticket', 'accept', id, '--if-version', String(stale)], { as: 'bob' });
      expect(conflict.code).toBe(5);
      expect(conflict.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(ok(['ticket', 'show', id], 'bob')).toMatchObject({ assignee: null, version: t.version });

      t = ok(['ticket', 'accept', id, '--if-version', String(t.version)], 'bob');
      t = ok(['ticket', 'solve', id, '--resolution', 'Upgrade the client to 5.2'], 'bob');
      expect(t.status).toBe('solved');
      t = ok(['ticket', 'close', id], 'ann');
      expect(t).toMatchObject({ status: 'closed', closingReason: 'resolved' });

      const shown = ok(['ticket', 'show', id], 'bob');
      expect(shown.events.map((e: { action: string }) => e.action)).toEqual([
        'create',
        'accept',
        'request_info',
        'reply',
        'escalate',
        'accept',
        'solve',
        'close',
      ]);
      expect(ok(['ticket', 'list', '--where', 'status=closed'], 'bob')).toHaveLength(1);

      // Reports, batch commands and mail intake run on PostgreSQL too.
      expect(ok(['report', 'sla'], 'admin').groups[0]).toMatchObject({ group: 'all', tickets: 3 });
      const laptop = ok(['ticket', 'list', '--where', 'text~laptop'], 'sam')[0].id;
      ok(['ticket', 'accept', `#${laptop}`], 'sam');
      ok(['ticket', 'solve', `#${laptop}`, '--resolution', 'Ordered'], 'sam');
      const batch = runCli(env, ['close', '--where', 'status=solved', '--yes'], { as: 'admin' });
      expect(batch.stderr).toBe('');
      expect(batch.code).toBe(0);
      expect(ok(['ticket', 'show', `#${laptop}`], 'bob')).toMatchObject({ status: 'closed' });
      const mail = runCli(env, ['mailgate'], {
        input:
          'From: Carol <carol@initech.test>\r\nTo: support@help.example.com\r\nSubject: Mail on PostgreSQL\r\nMessage-ID: <pg-1@initech.test>\r\n\r\nHello.\r\n',
      });
      expect(mail.stderr).toMatch(/^mailgate: created ticket #\d+ from carol@initech\.test\n$/);
      expect(mail.code).toBe(0);
      const agents = ok(['report', 'agents'], 'admin').agents as Array<{ agent: string; solved: number; closed: number }>;
      expect(agents.filter((a) => a.solved || a.closed).map(({ agent, solved, closed }) => ({ agent, solved, closed }))).toEqual([
        { agent: 'admin', solved: 0, closed: 1 },
        { agent: 'bob', solved: 1, closed: 0 },
        { agent: 'sam', solved: 1, closed: 0 },
      ]);
    },
  );

  it("refreshes an agent's TUI when another host creates a ticket (LISTEN/NOTIFY)", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketty-pg-tui-'));
    const term = tmuxSession('pgtui');
    const db = server.createDatabase('tui');
    const tuiOk = (args: string[], as?: string) => {
      const r = runCli({ db }, args, as ? { as } : {});
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    };
    tuiOk(['init', '--admin', 'admin']);
    tuiOk(['user', 'add', 'ann', '--role', 'requester'], 'admin');
    tuiOk(['user', 'add', 'bob', '--role', 'agent'], 'admin');
    tuiOk(['ticket', 'create', '--subject', 'Before the TUI', '--text', 'made first'], 'ann');
    try {
      term.start(tuiCommand({ dir, db, as: 'bob', now: '2026-03-02T10:00:00Z' }), 120, 24);
      await term.waitFor((screen) => /All open/.test(screen), 'the queue', { timeoutMs: 60_000 });
      // To the tab that lists the ticket made before (All open), one Tab at a time.
      for (let tab = 0; tab < 7 && !/Before the TUI/.test(term.screen()); tab++) {
        term.keys('Tab');
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      await term.waitFor((screen) => /Before the TUI/.test(screen), 'the ticket made before');
      expect(term.screen()).not.toContain('Arrived from elsewhere');
      tuiOk(['ticket', 'create', '--subject', 'Arrived from elsewhere', '--text', 'from another host'], 'ann');
      // No key pressed: the TUI's poll of dataVersion hears the commit.
      await term.waitFor((screen) => /Arrived from elsewhere/.test(screen), 'the new ticket in the queue', { timeoutMs: 20_000 });
    } finally {
      term.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses backup in one line (exit 2): pg_dump is the tool', () => {
    const backup = runCli(env, ['backup', '/tmp/never.db'], { as: 'admin' });
    expect(backup.stderr).toMatch(/^ticketty: backup: on PostgreSQL, use pg_dump .*\n$/);
    expect(backup.code).toBe(2);
  });

  it('refuses a text with a NUL character in one line (exit 2), as SQLite does: PostgreSQL cannot store one', () => {
    expect(runCli(env, ['init', '--admin', 'admin']).code).toBe(0);
    const count = () => (ok(['ticket', 'list'], 'admin') as unknown[]).length;
    const before = count();
    const r = runCli(env, ['ticket', 'create', '-s', 'A zip', '-t', '-'], {
      as: 'admin',
      input: 'PK\u0003\u0004\u0000\u0000 the attachment',
    });
    expect(r.stderr).toBe('ticketty: a description has a NUL character (a binary or UTF-16 file?); nothing was written\n');
    expect(r.code).toBe(2);
    expect(count()).toBe(before);
  });

  it('takes the URL from TICKETTY_DB as well', () => {
    const viaEnv = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, TICKETTY_DB: server.url, TICKETTY_NOW: '2026-03-02T10:00:00Z', NO_COLOR: '1' },
      });
    expect(viaEnv(['init', '--admin', 'admin']).stdout).toMatch(/^database ready: postgres:\/\/ticketty@127\.0\.0\.1:\d+\/ticketty /);
    const r = viaEnv(['user', 'list', '--as', 'admin']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^admin +admin /m);
    expect(r.status).toBe(0);
  });

  it('never prints the password of the URL', () => {
    const withPassword = server.url.replace('ticketty@', 'ticketty:s3cret@');
    const r = runCli({ db: withPassword }, ['init']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('s3cret');
    expect(r.stdout).toContain('ticketty:***@127.0.0.1');
  });

  it.each([
    ['automate', 0x74740001, ['automate', '--as', 'ticketty']],
    ['notify', 0x74740002, ['notify', '--smtp', 'smtp://127.0.0.1:1', '--as', 'admin']],
  ])('runs one %s at a time across processes: a second says so in one line (exit 75)', { timeout: 60_000 }, async (name, key, args) => {
    expect(runCli(env, ['init', '--admin', 'admin']).code).toBe(0);
    // A session holding the advisory lock of the run (as a running one does) in another process.
    const holder = spawn(process.execPath, ['-e', HOLD_LOCK, server.url, String(key)], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const second = runCli(env, args);
      expect(second.stderr).toMatch(
        new RegExp(`^ticketty: another 'ticketty ${name}' is running on postgres://ticketty@127\\.0\\.0\\.1:\\d+/ticketty; this one stops`),
      );
      expect(second.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(second.code).toBe(75);
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
  });

  it(
    'a write kept waiting by another session gives up after the busy timeout: one line, exit 75, nothing written',
    { timeout: 60_000 },
    async () => {
      const { db, run, id } = helpdeskWithOneTicket('locked', 'Locked out');
      const notes = () => (run(['ticket', 'show', id, '--json'], 'bob').json().comments as { body: string }[]).map((c) => c.body);
      const lock = await holdWriteLock(db);
      let waited: ReturnType<typeof runCli>;
      const started = Date.now();
      try {
        waited = run(['ticket', 'note', id, '--text', 'Reset the token.'], 'bob');
      } finally {
        await lock.release();
      }
      // The busy timeout (5 s) bounds the wait, as SQLite's busy_timeout does; before lock_timeout the
      // command waited for the worker's own 60 s and then mispaired its answers.
      expect(Date.now() - started).toBeLessThan(30_000);
      // It names the session that holds the lock, for an admin to find (this test's own client).
      expect(waited.stderr).toMatch(
        /^ticketty: the database is busy: another session has held locks for \d+ s \(pid \d+, user ticketty, idle in transaction\); try again in a moment\n$/,
      );
      expect(waited.code).toBe(75);
      expect(notes()).not.toContain('Reset the token.');
      // The lock gone, the same command goes through.
      expect(run(['ticket', 'note', id, '--text', 'Reset the token.'], 'bob').code).toBe(0);
      expect(notes()).toContain('Reset the token.');
    },
  );

  it(
    'a connection lost while the change commits is one line that says it may be written (exit 75), not "try again"',
    { timeout: 60_000 },
    async () => {
      const { db, run, id } = helpdeskWithOneTicket('lostcommit', 'Printer');
      // The server ends the session inside the commit of a comment that says so (a deferred trigger).
      const admin = new pg.Client({ connectionString: db });
      await admin.connect();
      try {
        await admin.query(`create function tt_lose() returns trigger language plpgsql as $$ begin
        perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(5); return null; end $$`);
        await admin.query(`create constraint trigger tt_lose after insert on comments deferrable initially deferred
        for each row when (new.body = 'lost at commit') execute function tt_lose()`);
        const r = run(['ticket', 'note', id, '--text', 'lost at commit'], 'bob');
        expect(r.stderr).toBe(
          'ticketty: the connection to PostgreSQL was lost while the change was being committed: it may have been written; look before trying again\n',
        );
        expect(r.code).toBe(75);
      } finally {
        await admin.end();
      }
    },
  );

  it('an unreachable server is one line, exit 75, no stack trace', () => {
    const down = runCli({ db: 'postgres://ticketty@127.0.0.1:1/ticketty' }, ['ticket', 'list'], { as: 'bob' });
    expect(down.stderr).toMatch(
      /^ticketty: cannot reach the PostgreSQL server of postgres:\/\/ticketty@127\.0\.0\.1:1\/ticketty \(.*ECONNREFUSED.*\); try again when it is up\n$/,
    );
    expect(down.code).toBe(75);
    // The mail server keeps the message and retries (SPEC 7): never a bounce.
    const mail = 'From: ann@acme.test\r\nTo: support@example.test\r\nSubject: printer\r\nMessage-ID: <m1@acme.test>\r\n\r\nIt jams.\r\n';
    const gate = runCli({ db: 'postgres://ticketty@127.0.0.1:1/ticketty' }, ['mailgate'], { input: mail });
    expect(gate.stderr).toMatch(/^ticketty: cannot reach the PostgreSQL server of .*\); try again when it is up\n$/);
    expect(gate.code).toBe(75);
  });

  it('a user the server does not know is one line, exit 3 (mailgate: 75, the mail kept)', () => {
    const url = server.url.replace('postgres://ticketty@', 'postgres://nobody@');
    const denied = runCli({ db: url }, ['ticket', 'list'], { as: 'bob' });
    expect(denied.stderr).toBe(
      `ticketty: ${url}: role "nobody" does not exist: check the user and password of the URL (or PGPASSWORD, ~/.pgpass)\n`,
    );
    expect(denied.code).toBe(3);
    const mail = 'From: ann@acme.test\r\nTo: support@example.test\r\nSubject: printer\r\nMessage-ID: <m2@acme.test>\r\n\r\nIt jams.\r\n';
    const gate = runCli({ db: url }, ['mailgate'], { input: mail });
    expect(gate.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(gate.code).toBe(75);
  });
});

/** Holds an advisory lock (store/postgres/index.ts LOCK_KEYS) until stdin ends. */
const HOLD_LOCK = `
const pg = require(${JSON.stringify(createRequire(import.meta.url).resolve('pg'))});
const client = new pg.Client({ connectionString: process.argv[1] });
client.connect().then(() => client.query('select pg_advisory_lock($1)', [Number(process.argv[2])])).then(() => {
  process.stdout.write('held\\n');
  process.stdin.resume();
  process.stdin.on('end', () => client.end().then(() => process.exit(0)));
});`;
