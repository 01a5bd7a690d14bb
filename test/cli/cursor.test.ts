// Pages through `ticket list --cursor`, and numbers people type that name no row: a cursor made by
// hand (wrong kind of value, a fraction, past the columns' range), a ticket id past the largest
// one a store can hold (show, and a mail whose subject names it). On both stores (test/stores.ts):
// one clear line and exit 2 for a bad cursor, not found for the ticket, a new ticket for the mail —
// never a failed query (PostgreSQL's ids are 32-bit integers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
beforeAll(() => {
  seedCli(env);
  for (const subject of ['First', 'Second', 'Third']) {
    const r = runCli(env, ['ticket', 'create', '-s', subject, '-t', 'text', '--requester', 'ann'], { as: 'bob' });
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => tmp.cleanup());

const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const BAD_CURSOR = 'ticketty: bad cursor: pass the nextCursor printed by the previous page, with the same --sort\n';

describe('ticket list --cursor', () => {
  it('pages on with the cursor the previous page printed', () => {
    const first = runCli(env, ['ticket', 'list', '--sort', 'created', '--limit', '1'], { as: 'bob' });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('First');
    const cursor = /next page: --cursor (\S+)/.exec(first.stdout)?.[1];
    expect(cursor).toBeDefined();
    const second = runCli(env, ['ticket', 'list', '--sort', 'created', '--limit', '1', '--cursor', cursor!], { as: 'bob' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Second');
    expect(second.stdout).not.toContain('First');
  });

  it.each([
    ['a fraction of a millisecond', 'created', ['created', 0, 1.5, 1]],
    ['text for a time', 'sla', ['sla', 0, 'abc', 1]],
    ['a time past the safe integers', 'updated', ['updated', 0, 1e20, 1]],
    ['an id past the largest', 'created', ['created', 0, 0, 2_147_483_648]],
    ['a number for a priority', 'priority', ['priority', 0, 5, 1]],
    ['a cursor of another sort', 'created', ['updated', 0, 0, 1]],
    ['no id', 'created', ['created', 0, 0]],
  ])('refuses %s in one line, exit 2', (_what, sort, parts) => {
    const r = runCli(env, ['ticket', 'list', '--sort', sort, '--limit', '2', '--cursor', cursorOf(parts)], { as: 'bob' });
    expect(r.stderr).toBe(BAD_CURSOR);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('a ticket id past the largest a store holds', () => {
  it('is not found, as any missing ticket', () => {
    const r = runCli(env, ['ticket', 'show', '99999999999'], { as: 'bob' });
    expect(r.stderr).toBe('ticketty: ticket #99999999999 not found\n');
    expect(r.code).toBe(3);
  });

  it('in a mail subject, names no ticket: the mail opens a new one instead of waiting forever', () => {
    const mail =
      'From: ann@acme.test\r\nSubject: Re: [#99999999999] still broken\r\nMessage-ID: <big-id@acme.test>\r\n\r\nStill broken.\r\n';
    const r = runCli(env, ['mailgate'], { input: mail });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('mailgate: created ticket #4 from ann@acme.test\n');
    const shown = runCli(env, ['ticket', 'show', '4', '--json'], { as: 'bob' }).json<{ description: string }>();
    expect(shown.description).toContain('Still broken.');
  });
});
