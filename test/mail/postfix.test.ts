// A real Postfix (Debian's package; .ci/run installs it when missing) on a loopback port, in a
// temporary directory of its own, with the README's recipe: SMTP in, the pipe transport to
// bin/ticketty mailgate, tickets out. Root is needed to start Postfix; without it (or without
// Postfix) the test fails and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { BIN, seedCli } from '../helpers/cli.js';

const POSTFIX = ['/usr/sbin/postfix', '/usr/sbin/postmap', '/usr/sbin/postqueue'];
const why =
  process.getuid?.() !== 0
    ? 'Postfix needs root to start'
    : !POSTFIX.every(existsSync)
      ? 'Postfix is not installed (apt-get install postfix)'
      : '';
// A real server or nothing: .ci/run installs what this needs (as root); a machine without it fails
// here and says what is missing, rather than passing without the server.
const NOBODY = 65534;

let dir = '';
let conf = '';
let db = '';
let port = 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const p = (server.address() as { port: number }).port;
      server.close(() => resolve(p));
    });
  });
}

async function until<T>(what: string, check: () => T | undefined | false, seconds = 40): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; maillog:\n${maillog().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const maillog = () => (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '');
function tickets(): Array<{ id: number; subject: string }> {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare('SELECT id, subject FROM tickets ORDER BY id').all() as Array<{ id: number; subject: string }>;
  } finally {
    c.close();
  }
}

function send(to: string, subject: string, messageId: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return transport
    .sendMail({ from: 'Carol Client <carol@initech.test>', to, subject, messageId, text: `${subject}: the printer is offline.` })
    .finally(() => transport.close());
}

beforeAll(async () => {
  if (why) throw new Error(`cannot run here: ${why} (run .ci/run as root, which installs it)`);
  dir = mkdtempSync(join(tmpdir(), 'ticketty-postfix-'));
  chmodSync(dir, 0o755);
  conf = join(dir, 'conf');
  for (const sub of ['conf', 'queue', 'data', 'db']) mkdirSync(join(dir, sub));
  execFileSync('chown', ['postfix', join(dir, 'data')]);
  db = join(dir, 'db', 'ticketty.db');
  seedCli({ db });
  execFileSync(process.execPath, [BIN, '--db', db, '--as', 'admin', 'config', 'set', 'mail.supportAddress', 'support@help.example.com']);
  // The pipe runs as the database's owner (the README's `ticketty` user; `nobody` here).
  for (const f of [join(dir, 'db'), ...readdirSync(join(dir, 'db')).map((f) => join(dir, 'db', f))]) chownSync(f, NOBODY, NOBODY);
  port = await freePort();
  // The README's recipe, plus what a private instance needs (its own directories, port and log).
  writeFileSync(
    join(conf, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${join(dir, 'queue')}`,
      `data_directory = ${join(dir, 'data')}`,
      'myhostname = mx.help.example.com',
      'mydestination = help.example.com',
      'inet_interfaces = loopback-only',
      'inet_protocols = ipv4',
      'mynetworks = 127.0.0.0/8',
      'alias_maps =',
      'alias_database =',
      `transport_maps = hash:${join(conf, 'transport')}`,
      // Without this, mail from outside is refused: "User unknown in local recipient table".
      'local_recipient_maps = $transport_maps',
      // In step with mail.maxAttachmentBytes (10M): base64 adds a third, headers and text a little.
      'message_size_limit = 16777216',
      'minimal_backoff_time = 1s',
      'maximal_backoff_time = 2s',
      'queue_run_delay = 1s',
      `maillog_file_prefixes = ${dir}`,
      `maillog_file = ${join(dir, 'maillog')}`,
      'smtputf8_enable = no',
      'biff = no',
      '',
    ].join('\n'),
  );
  writeFileSync(join(conf, 'transport'), 'support@help.example.com  ticketty:\n');
  const services = [
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  writeFileSync(
    join(conf, 'master.cf'),
    [
      `127.0.0.1:${port} inet n - n - - smtpd`,
      ...services,
      'ticketty unix - n n - - pipe',
      `  flags=R user=nobody argv=${process.execPath} ${BIN} mailgate --db ${db}`,
      '',
    ].join('\n'),
  );
  execFileSync('/usr/sbin/postmap', ['-c', conf, join(conf, 'transport')]);
  const start = spawnSync('/usr/sbin/postfix', ['-c', conf, 'start']);
  if (start.status !== 0) throw new Error(`postfix start failed: ${start.stderr.toString()}\n${maillog()}`);
  await until('smtpd to listen', () => maillog().includes('daemon started'));
}, 60_000);

afterAll(() => {
  if (why || !conf) return;
  spawnSync('/usr/sbin/postfix', ['-c', conf, 'stop']);
  rmSync(dir, { recursive: true, force: true });
});

describe('a real Postfix in front of mailgate', () => {
  it('accepts mail over SMTP from outside and turns it into a ticket; an unknown local user is refused at RCPT', async () => {
    await send('support@help.example.com', 'Printer via Postfix', '<pf-1@initech.test>');
    await until('the ticket', () => tickets().length === 1);
    expect(tickets()).toEqual([{ id: 1, subject: 'Printer via Postfix' }]);
    await expect(send('nobody-here@help.example.com', 'Lost', '<pf-0@initech.test>')).rejects.toThrow(/550|User unknown/);
  }, 60_000);

  it('a held database lock defers the mail (exit 75); it is delivered exactly once after', async () => {
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await send('support@help.example.com', 'During the lock', '<pf-2@initech.test>');
      await until('a deferral', () => /status=deferred \(temporary failure/.test(maillog()), 60);
      expect(tickets().map((t) => t.subject)).not.toContain('During the lock');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    spawnSync('/usr/sbin/postqueue', ['-c', conf, '-f']);
    await until('the delivery after the lock', () => tickets().some((t) => t.subject === 'During the lock'), 60);
    // The queue is empty and the message made one ticket, not two.
    await until('an empty queue', () => /Mail queue is empty/.test(spawnSync('/usr/sbin/postqueue', ['-c', conf, '-p']).stdout.toString()));
    expect(tickets().filter((t) => t.subject === 'During the lock')).toHaveLength(1);
  }, 120_000);
});
