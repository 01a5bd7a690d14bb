// Every kind of bad input: one line on stderr, the documented exit code, the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { fingerprint } from '../helpers/cliTree.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
let id = '';
beforeAll(() => {
  seedCli(env);
  const r = runCli(env, ['ticket', 'create', '-s', 'Printer jams', '-t', 'tray 2', '--json'], { as: 'ann' });
  id = String(r.json().id);
});
afterAll(() => tmp.cleanup());

/** Every row of every table (a hash): the same before and after means nothing was written. */
const snapshot = () => fingerprint(tmp.db);

const cases: Array<[string, string[], string, number, RegExp]> = [
  ['unknown ticket', ['ticket', 'show', '999'], 'admin', 3, /ticket #999 not found/],
  ['another requester’s ticket', ['ticket', 'reply', 'ID', '-t', 'hi'], 'gus', 3, /not found/],
  ['unknown user', ['ticket', 'list'], 'nobody', 3, /unknown user 'nobody'.*ticketty user add/],
  ['bad filter', ['ticket', 'list', '--where', 'status=pending and idle>7x'], 'admin', 2, /bad filter at column \d+/],
  [
    'a text~ of 100,000 characters',
    ['ticket', 'list', '--where', `text~${'x'.repeat(100_000)}`],
    'admin',
    2,
    /bad filter at column 20001: filter too long/,
  ],
  [
    'a text~ pattern over 200 characters',
    ['ticket', 'list', '--where', `status=open and text~${'x'.repeat(201)}`],
    'admin',
    2,
    /bad filter at column 22: pattern too long \(more than 200 characters\)/,
  ],
  ['wrong role', ['ticket', 'accept', 'ID'], 'bob', 4, /only staff handling level 1 may accept/],
  ['requester adds a note', ['ticket', 'note', 'ID', '-t', 'x'], 'ann', 4, /only staff may/],
  ['stale version', ['ticket', 'tag', 'ID', 'x', '--if-version', '99'], 'sam', 5, /has changed since version 99/],
  ['refused transition', ['ticket', 'solve', 'ID', '--resolution', 'done'], 'sam', 5, /it is NEW L1; possible: /],
  ['missing reason', ['ticket', 'escalate', 'ID'], 'sam', 2, /a reason \(--reason\) is required/],
  ['bad priority', ['ticket', 'priority', 'ID', 'P9'], 'sam', 2, /bad priority 'P9'/],
  ['bad ticket id', ['ticket', 'show', 'abc'], 'admin', 2, /bad ticket id 'abc'/],
  ['unknown command', ['tickt', 'list'], 'admin', 2, /Unknown argument|Did you mean/],
  ['bad --now', ['ticket', 'list', '--now', 'yesterday'], 'admin', 2, /not an ISO 8601 time/],
  [
    'requester chooses the channel',
    ['ticket', 'create', '-s', 'Forum post', '-t', 'x', '--channel', 'forum'],
    'ann',
    4,
    /only staff may choose the channel \(--channel\)/,
  ],
  ['non-admin adds a user', ['user', 'add', 'mallory', '--role', 'admin'], 'bob', 4, /only an admin may add users/],
];

describe('bad input', () => {
  it.each(cases)('%s: exit code and one line, nothing written', (_name, args, as, code, message) => {
    const before = snapshot();
    const r = runCli(
      env,
      args.map((a) => (a === 'ID' ? id : a)),
      { as },
    );
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(snapshot()).toBe(before);
  });

  it('a text piped in with a NUL character (a binary or UTF-16 file): exit 2, one line, nothing written', () => {
    const before = snapshot();
    const utf16 = Buffer.from('Please reset my password', 'utf16le').toString('latin1');
    const r = runCli(env, ['ticket', 'reply', id, '-t', '-'], { as: 'sam', input: utf16 });
    expect(r.stderr).toBe('ticketty: the reply text has a NUL character (a binary or UTF-16 file?); nothing was written\n');
    expect(r.code).toBe(2);
    expect(snapshot()).toBe(before);
  });

  it('a PostgreSQL URL with no server behind it is one line (exit 75), and no SQLite file is made of it', () => {
    for (const args of [['init'], ['ticket', 'list']]) {
      const r = runCli({ db: 'postgres://alice@127.0.0.1:1/helpdesk' }, args, { as: 'alice' });
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(/^ticketty: cannot reach the PostgreSQL server of postgres:\/\/alice@127\.0\.0\.1:1\/helpdesk .*\n$/);
    }
    expect(existsSync('postgres:')).toBe(false);
  });

  it('a missing database says how to start, and so does one without users', () => {
    const other = tempDb();
    const r = runCli({ db: other.db }, ['ticket', 'list'], { as: 'alice' });
    expect(r.code).toBe(3);
    // PostgreSQL: the server's database exists, without ticketty's tables; init names the URL.
    const init = other.db.startsWith('postgres://')
      ? `no ticketty database at ${other.db}: run 'ticketty init --db ${other.db}'`
      : `no database at ${other.db}: run 'ticketty init'`;
    expect(r.stderr).toBe(`ticketty: ${init} (or pass --db)\n`);
    expect(runCli({ db: other.db }, ['init']).code).toBe(0);
    const empty = runCli({ db: other.db }, ['ticket', 'list'], { as: 'alice' });
    other.cleanup();
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain("run 'ticketty init --admin alice' first");
  });
});
