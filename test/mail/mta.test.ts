// The contract with the mail server (SPEC 7): exit 75 for every failure that may pass, so the
// message is kept and retried; exit 2 only for input that can never be accepted. Real conditions:
// file modes (as an unprivileged user when the tests run as root, who ignores them), held locks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, seedCli, tempDb } from '../helpers/cli.js';
import { fixture } from './helpers.js';
import { forMailServer } from '../../src/cli/commands/mail.js';
import { exitCodeFor } from '../../src/cli/exitCodes.js';

const asRoot = process.getuid?.() === 0;
/** Root writes through any file mode: the mail server's user is someone else. */
const NOBODY = 65534;

let tmp: ReturnType<typeof tempDb>;
beforeEach(() => {
  tmp = tempDb();
  seedCli({ db: tmp.db });
  chmodSync(tmp.dir, 0o777);
  chmodSync(tmp.db, 0o666);
  if (asRoot) chownSync(tmp.db, NOBODY, NOBODY);
});
afterEach(() => {
  chmodSync(tmp.dir, 0o777);
  tmp.cleanup();
});

function mailgate(db: string, input: Buffer | string) {
  const r = spawnSync(process.execPath, [BIN, '--db', db, 'mailgate'], {
    input,
    env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: '', NO_COLOR: '1', TICKETTY_CODE_CACHE: '0' },
    timeout: 60_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status, stderr: r.stderr.toString() };
}
function ticketCount(db: string): number {
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--as', 'admin', 'ticket', 'list', '--json'], {
    env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
  });
  return (JSON.parse(r.stdout.toString()) as unknown[]).length;
}

describe('mailgate and the mail server', () => {
  it('a read-only database file: 75 (kept, retried); once writable, delivered exactly once', () => {
    chmodSync(tmp.db, 0o444);
    const r = mailgate(tmp.db, fixture('plain.eml'));
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/^ticketty: .*(readonly|read-only|the mail server keeps it and retries)/);
    // SQLite gave the -wal and -shm files the database's mode: an admin fixes all three.
    for (const file of [tmp.db, `${tmp.db}-wal`, `${tmp.db}-shm`]) if (existsSync(file)) chmodSync(file, 0o666);
    expect(mailgate(tmp.db, fixture('plain.eml')).code).toBe(0);
    expect(mailgate(tmp.db, fixture('plain.eml')).code).toBe(0); // the retry after a lost answer: a duplicate
    expect(ticketCount(tmp.db)).toBe(1);
  });

  it('a directory it may not write (no room for the journal): 75', () => {
    chmodSync(tmp.dir, 0o555);
    expect(mailgate(tmp.db, fixture('plain.eml')).code).toBe(75);
  });

  it('a database that cannot be opened or created: 75', () => {
    chmodSync(tmp.dir, 0o555);
    const r = mailgate(join(tmp.dir, 'missing.db'), fixture('plain.eml'));
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/the mail server keeps it and retries/);
  });

  it('input that is no mail message at all: 2 (the only bounce)', () => {
    expect(mailgate(tmp.db, 'just some words\n').code).toBe(2);
    expect(mailgate(tmp.db, '').code).toBe(2);
    expect(ticketCount(tmp.db)).toBe(0);
  });

  it('a sender that cannot be read is kept, not bounced: 0', () => {
    const r = mailgate(tmp.db, 'From: <<<>>>\r\nSubject: hi\r\nMessage-ID: <x-1@y>\r\n\r\nbody\r\n');
    expect(r).toMatchObject({
      code: 0,
      stderr: 'mailgate: kept <x-1@y> for an admin (ticketty mail rejected): the sender cannot be read (From: <<<>>>)\n',
    });
  });
});

describe('which failures may pass', () => {
  it.each([
    ['SQLITE_FULL', 'database or disk is full'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error'],
    ['SQLITE_READONLY', 'attempt to write a readonly database'],
    ['SQLITE_CANTOPEN', 'unable to open database file'],
    ['EACCES', 'permission denied'],
    ['ENOSPC', 'no space left on device'],
  ])('%s: 75', (code, message) => {
    expect(exitCodeFor(forMailServer(Object.assign(new Error(message), { code })))).toBe(75);
  });
});
