// Values that were accepted or answered with the wrong exit code (issue 21), at the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const run = (args: string[], as = 'admin') => runCli(env, args, { as });
let id = 0;

beforeAll(() => {
  seedCli(env);
  id = run(['ticket', 'create', '--subject', 's', '--text', 'd', '--json'], 'ann').json().id;
});
afterAll(() => tmp.cleanup());

/** Each case: the command, the exit code SPEC 8 gives it, and what its one line says. */
const CASES: Array<[string, () => string[], number, RegExp]> = [
  ['--if-version abc', () => ['ticket', 'priority', String(id), 'P2', '--if-version', 'abc'], 2, /--if-version takes a ticket version/],
  ['--if-version 0', () => ['ticket', 'priority', String(id), 'P2', '--if-version', '0'], 2, /--if-version/],
  ['audit verify --ticket 0', () => ['audit', 'verify', '--ticket', '0'], 2, /bad ticket id '0'/],
  ['audit verify --ticket 999', () => ['audit', 'verify', '--ticket', '999'], 3, /ticket #999 not found/],
  ['forecast --within 99999999999d', () => ['forecast', '--within', '99999999999d'], 2, /from 1m to 366d/],
  ['org add --plan nope', () => ['org', 'add', 'Initech', '--plan', 'nope'], 3, /unknown SLA plan 'nope'/],
  ['sla set P1=99999999h', () => ['sla', 'set', 'huge', '--pickup', 'P1=99999999h'], 2, /from 0 to 525600/],
  ['macro {{__proto__}}', () => ['macro', 'add', 'proto', '--reply', 'hi {{__proto__}}'], 2, /unknown placeholder \{\{__proto__\}\}/],
];

describe('bad values get the right exit code and one line; nothing is written', () => {
  for (const [name, args, code, line] of CASES) {
    it(name, () => {
      const before = run(['ticket', 'show', String(id), '--json']).json().version;
      const r = run(args());
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(line);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(run(['ticket', 'show', String(id), '--json']).json().version).toBe(before);
    });
  }
  it('org add --plan nope left no organization behind', () => {
    expect(
      run(['org', 'list', '--json'])
        .json()
        .map((o: { name: string }) => o.name),
    ).not.toContain('Initech');
  });
});

describe("the CLI's own echoes are terminal-safe", () => {
  it('user add and user set print a hostile name without its escapes', () => {
    const hostile = 'Eve\x1b]52;c;cm0gLXJmIH4=\x07\u202e';
    // A name with control characters is refused (it would go into mail headers); the refusal
    // line echoes it harmless.
    const added = run(['user', 'add', 'evil', '--role', 'requester', '--name', hostile]);
    expect(added.code).toBe(2);
    expect(added.stderr).not.toMatch(/[\x1b\x07\u202e]/);
    expect(run(['user', 'add', 'evil', '--role', 'requester', '--name', 'Eve']).code).toBe(0);
    const set = run(['user', 'set', 'evil', '--name', hostile]);
    expect(set.code).toBe(2);
    expect(set.stdout + set.stderr).not.toMatch(/[\x1b\x07\u202e]/);
    const err = run(['ticket', 'show', '1'], `x\x1b[2Jy`);
    expect(err.code).toBe(3);
    expect(err.stderr).not.toMatch(/\x1b/);
  });
});
