// Edges of issue 21: a window that looks back (`forecast --within -1h`) is refused in one line
// instead of printing help with 0; `export` to a terminal cannot drive it (C1 controls, bidi),
// while to a pipe it stays exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, runCli, seedCli, tempDb } from '../helpers/cli.js';

const tmp = tempDb();
const env = { db: tmp.db };
const SUBJECT = 'pay \u202Eexe.txt\u202C \u009B31mred';
const TEXT = 'line\u0085next \u009D0;title\u009C';

beforeAll(() => {
  seedCli(env);
  expect(runCli(env, ['ticket', 'create', '--subject', SUBJECT, '--text', TEXT], { as: 'admin' }).code).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('forecast --within', () => {
  it.each(['-1h', '-30m', '0h', '0', '0.0d', '-0.5d'])('%s is refused with one line and exit 2', (within) => {
    for (const args of [
      ['forecast', '--within', within],
      ['forecast', `--within=${within}`],
    ]) {
      const r = runCli(env, args, { as: 'admin' });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`ticketty: --within ${within}: give a window from 1m to 366d (a window looks ahead)\n`);
    }
  });
});

describe('export to a terminal', () => {
  /** Runs the command with a pseudo-terminal as its standard output (util-linux `script`): the bytes a terminal gets. */
  function onTerminal(args: string[]): string {
    const quoted = [process.execPath, BIN, '--db', tmp.db, '--as', 'admin', ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', quoted, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
    });
    expect(r.status).toBe(0);
    return r.stdout;
  }
  const DANGEROUS = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u001b]/;

  it('JSON to a terminal escapes C1 and bidi controls (same data); to a pipe the bytes are exact', () => {
    const shown = onTerminal(['export']);
    expect(shown).not.toMatch(DANGEROUS);
    expect(shown).toContain('"subject":"pay \\u202eexe.txt\\u202c \\u009b31mred"');
    const piped = runCli(env, ['export'], { as: 'admin' });
    expect(piped.stdout).toContain(JSON.stringify(SUBJECT).slice(1, -1));
    expect(piped.stdout).toContain(JSON.stringify(TEXT).slice(1, -1));
    // The escaped form is the same data.
    const line = shown.split(/\r?\n/).find((l) => l.startsWith('{"id":1,'))!;
    expect(JSON.parse(line.replace(/,$/, '').replace(/\]\}$/, '')).subject).toBe(SUBJECT);
  });

  it('CSV to a terminal is sanitized as tables are', () => {
    const shown = onTerminal(['export', '--format', 'csv']);
    expect(shown).not.toMatch(DANGEROUS);
    expect(shown).toContain('1,pay exe.txt red,'); // the CSI sequence goes whole
    expect(runCli(env, ['export', '--format', 'csv'], { as: 'admin' }).stdout).toContain(SUBJECT);
  });
});
