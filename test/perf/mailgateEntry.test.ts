// `ticketty mailgate` runs from dist/mailgate.cjs (the mail intake alone, no yargs) when a mail
// server calls it plainly, and from the full CLI otherwise. Proved on the build's metafile, on what
// the real bin/ticketty reads, and by comparing every answer with an installation that has no
// dist/mailgate.cjs (so the full CLI runs all of them): same output, same exit codes, same tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/ticketty');
const META = join(ROOT, 'dist/meta-mailgate.json');
const dir = mkdtempSync(join(tmpdir(), 'ticketty-mailgate-entry-'));
const log = join(dir, 'scripts.txt');
const preload = join(dir, 'log-scripts.cjs');
const fullCli = join(dir, 'full', 'bin', 'ticketty');

beforeAll(() => {
  if (!existsSync(META)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
  }
  // Which of the build's scripts a run reads (bin/ticketty reads each with readFileSync).
  writeFileSync(
    preload,
    `const fs = require('node:fs');\nconst read = fs.readFileSync;\nfs.readFileSync = function (path, ...rest) {\n  if (String(path).endsWith('.cjs')) fs.appendFileSync(${JSON.stringify(log)}, 'script ' + path + '\\n');\n  return read.call(this, path, ...rest);\n};\n`,
  );
  // The same installation without dist/mailgate.cjs.
  const full = join(dir, 'full');
  mkdirSync(join(full, 'bin'), { recursive: true });
  mkdirSync(join(full, 'dist'));
  for (const file of ['ticketty', 'codeCache.cjs', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(full, 'bin', file));
  for (const file of readdirSync(join(ROOT, 'dist')))
    if (!file.startsWith('mailgate')) symlinkSync(join(ROOT, 'dist', file), join(full, 'dist', file));
  for (const name of ['node_modules', 'drizzle', 'package.json']) symlinkSync(join(ROOT, name), join(full, name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: '', NO_COLOR: '1' };

function ticketty(bin: string, args: string[], input = '') {
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], { input, encoding: 'utf8', env });
  const scripts = existsSync(log) ? readFileSync(log, 'utf8') : '';
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, scripts };
}

const mail = (id: string, from = 'Ann <ann@acme.test>') =>
  `From: ${from}\r\nTo: support@example.com\r\nSubject: Printer ${id}\r\nMessage-ID: <${id}@acme.test>\r\n\r\nEvery page comes out blank.\r\n`;

describe('dist/mailgate.cjs', () => {
  it('holds the mail intake without yargs, the other commands or the TUI (bundle metafile)', () => {
    const meta = JSON.parse(readFileSync(META, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const inputs = Object.keys(meta.outputs['dist/mailgate.cjs']?.inputs ?? {});
    expect(inputs).toContain('src/cli/commands/mail.ts');
    expect(inputs).toContain('src/app/mail/mailIngest.ts');
    expect(inputs.filter((i) => /node_modules\/(yargs|yargs-parser|ink|react|zod)\/|^src\/tui\/|^src\/cli\/cli\.ts$/.test(i))).toEqual([]);
    expect(inputs.filter((i) => /^src\/cli\/commands\//.test(i))).toEqual(['src/cli/commands/mail.ts']);
  });

  it('runs a plain call (as the README recipes make it) without reading dist/cli.cjs; anything else reads the full CLI', () => {
    const db = join(dir, 'plain.db');
    expect(ticketty(BIN, ['--db', db, 'init', '--admin', 'admin']).code).toBe(0);
    const plain = ticketty(BIN, ['mailgate', '--db', db], mail('entry-1'));
    expect(plain.stderr).toBe('mailgate: created ticket #1 from ann@acme.test\n');
    expect(plain.code).toBe(0);
    expect(plain.scripts).toMatch(/^script .*\/dist\/mailgate\.cjs$/m);
    expect(plain.scripts).not.toMatch(/\/dist\/cli\.cjs$/m);
    const help = ticketty(BIN, ['mailgate', '--db', db, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit 75: anything that may pass');
    expect(help.scripts).toMatch(/^script .*\/dist\/cli\.cjs$/m);
  });

  it('answers every call exactly as the full CLI does', () => {
    const fast = join(dir, 'fast.db');
    const full = join(dir, 'full.db');
    for (const db of [fast, full]) {
      expect(ticketty(BIN, ['--db', db, 'init', '--admin', 'admin']).code).toBe(0);
      expect(
        ticketty(BIN, ['--db', db, '--as', 'admin', 'user', 'add', 'ann', '--role', 'requester', '--email', 'ann@acme.test']).code,
      ).toBe(0);
    }
    const calls: Array<[string, (db: string) => string[], string]> = [
      ['a new mail', (db) => ['mailgate', '--db', db], mail('same-1')],
      [
        'a reply, as JSON, options first',
        (db) => ['--json', '--db', db, 'mailgate'],
        mail('same-2').replace('Subject: Printer same-2', 'Subject: Re: [#1] Printer'),
      ],
      ['a duplicate', (db) => ['mailgate', `--db=${db}`], mail('same-1')],
      ['an unreadable sender', (db) => ['mailgate', '--db', db, '--now', '2026-03-02T11:00:00Z'], mail('same-3', '<<<')],
      ['an empty message', (db) => ['mailgate', '--db', db], ''],
      ['a bad clock', (db) => ['mailgate', '--db', db, '--now', 'soon'], mail('same-4')],
      ['no database', (db) => ['mailgate', '--db', `${db}.missing`], mail('same-5')],
      ['a mistyped option', (db) => ['mailgate', '--db', db, '--jsn'], mail('same-6')],
      ['a second command', (db) => ['mailgate', 'ticket', '--db', db], mail('same-7')],
      ['help', (db) => ['mailgate', '--db', db, '--help'], ''],
    ];
    for (const [what, args, input] of calls) {
      const a = ticketty(BIN, args(fast), input);
      const b = ticketty(fullCli, args(full), input);
      expect(b.scripts, what).not.toMatch(/mailgate\.cjs/);
      const same = (r: typeof a, db: string) => ({
        code: r.code,
        stdout: r.stdout.replaceAll(db, 'DB'),
        stderr: r.stderr.replaceAll(db, 'DB'),
      });
      expect(same(a, fast), what).toEqual(same(b, full));
    }
    const tickets = (db: string) => ticketty(BIN, ['--db', db, '--as', 'admin', 'ticket', 'show', '1', '--json']).stdout;
    expect(tickets(fast)).toContain('Every page comes out blank');
    expect(tickets(fast)).toBe(tickets(full));
  }, 240_000);

  // bin/ticketty gives mailgate's runs a V8 flag of their own (a large mail's young generation), and
  // V8 refuses a code cache made under other flags: each kind of run keeps caches of its own. With
  // one set, each run refused the caches the other kind wrote, and wrote them again.
  it("keeps mailgate's code caches apart from the CLI's: after runs of both, neither refuses a cache", () => {
    const caches = (...args: string[]) =>
      execFileSync(process.execPath, [fileURLToPath(new URL('../helpers/refusedCodeCaches.mjs', import.meta.url)), ...args], {
        encoding: 'utf8',
      });
    for (const file of ['mailgate.cjs', 'vendor-mailparser.cjs']) caches('--mailgate', '--forget', file);
    const db = join(dir, 'caches.db');
    expect(ticketty(BIN, ['--db', db, 'init', '--admin', 'admin']).code).toBe(0);
    for (const round of [1, 2]) {
      expect(ticketty(BIN, ['mailgate', '--db', db], mail(`cache-${round}`)).code).toBe(0);
      expect(ticketty(BIN, ['--db', db, '--as', 'admin', 'ticket', 'list']).code).toBe(0);
    }
    const mailgateCaches = caches('--mailgate');
    expect(mailgateCaches).not.toMatch(/^refused/m);
    expect(mailgateCaches).toMatch(/^cached: .*\bmailgate\.cjs .*\bvendor-mailparser\.cjs\b/m);
    // The CLI's and mailgate's scripts; not the PostgreSQL worker's, whose cache the suite's own
    // processes (test stores in process, under the runner's flags) write too (bundle.test.ts).
    expect(caches().replace(/^refused pg-worker\.cjs\n/m, '')).not.toMatch(/^refused/m);
  }, 60_000);
});
