// `--help` of every command is readable: examples whole on their line, no word cut in two (yargs'
// column layout hard-wraps at a fixed width and used to split words and interleave columns).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDb } from '../helpers/cli.js';

const tmp = tempDb();
afterAll(() => tmp.cleanup());

describe('--help', () => {
  it('prints each example whole, on one line, after its command', () => {
    const r = runCli({ db: tmp.db }, ['ticket', 'escalate', '--help']);
    expect(r.code, r.stderr).toBe(0);
    const examples = r.stdout.slice(r.stdout.indexOf('Examples:'));
    expect(examples).toMatch(
      /^ {2}ticketty ticket escalate 42 --reason "needs a code fix" +to the next level, NEW there; --reason required$/m,
    );
  });

  it('never cuts a description in the middle of a word', () => {
    const r = runCli({ db: tmp.db }, ['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ {2}ticketty start-demo +open the TUI as admin on a demo database, creating it when missing \(npm start\) *$/m,
    );
    // A continuation line made of the tail of a cut word: one short token alone on an indented line.
    expect(r.stdout.split('\n').filter((line) => /^ {10,}\S{1,3}$/.test(line))).toEqual([]);
  });
});
