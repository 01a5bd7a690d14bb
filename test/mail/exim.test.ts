// A real Exim (Debian's exim4 packages) on a loopback port, with Debian's own configuration
// (update-exim4.conf over /etc/exim4/conf.d) plus the README's router, transport and size limit:
// SMTP in, the pipe transport to bin/ticketty mailgate, tickets out. Debian's exim4 and postfix
// packages exclude each other, so .ci/run unpacks exim4 under /opt/ticketty-ci/exim4 (where a
// machine has no exim4 installed) instead of installing it. Root is needed; without it, or
// without Exim, the test fails and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { BIN, seedCli } from '../helpers/cli.js';

/** Where Exim's files are: `/` when the package is installed, else where .ci/run unpacked it. */
const ROOT = [process.env.TICKETTY_EXIM_ROOT, '/', '/opt/ticketty-ci/exim4'].find(
  (root): root is string => root !== undefined && existsSync(join(root, 'usr/sbin/exim4')) && existsSync(join(root, 'etc/exim4/conf.d')),
);
const why =
  process.getuid?.() !== 0
    ? 'Exim needs root to start'
    : !ROOT
      ? 'Exim is not installed (.ci/run unpacks Debian exim4 under /opt/ticketty-ci/exim4)'
      : spawnSync('id', ['Debian-exim']).status !== 0
        ? 'the Debian-exim user is missing'
        : '';
// A real server or nothing: .ci/run installs what this needs (as root); a machine without it fails
// here and says what is missing, rather than passing without the server.
const EXIM = join(ROOT ?? '/', 'usr/sbin/exim4');

let dir = '';
let config = '';
let db = '';
let port = 0;
let daemon: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const p = (server.address() as { port: number }).port;
      server.close(() => resolve(p));
    });
  });
}
const mainlog = () => (existsSync(join(dir, 'log', 'mainlog')) ? readFileSync(join(dir, 'log', 'mainlog'), 'utf8') : '');
async function until<T>(what: string, check: () => T | undefined | false, seconds = 40): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; mainlog:\n${mainlog().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
function tickets(): Array<{ subject: string; requester: string; description: string }> {
  const c = new Database(db, { readonly: true });
  try {
    return c
      .prepare('SELECT t.subject, u.email AS requester, t.description FROM tickets t JOIN users u ON u.id = t.requester_id ORDER BY t.id')
      .all() as Array<{ subject: string; requester: string; description: string }>;
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
const exim = (...args: string[]) => spawnSync(EXIM, ['-C', config, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  if (why) throw new Error(`cannot run here: ${why} (run .ci/run as root, which installs it)`);
  dir = mkdtempSync(join(tmpdir(), 'ticketty-exim-'));
  chmodSync(dir, 0o755);
  for (const sub of ['spool', 'log', 'db']) mkdirSync(join(dir, sub));
  const confdir = join(dir, 'exim4');
  execFileSync('cp', ['-a', join(ROOT!, 'etc/exim4'), confdir]);
  db = join(dir, 'db', 'ticketty.db');
  seedCli({ db });
  execFileSync(process.execPath, [BIN, '--db', db, '--as', 'admin', 'config', 'set', 'mail.supportAddress', 'support@help.example.com']);
  port = await freePort();
  // Debian's questions, answered as for an Internet site that receives mail for help.example.com.
  writeFileSync(
    join(confdir, 'update-exim4.conf.conf'),
    [
      "dc_eximconfig_configtype='internet'",
      "dc_other_hostnames='help.example.com'",
      "dc_local_interfaces='127.0.0.1'",
      "dc_relay_nets=''",
      "dc_use_split_config='true'",
      "dc_localdelivery='mail_spool'",
      '',
    ].join('\n'),
  );
  // The README's recipe, word for word but for the binary, the database and the user: the pipe
  // runs as Debian-exim here, since an instance started with -C gives up root (so it cannot
  // become a `ticketty` user) — and the database belongs to that user, as it would to `ticketty`.
  const recipe = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const snippet = /Exim, a router[\s\S]*?```\n([\s\S]*?)```/.exec(recipe)?.[1];
  if (!snippet) throw new Error('README.md: the Exim snippet is missing');
  const [router, transport] = snippet.split('# transports');
  writeFileSync(join(confdir, 'conf.d/router/150_ticketty'), router!.replace('# routers', '').replace('example.com', 'help.example.com'));
  writeFileSync(
    join(confdir, 'conf.d/transport/30_ticketty'),
    transport!
      .replace('/usr/local/bin/ticketty', `${process.execPath} ${BIN}`)
      .replace('/srv/ticketty/ticketty.db', db)
      .replace('user = ticketty', 'user = Debian-exim'),
  );
  const sizeLimit = /`(MESSAGE_SIZE_LIMIT = \S+)`/.exec(recipe)?.[1];
  if (!sizeLimit) throw new Error('README.md: the Exim size limit is missing');
  writeFileSync(
    join(confdir, 'conf.d/main/000_localmacros'),
    [
      sizeLimit,
      // A private instance: its own spool and configuration directory.
      `SPOOLDIR = ${join(dir, 'spool')}`,
      `CONFDIR = ${confdir}`,
      // Debian trusts loopback as a local submitter and skips recipient checks for it; this
      // client stands for a host outside.
      'MAIN_RELAY_NETS = :',
      '',
    ].join('\n'),
  );
  config = join(dir, 'exim4.conf');
  const generate = spawnSync('sh', [join(ROOT!, 'usr/sbin/update-exim4.conf'), '--confdir', confdir, '--output', config], {
    encoding: 'utf8',
  });
  if (!existsSync(config)) throw new Error(`update-exim4.conf failed: ${generate.stderr}`);
  // Where this unpacked Exim lives, and a log of its own.
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(/^exim_path = .*$/m, `exim_path = ${EXIM}\nlog_file_path = ${join(dir, 'log', '%slog')}`),
  );
  // Exim started with -C runs as Debian-exim: its spool, its log and (here) the database are its own.
  const owned = [join(dir, 'spool'), join(dir, 'log'), join(dir, 'db'), ...readdirSync(join(dir, 'db')).map((f) => join(dir, 'db', f))];
  execFileSync('chown', ['Debian-exim', ...owned]);
  const check = exim('-bV');
  if (check.status !== 0) throw new Error(`exim -bV: ${check.stderr}${check.stdout}`);
  daemon = spawn(EXIM, ['-C', config, '-bdf', '-oX', String(port)], { stdio: 'ignore' });
  await until('the daemon to listen', () => mainlog().includes('daemon started'));
}, 60_000);

afterAll(() => {
  daemon?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a real Exim in front of mailgate (Debian configuration + README recipe)', () => {
  it('routes the support address to the pipe and no other', () => {
    const routes = exim('-bt', 'support@help.example.com');
    expect(routes.stdout).toMatch(/router = ticketty, transport = ticketty_pipe/);
    expect(exim('-bP', 'message_size_limit').stdout.trim()).toBe('message_size_limit = 16M');
  });

  it('accepts mail over SMTP from outside and turns it into a ticket; an unknown local user is refused at RCPT', async () => {
    await send('support@help.example.com', 'Printer via Exim', '<ex-1@initech.test>');
    await until('the ticket', () => tickets().length === 1);
    // The pipe transport puts an mbox "From " line first; the sender is still the mail's From.
    expect(tickets()).toEqual([
      { subject: 'Printer via Exim', requester: 'carol@initech.test', description: 'Printer via Exim: the printer is offline.' },
    ]);
    await expect(send('nobody-here@help.example.com', 'Lost', '<ex-0@initech.test>')).rejects.toThrow(/550|Unrouteable/);
  }, 60_000);

  it('a held database lock defers the mail (exit 75); it is delivered exactly once after', async () => {
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await send('support@help.example.com', 'During the lock', '<ex-2@initech.test>');
      await until('a deferral', () => /defer \(0\): Child process of ticketty_pipe transport returned 75/.test(mainlog()), 60);
      expect(tickets().map((t) => t.subject)).not.toContain('During the lock');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // A forced queue run, as the daemon's next retry would do.
    exim('-qff');
    await until('the delivery after the lock', () => tickets().some((t) => t.subject === 'During the lock'), 60);
    await until('an empty queue', () => exim('-bpc').stdout.trim() === '0');
    expect(tickets().filter((t) => t.subject === 'During the lock')).toHaveLength(1);
  }, 120_000);
});
