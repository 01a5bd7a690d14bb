// An honest clock and roles at the CLI (issue 21): what a user or a stray script sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cliTree.js';

const FUTURE = '2099-01-01T00:00:00Z';
/** A production-like database: made by plain `init`, so no free clock. */
const prod = tempDb();
const env: CliEnv = { db: prod.db, now: '2026-03-02T10:00:00Z' };
const run = (args: string[], as?: string, now?: string) => runCli(now ? { ...env, now } : env, args, as ? { as } : {});
const must = (args: string[], as?: string, now?: string) => {
  const r = run(args, as, now);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};
const count = () => Number(must(['ticket', 'list', '--json', '--where', 'status!=closed'], 'admin').json().length);

beforeAll(async () => {
  must(['init', '--admin', 'admin']);
  // The people through the same CLI in-process: the tests below spawn the real bin for what they check.
  const admin = async (args: string[]) => {
    const r = await runInProcess(['--db', prod.db, '--as', 'admin', '--now', env.now!, ...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  };
  await admin(['org', 'add', 'ACME', '--domain', 'acme.test']);
  await admin(['org', 'add', 'Globex', '--domain', 'globex.test']);
  await admin(['user', 'add', 'ann', '--role', 'requester', '--org', 'ACME', '--email', 'ann@acme.test']);
  await admin(['user', 'add', 'gus', '--role', 'requester', '--org', 'Globex', '--email', 'gus@globex.test']);
  await admin(['user', 'add', 'sam', '--role', 'superuser', '--org', 'ACME', '--email', 'sam@acme.test']);
  await admin(['user', 'add', 'bob', '--role', 'agent', '--email', 'bob@vendor.test']);
});
afterAll(() => prod.cleanup());

describe('a clock later than the real time', () => {
  it('is refused on a write with exit 2 and one line; nothing is written; reads may look ahead', () => {
    const before = count();
    const r = run(['ticket', 'create', '--subject', 's', '--text', 'd'], 'ann', FUTURE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ticketty: the clock .*2099-01-01.* is later than the real time; .*init --free-clock\)\n$/);
    expect(count()).toBe(before);
    const stale = runCli({ ...env, now: FUTURE }, ['automate', '--as', 'ticketty']);
    expect(stale.code).toBe(0); // nothing due: nothing written, so nothing refused
    expect(run(['forecast', '--within', '7d'], 'bob', FUTURE).code).toBe(0);
    expect(run(['ticket', 'list'], 'bob', FUTURE).code).toBe(0);
  });

  it('is refused when automate would close tickets with it', () => {
    const id = must(['ticket', 'create', '--subject', 'due', '--text', 'd', '--json'], 'ann').json().id;
    must(['ticket', 'accept', String(id)], 'sam');
    must(['ticket', 'solve', String(id), '--resolution', 'done'], 'sam');
    const r = run(['automate', '--as', 'ticketty'], undefined, '2031-01-01T00:00:00Z');
    expect(r.code).toBe(2);
    expect(must(['ticket', 'show', String(id), '--json'], 'admin').json().status).toBe('solved');
  });

  it('is allowed on a database made with init --free-clock, and on a demo database', () => {
    const free = tempDb();
    try {
      const e: CliEnv = { db: free.db, now: FUTURE };
      expect(runCli(e, ['init', '--admin', 'admin', '--free-clock']).stdout).toMatch(/free clock/);
      expect(runCli(e, ['ticket', 'create', '--subject', 's', '--text', 'd'], { as: 'admin' }).code).toBe(0);
      const demo = tempDb();
      try {
        expect(runCli({ db: demo.db, now: FUTURE }, ['demo', '--tickets', '5']).code).toBe(0);
        expect(
          runCli({ db: demo.db, now: '2099-02-01T00:00:00Z' }, ['ticket', 'create', '--subject', 's', '--text', 'd'], { as: 'admin' }).code,
        ).toBe(0);
      } finally {
        demo.cleanup();
      }
    } finally {
      free.cleanup();
    }
  });
});

describe('a clock before the last change', () => {
  it('is refused with exit 5 on a change; a clock in the past still creates tickets', () => {
    const id = must(['ticket', 'create', '--subject', 'past', '--text', 'd', '--json'], 'ann').json().id;
    const r = run(['ticket', 'accept', String(id)], 'sam', '2026-03-01T10:00:00Z');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/before the last change of ticket #\d+/);
    expect(must(['ticket', 'show', String(id), '--json'], 'admin').json()).toMatchObject({ status: 'new', version: 1 });
    expect(run(['ticket', 'create', '--subject', 'old', '--text', 'd'], 'ann', '2020-01-01T00:00:00Z').code).toBe(0);
  });
});

describe('--now itself', () => {
  it('refuses a date that does not exist and an empty value', () => {
    for (const now of ['2026-02-30', '2026-02-29T10:00:00Z', '2026-13-01', '2026-03-01T24:00:00Z']) {
      const r = run(['ticket', 'list', '--now', now], 'bob');
      expect(r.code, now).toBe(2);
      expect(r.stderr, now).toMatch(/not a valid time/);
    }
    const empty = run(['ticket', 'list', '--now', ''], 'bob');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--now needs a time/);
    expect(run(['ticket', 'list', '--now', '2028-02-29'], 'bob').code).toBe(0);
  });
});

describe('roles at the CLI', () => {
  it('user list and org list: a requester sees themself and their organization; a bound superuser their organization', () => {
    expect(
      must(['user', 'list', '--json'], 'ann')
        .json()
        .map((u: { handle: string }) => u.handle),
    ).toEqual(['ann']);
    expect(
      must(['user', 'list', '--json'], 'sam')
        .json()
        .map((u: { handle: string }) => u.handle),
    ).toEqual(['ann', 'sam']);
    expect(must(['user', 'list', '--json'], 'bob').json().length).toBeGreaterThanOrEqual(5);
    expect(
      must(['org', 'list', '--json'], 'gus')
        .json()
        .map((o: { name: string }) => o.name),
    ).toEqual(['Globex']);
    expect(must(['user', 'list'], 'gus').stdout).not.toMatch(/ann|acme/i);
  });

  it('automate and automate --dry-run: exit 4 for anyone but an admin or the service account', () => {
    for (const who of ['ann', 'sam', 'bob']) {
      expect(run(['automate', '--dry-run'], who).code, who).toBe(4);
      expect(run(['automate'], who).code, who).toBe(4);
    }
    expect(run(['automate', '--dry-run'], 'admin').code).toBe(0);
  });

  it('init --admin on a live database creates no admin; the last admin cannot demote themself', () => {
    const r = run(['init', '--admin', 'mallory']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has \d+ users already/);
    expect(
      run(['user', 'list', '--json'], 'admin')
        .json()
        .some((u: { handle: string }) => u.handle === 'mallory'),
    ).toBe(false);
    expect(run(['init', '--admin', 'admin']).code).toBe(0);
    const demote = run(['user', 'set', 'admin', '--role', 'agent'], 'admin');
    expect(demote.code).toBe(2);
    expect(demote.stderr).toMatch(/last admin/);
    must(['user', 'add', 'ada', '--role', 'admin'], 'admin');
    expect(run(['user', 'set', 'admin', '--role', 'agent'], 'admin').code).toBe(0);
  });
});
