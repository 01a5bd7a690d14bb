// The real bin/ticketty: mailgate as a mail server pipes it, notify as cron or systemd runs it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, seedCli, tempDb } from '../helpers/cli.js';
import { holdWriteLock } from '../helpers/writeLock.js';
import { copyPostgresDatabase, onPostgres } from '../helpers/testStore.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';
import { fixture, startSmtp } from './helpers.js';

// The cast is seeded once through the CLI; every test starts from a copy of that database: a copy
// of the SQLite file, or on PostgreSQL a database created with the seeded one as its template.
let template: ReturnType<typeof tempDb>;
let tmp: ReturnType<typeof tempDb>;
beforeAll(() => {
  template = tempDb();
  tmp = template;
  seedCli({ db: template.db });
  expect(tt(['config', 'set', 'mail.supportAddress', 'support@help.example.com'], { as: 'admin' }).code).toBe(0);
  if (onPostgres) return;
  // Everything in the main file, so that copying it copies the whole database.
  const c = new Database(template.db);
  c.pragma('wal_checkpoint(TRUNCATE)');
  c.close();
  expect(existsSync(`${template.db}-wal`)).toBe(false);
});
afterAll(() => template.cleanup());
beforeEach(() => {
  if (onPostgres) {
    const dir = mkdtempSync(join(tmpdir(), 'ticketty-'));
    tmp = { dir, db: copyPostgresDatabase(template.db), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } else {
    tmp = tempDb();
    copyFileSync(template.db, tmp.db);
  }
});
afterEach(() => tmp.cleanup());

/** Tables in a PostgreSQL database, outside the system's schemas. */
function postgresTableCount(url: string): number {
  const store = openPostgresStorePort(url, { migrate: false });
  try {
    return store.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
    )[0]!.n;
  } finally {
    store.close();
  }
}

const env = () => ({ ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: '', NO_COLOR: '1' });

function tt(args: string[], opts: { as?: string; input?: Buffer | string } = {}) {
  const r = spawnSync(process.execPath, [BIN, '--db', tmp.db, ...(opts.as ? ['--as', opts.as] : []), ...args], {
    input: opts.input ?? '',
    env: env(),
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
/** For commands that talk to the SMTP server of this process: spawnSync would block its event loop. */
function ttAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, '--db', tmp.db, ...args], { env: env() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
const mailgate = (raw: Buffer | string) => tt(['mailgate'], { input: raw });
const ticketIds = () => (JSON.parse(tt(['ticket', 'list', '--json'], { as: 'admin' }).stdout) as Array<{ id: number }>).map((t) => t.id);

describe('ticketty mailgate', () => {
  it('creates a ticket from a mail on standard input and says so on stderr', () => {
    const r = mailgate(fixture('gb18030.eml'));
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe('mailgate: created ticket #1 from wei@globex.test\n');
    const t = JSON.parse(tt(['ticket', 'show', '1', '--json'], { as: 'admin' }).stdout);
    expect(t).toMatchObject({ subject: '打印机无法连接', channel: 'email', organization: 'Globex', requester: expect.any(String) });
  });

  it('turns an HTML-only mail (Lotus Notes) into text, the HTML kept, through the real bundle', () => {
    expect(mailgate(fixture('lotus-notes-html-mixed.eml'))).toMatchObject({
      code: 0,
      stderr: 'mailgate: created ticket #1 from frank.fischer@globex.test\n',
    });
    const t = JSON.parse(tt(['ticket', 'show', '1', '--json'], { as: 'admin' }).stdout);
    expect(t.description).toContain(
      'the invoice run of last night failed at step 3.\nDetails: run 42 <https://intranet.globex.test/runs/42>',
    );
    expect(t.comments[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['run42.log', 'message.html']);
  });

  it('comments on the ticket named in the subject; --json prints the outcome', () => {
    mailgate(fixture('html-only.eml'));
    const r = tt(['mailgate', '--json'], { input: fixture('reply-with-tag.eml') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ outcome: 'commented', ticketId: 1, requester: 'ann' });
  });

  it('ignores auto-replies and duplicates with exit 0 and one logged line', () => {
    expect(mailgate(fixture('plain.eml')).code).toBe(0);
    const dup = mailgate(fixture('plain.eml'));
    expect(dup.code).toBe(0);
    expect(dup.stderr).toMatch(
      /^mailgate: ignored <plain-1@initech\.test> from carol@initech\.test: duplicate Message-ID <plain-1@initech\.test> \(first seen 2026-03-02T10:00:00\.000Z, created\)\n$/,
    );
    const ooo = mailgate(fixture('out-of-office.eml'));
    expect(ooo).toMatchObject({ code: 0 });
    expect(ooo.stderr).toContain('automatic mail (Auto-Submitted: auto-replied)');
    expect(ticketIds()).toEqual([1]);
  });

  it('refuses what is not a mail message, and attachments over the cap, with exit 2 and nothing written', () => {
    const junk = mailgate(fixture('not-a-message.txt'));
    expect(junk).toMatchObject({ code: 2, stdout: '' });
    expect(junk.stderr).toBe('ticketty: not a mail message: it does not start with a header such as "From: …"\n');
    expect(tt(['config', 'set', 'mail.maxAttachmentBytes', '100'], { as: 'admin' }).code).toBe(0);
    const big = mailgate(fixture('multipart-attachments.eml'));
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^ticketty: the attachments total 1\d\d bytes, over the limit of 100 bytes/);
    const huge = mailgate(`From: ann@acme.test\r\nSubject: huge\r\n\r\n${'x'.repeat(1100 * 1024)}\r\n`);
    expect(huge).toMatchObject({
      code: 2,
      stderr: 'ticketty: the message is 1.1 MB, more than the attachment limit (mail.maxAttachmentBytes) allows\n',
    });
    expect(ticketIds()).toEqual([]);
  });

  // Another session keeps writes waiting: SQLite's file lock, PostgreSQL's table lock (test/helpers/writeLock.ts).
  it('exits 75 when the database stays locked, so the mail server retries; nothing is written', async () => {
    const lock = await holdWriteLock(tmp.db);
    try {
      const r = mailgate(fixture('plain.eml'));
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(/^ticketty: the database is busy/);
    } finally {
      await lock.release();
    }
    expect(ticketIds()).toEqual([]);
    expect(mailgate(fixture('plain.eml')).code).toBe(0);
  });

  it('exits 75 on a database nobody has set up yet, so no mail is lost meanwhile', () => {
    const fresh = tempDb();
    try {
      const missing = spawnSync(process.execPath, [BIN, '--db', fresh.db, 'mailgate'], { input: fixture('plain.eml'), env: env() });
      expect(missing.status).toBe(75);
      // Each store's words: PostgreSQL's database exists, without ticketty's tables (src/store/postgres/db.ts).
      const notSetUp = onPostgres
        ? `no ticketty database at ${fresh.db}: run 'ticketty init --db ${fresh.db}'`
        : `no database at ${fresh.db}: run 'ticketty init'`;
      expect(missing.stderr.toString()).toContain(notSetUp);
      // Nothing was created: no file on SQLite, no table in the empty PostgreSQL database.
      expect(onPostgres ? postgresTableCount(fresh.db) > 0 : existsSync(fresh.db)).toBe(false);
      spawnSync(process.execPath, [BIN, '--db', fresh.db, 'init'], { env: env() });
      const r = spawnSync(process.execPath, [BIN, '--db', fresh.db, 'mailgate'], { input: fixture('plain.eml'), env: env() });
      expect(r.status).toBe(75);
      expect(r.stderr.toString()).toMatch(/has no users yet: run 'ticketty init --admin HANDLE'\n$/);
    } finally {
      fresh.cleanup();
    }
  });
});

describe('ticketty notify', () => {
  it('delivers the outbox once over SMTP, from the configured server', async () => {
    const smtp = await startSmtp();
    try {
      expect(tt(['config', 'set', 'mail.smtp', smtp.url], { as: 'admin' }).code).toBe(0);
      mailgate(fixture('plain.eml'));
      const first = await ttAsync(['notify']);
      // Carol wrote it herself and her ticket has no organization: only her receipt (SPEC 3).
      expect(first).toMatchObject({ code: 0, stderr: 'notify: sent 1, retrying 0, failed 0, skipped 0\n' });
      expect(tt(['ticket', 'reply', '1', '--text', 'On it.'], { as: 'bob' }).code).toBe(0);
      const second = await ttAsync(['notify', '--json']);
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
      expect(smtp.received.map((m) => [m.envelopeTo, m.parsed.subject, m.parsed.inReplyTo])).toEqual([
        [['carol@initech.test'], '[#1] Printer on floor 3 is offline', '<plain-1@initech.test>'],
        [['carol@initech.test'], '[#1] Printer on floor 3 is offline', '<plain-1@initech.test>'],
      ]);
      expect(smtp.received[0]!.parsed.text).toContain('Its number is #1');
      expect((await ttAsync(['notify'])).stderr).toBe('notify: sent 0, retrying 0, failed 0, skipped 0\n');
      expect(smtp.received).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });

  it('--watch keeps delivering until stopped; a missing server is a clear error', async () => {
    expect(tt(['notify'])).toMatchObject({
      code: 2,
      stderr: "ticketty: no SMTP server: pass --smtp URL or run 'ticketty config set mail.smtp smtp://host:25'\n",
    });
    const smtp = await startSmtp();
    const child = spawn(process.execPath, [BIN, '--db', tmp.db, 'notify', '--watch', '--interval', '0.2', '--smtp', smtp.url], {
      env: env(),
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      expect(tt(['ticket', 'create', '-s', 'Watch me', '-t', 'text'], { as: 'ann' }).code).toBe(0);
      // Ann's receipt and the news to ACME's superuser.
      for (let i = 0; i < 100 && smtp.received.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(smtp.received.map((m) => m.parsed.subject)).toEqual(['[#1] Watch me', '[#1] Watch me']);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await smtp.close();
    }
    expect(stderr).toMatch(/notify: sent [12], retrying 0, failed 0, skipped 0/);
  });
});

describe('ticketty config', () => {
  it('gets, sets and unsets known settings; refuses unknown keys, bad values and non-admins', () => {
    expect(tt(['config', 'get', 'mail.supportAddress'], { as: 'bob' })).toMatchObject({ code: 0, stdout: 'support@help.example.com\n' });
    expect(tt(['config', 'set', 'mail.maxAttachmentBytes', '20M'], { as: 'admin' })).toMatchObject({
      code: 0,
      stdout: 'mail.maxAttachmentBytes = 20971520\n',
    });
    expect(tt(['config', 'unset', 'mail.maxAttachmentBytes'], { as: 'admin' })).toMatchObject({
      code: 0,
      stdout: 'mail.maxAttachmentBytes = 10485760 (default)\n',
    });
    expect(tt(['config', 'set', 'mail.smtp', 'ftp://x'], { as: 'admin' })).toMatchObject({
      code: 2,
      stderr: 'ticketty: bad value for mail.smtp: expected a URL such as smtp://user:password@mail.example.com:587 or smtps://…:465\n',
    });
    expect(tt(['config', 'get', 'mail.nope'], { as: 'admin' }).stderr).toMatch(
      /^ticketty: unknown setting 'mail.nope': known settings are /,
    );
    expect(tt(['config', 'set', 'mail.from', 'x@y.test'], { as: 'bob' }).code).toBe(4);
  });
});

describe('ticketty mail rejected', () => {
  it('lists mail kept for an admin, sanitized, with --json, and gives the message back with --raw', () => {
    const raw = 'From: \x1b[31m<<<>>>\r\nSubject: Hello \x1b]0;owned\x07there\r\nMessage-ID: <kept-1@x.test>\r\n\r\nbody\r\n';
    expect(mailgate(raw).code).toBe(0);
    const list = tt(['mail', 'rejected'], { as: 'admin' });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('<kept-1@x.test>');
    expect(list.stdout).toContain('the sender cannot be read');
    expect(list.stdout).not.toMatch(/\x1b/);
    const json = JSON.parse(tt(['mail', 'rejected', '--json'], { as: 'admin' }).stdout);
    expect(json).toEqual([
      expect.objectContaining({ messageId: '<kept-1@x.test>', receivedAt: '2026-03-02T10:00:00.000Z', size: Buffer.byteLength(raw) }),
    ]);
    const back = tt(['mail', 'rejected', '--raw', '<kept-1@x.test>'], { as: 'admin' });
    expect(back).toMatchObject({ code: 0, stdout: raw });
    expect(tt(['mail', 'rejected'], { as: 'bob' }).code).toBe(4);
    expect(tt(['mail', 'rejected', '--raw', '<nope@x>'], { as: 'admin' }).code).toBe(3);
  });

  it('says so when nothing was kept', () => {
    expect(tt(['mail', 'rejected'], { as: 'admin' })).toMatchObject({ code: 0, stdout: 'no rejected mail\n' });
  });
});

describe('names go into mail headers', () => {
  it('user add/set --name refuse line breaks and control characters with exit 2 and one line', () => {
    const r = tt(['user', 'add', 'zoe', '--role', 'requester', '--email', 'zoe@acme.test', '--name', 'Zoe\r\nBcc: victim@example.com'], {
      as: 'admin',
    });
    expect(r).toMatchObject({ code: 2, stderr: 'ticketty: a name is one line of printable text: no line breaks or control characters\n' });
    expect(tt(['user', 'set', 'ann', '--name', 'Ann\x1b[2J'], { as: 'admin' }).code).toBe(2);
    expect(tt(['user', 'add', 'root', '--role', 'requester', '--email', 'root@localhost'], { as: 'admin' }).code).toBe(0);
  });
});
