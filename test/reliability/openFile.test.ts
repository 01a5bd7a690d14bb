// Database files (issue 21): only init and demo create one, a corrupt file is named, a lock held
// at open is waited for up to the busy timeout, and a closed pipe ends a command quietly.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDb } from '../helpers/cli.js';
import { openStore } from '../../src/store/sqlite/db.js';

const tmp = tempDb();
afterAll(() => tmp.cleanup());

describe('database files', () => {
  it('a command on a missing or empty file says to run init (exit 3) and creates nothing', () => {
    const missing = `${tmp.dir}/mistyped.db`;
    const r = runCli({ db: missing }, ['ticket', 'list'], { as: 'admin' });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`ticketty: no database at ${missing}: run 'ticketty init' (or pass --db)\n`);
    expect(existsSync(missing)).toBe(false);
    const empty = `${tmp.dir}/empty.db`;
    writeFileSync(empty, '');
    expect(runCli({ db: empty }, ['user', 'list'], { as: 'admin' }).code).toBe(3);
    expect(runCli({ db: empty }, ['init', '--admin', 'admin']).code).toBe(0);
  });

  it('an older database is upgraded as it opens, saying so on stderr, and its search still finds its tickets', () => {
    const old = `${tmp.dir}/old.db`;
    expect(runCli({ db: old }, ['demo', '--tickets', '60']).code).toBe(0);
    const want = runCli({ db: old }, ['--json', 'ticket', 'list', '--where', 'text~pr', '--limit', '100'], { as: 'admin' });
    expect(want.code).toBe(0);
    expect(JSON.parse(want.stdout).length).toBeGreaterThan(0);
    // As if the last migration (0014, the text index rebuilt) were still to come.
    const store = openStore(old);
    const current = store.sqlite.pragma('user_version', { simple: true }) as number;
    store.sqlite.pragma(`user_version = ${current - 1}`);
    store.close();
    const r = runCli({ db: old }, ['--json', 'ticket', 'list', '--where', 'text~pr', '--limit', '100'], { as: 'admin' });
    expect(r.code).toBe(0);
    // Not a terminal: the line before and the line after, no progress.
    expect(r.stderr).toMatch(
      /^ticketty: upgrading the database's schema \(1 migration\); a large helpdesk can take minutes…\nticketty: schema upgraded in \d+\.\d s\n$/,
    );
    expect(r.stdout).toBe(want.stdout);
    expect(runCli({ db: old }, ['ticket', 'list', '--limit', '1'], { as: 'admin' }).stderr).toBe('');
  });

  it('a file that is no database is named in one line', () => {
    const junk = `${tmp.dir}/junk.db`;
    writeFileSync(junk, 'this is not sqlite at all, just some text long enough to have a header'.repeat(20));
    const r = runCli({ db: junk }, ['ticket', 'list'], { as: 'admin' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ticketty: ${junk}: file is not a database (SQLITE_NOTADB)\n`);
  });

  it('a closed pipe ends the command quietly with 0', async () => {
    const demo = `${tmp.dir}/pipe.db`;
    expect(runCli({ db: demo }, ['demo', '--tickets', '400']).code).toBe(0);
    // `ticket list --json | head -c 1`: the reader goes away after the first chunk of far more.
    const child = spawn(process.execPath, [BIN, '--db', demo, '--as', 'admin', '--json', 'ticket', 'list', '--limit', '400'], {
      env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('busy at open', () => {
  /** A child process that holds an exclusive lock on `db` for `ms`, resolving once it holds it. */
  /** Another process holds `db` locked for `ms`: every access (EXCLUSIVE), or, with `write`, writes only (WAL). */
  function holdLock(db: string, ms: number, write = false): Promise<() => Promise<void>> {
    const lock = write
      ? `d.pragma('journal_mode=WAL');d.exec('BEGIN IMMEDIATE')`
      : `d.pragma('journal_mode=DELETE');d.exec('BEGIN EXCLUSIVE')`;
    const script = `const D=require('better-sqlite3');const d=new D(process.argv[1]);${lock};process.stdout.write('locked\\n');Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,Number(process.argv[2]));d.exec('COMMIT');d.close();`;
    const child = spawn(process.execPath, ['-e', script, db, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return new Promise((resolve) => child.stdout.once('data', () => resolve(() => done)));
  }

  it('a lock held at open for less than the busy timeout is waited for; a longer one is busy only after the timeout', async () => {
    const db = `${tmp.dir}/locked.db`;
    const plain = new (await import('better-sqlite3')).default(db);
    plain.exec('CREATE TABLE t(x)');
    plain.close();
    let finished = await holdLock(db, 400);
    const started = Date.now();
    const store = openStore(db, { busyTimeoutMs: 2000 });
    const waited = Date.now() - started;
    store.close();
    await finished();
    console.log(`open waited ${waited} ms behind a 400 ms lock (timeout 2000 ms)`);
    expect(waited).toBeGreaterThan(100);

    finished = await holdLock(db, 3000);
    const t0 = Date.now();
    let kind = 'ok';
    try {
      openStore(db, { busyTimeoutMs: 300 }).close();
    } catch (error) {
      kind = (error as { kind?: string }).kind ?? String(error);
    }
    const failedAfter = Date.now() - t0;
    await finished();
    console.log(`open gave up after ${failedAfter} ms behind a 3000 ms lock (timeout 300 ms)`);
    expect(kind).toBe('busy');
    expect(failedAfter).toBeGreaterThanOrEqual(300);
  }, 30_000);

  it('an upgrade waiting behind another process’s lock is announced once, when it starts', async () => {
    const db = `${tmp.dir}/upgrade-locked.db`;
    const first = openStore(db);
    first.sqlite.pragma(`user_version = ${(first.sqlite.pragma('user_version', { simple: true }) as number) - 1}`);
    first.close();
    // A colleague's write in progress: reads go on, the upgrade's write transaction waits.
    const finished = await holdLock(db, 400, true);
    const told: string[] = [];
    openStore(db, { busyTimeoutMs: 2000, onUpgrade: (p) => told.push(p.phase) }).close();
    await finished();
    expect(told).toEqual(['start', 'done']);
  }, 30_000);
});
