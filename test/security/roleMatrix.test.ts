// The permission matrix (issue 21, item 9): every CLI command and every ticket verb, as each role.
// The rows are checked against the command tree yargs builds (test/helpers/cliTree.ts), so a new
// command without a row fails here. Each case runs the CLI in-process on its own copy of ONE
// seeded file (hundreds of process starts would take minutes); the real bin/ticketty is spawned for
// the first refused case of each top-level command. Refused: SPEC 8's code, one line, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDb } from '../helpers/cli.js';
import { fingerprint, leafCommands, runInProcess } from '../helpers/cliTree.js';
import { seedFile, STACK_TRACE } from '../reliability/helpers.js';
import { CLI_VERBS, cliName } from '../../src/domain/verbs.js';

/** The five roles, each played by one person of the standard cast (sam: superuser of ACME, level 1). */
const ROLES = { admin: 'admin', agent: 'bob', engineer: 'eve', superuser: 'sam', requester: 'ann' } as const;
type Role = keyof typeof ROLES;
const NOW = '2026-03-02T12:00:00Z';

/** Fixture tickets, all ann's (ACME) at level 1 unless said otherwise. */
const T = { new: '1', open: '2', pending: '3', onHold: '4', solved: '5', estimated: '6', level2: '7' } as const;
/** gus's ticket (Globex): out of reach for sam (ACME's superuser) and ann. */
const GLOBEX_TICKET = '8';

type Outcome = 'ok' | 'none' | 'usage' | 'notFound' | 'forbidden' | 'conflict';
const EXIT: Record<Outcome, number> = { ok: 0, none: 0, usage: 2, notFound: 3, forbidden: 4, conflict: 5 };
type Row = [string, string[], Outcome, Outcome, Outcome, Outcome, Outcome];

// What each role gets (exit codes of SPEC 8): ok 0; none: 0 and nothing written (each ticket refused
// and listed, as bulk and close report them); usage 2; notFound 3 (not visible); forbidden 4; conflict 5.
// prettier-ignore
const MATRIX: Row[] = [
  // command                  arguments                                                         admin        agent        engineer     superuser    requester
  ['init',                    ['init', '--admin', 'zed'],                                       'usage',     'usage',     'usage',     'usage',     'usage'],
  ['ticket create',           ['ticket', 'create', '-s', 'Printer', '-t', 'jammed'],            'ok',        'ok',        'ok',        'ok',        'ok'],
  ['ticket list',             ['ticket', 'list'],                                               'ok',        'ok',        'ok',        'ok',        'ok'],
  ['ticket show',             ['ticket', 'show', T.open],                                       'ok',        'ok',        'ok',        'ok',        'ok'],
  ['ticket accept',           ['ticket', 'accept', T.new],                                      'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket assign',           ['ticket', 'assign', T.open, 'sam'],                              'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket reply',            ['ticket', 'reply', T.open, '-t', 'hello'],                       'ok',        'ok',        'ok',        'ok',        'ok'],
  ['ticket note',             ['ticket', 'note', T.open, '-t', 'internal'],                     'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket request-info',     ['ticket', 'request-info', T.open, '-t', 'which version?'],       'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket provide-info',     ['ticket', 'provide-info', T.pending, '-t', '2.2'],               'ok',        'forbidden', 'forbidden', 'forbidden', 'ok'],
  ['ticket hold',             ['ticket', 'hold', T.open, '-t', 'vendor'],                       'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket resume',           ['ticket', 'resume', T.onHold],                                   'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket escalate',         ['ticket', 'escalate', T.open, '--reason', 'code fix'],           'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket deescalate',       ['ticket', 'deescalate', T.level2, '--reason', 'config'],         'ok',        'ok',        'forbidden', 'forbidden', 'forbidden'],
  ['ticket solve',            ['ticket', 'solve', T.open, '--resolution', 'reset'],             'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket reopen',           ['ticket', 'reopen', T.solved, '-t', 'still broken'],             'ok',        'ok',        'ok',        'ok',        'ok'],
  ['ticket close',            ['ticket', 'close', T.solved],                                    'ok',        'forbidden', 'forbidden', 'ok',        'ok'],
  ['ticket priority',         ['ticket', 'priority', T.open, 'P2'],                             'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket type',             ['ticket', 'type', T.open, 'fault'],                              'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket tag',              ['ticket', 'tag', T.open, 'vpn'],                                 'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket untag',            ['ticket', 'untag', T.open, 'urgent'],                            'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket watch',            ['ticket', 'watch', T.open, 'bea'],                               'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket macro',            ['ticket', 'macro', T.open, 'thanks'],                            'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket estimate',         ['ticket', 'estimate', T.open, '-t', '3 days', '--hours', '24'],  'ok',        'forbidden', 'forbidden', 'ok',        'forbidden'],
  ['ticket approve',          ['ticket', 'approve', T.estimated],                               'ok',        'forbidden', 'forbidden', 'forbidden', 'ok'],
  ['ticket decline',          ['ticket', 'decline', T.estimated],                               'ok',        'forbidden', 'forbidden', 'forbidden', 'ok'],
  ['ticket channel',          ['ticket', 'channel', T.open, 'phone'],                           'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['ticket edit',             ['ticket', 'edit', T.open, '--subject', 'VPN drops hourly'],      'ok',        'ok',        'ok',        'ok',        'ok'],
  ['user add',                ['user', 'add', 'zed', '--role', 'agent'],                        'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['user set',                ['user', 'set', 'bea', '--away'],                                 'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['user list',               ['user', 'list'],                                                 'ok',        'ok',        'ok',        'ok',        'ok'],
  ['org add',                 ['org', 'add', 'Initech'],                                        'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['org set',                 ['org', 'set', 'ACME', '--plan', 'standard'],                     'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['org list',                ['org', 'list'],                                                  'ok',        'ok',        'ok',        'ok',        'ok'],
  ['mail rejected',           ['mail', 'rejected'],                                             'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['config list',             ['config', 'list'],                                               'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['config get',              ['config', 'get', 'mail.from'],                                   'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['config set',              ['config', 'set', 'mail.from', 'desk@example.com'],               'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['config unset',            ['config', 'unset', 'mail.from'],                                 'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['close',                   ['close', '--where', 'status=solved', '--yes'],                   'ok',        'none',      'none',      'ok',        'ok'],
  ['bulk',                    ['bulk', '--where', 'status=new', '--priority', 'P2', '--yes'],   'ok',        'ok',        'ok',        'ok',        'none'],
  ['batch list',              ['batch', 'list'],                                                'ok',        'ok',        'ok',        'ok',        'ok'],
  ['batch show',              ['batch', 'show', '{batch}'],                                     'ok',        'notFound',  'notFound',  'notFound',  'notFound'],
  ['macro add',               ['macro', 'add', 'bye', '--reply', 'Bye'],                        'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['macro list',              ['macro', 'list'],                                                'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['macro show',              ['macro', 'show', 'thanks'],                                      'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['macro remove',            ['macro', 'remove', 'thanks'],                                    'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['export',                  ['export'],                                                       'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['import',                  ['import', '{dir}/none.json'],                                    'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['backup',                  ['backup', '{dir}/backup-{n}.db'],                                'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['audit verify',            ['audit', 'verify'],                                              'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['automate',                ['automate'],                                                     'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['sla show',                ['sla', 'show'],                                                  'ok',        'ok',        'ok',        'ok',        'ok'],
  ['sla set',                 ['sla', 'set', 'gold', '--pickup', 'P1=1h'],                      'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['calendar show',           ['calendar', 'show'],                                             'ok',        'ok',        'ok',        'ok',        'ok'],
  ['calendar set',            ['calendar', 'set', '--zone', 'Europe/Paris'],                    'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['calendar holiday add',    ['calendar', 'holiday', 'add', '2026-12-25=Christmas'],           'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['calendar holiday remove', ['calendar', 'holiday', 'remove', '2026-12-24'],                  'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['calendar import-ics',     ['calendar', 'import-ics', '{dir}/holidays.ics'],                 'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['report sla',              ['report', 'sla'],                                                'ok',        'ok',        'ok',        'ok',        'ok'],
  ['report backlog',          ['report', 'backlog'],                                            'ok',        'ok',        'ok',        'ok',        'ok'],
  ['report agents',           ['report', 'agents'],                                             'ok',        'ok',        'ok',        'ok',        'forbidden'],
  ['forecast',                ['forecast'],                                                     'ok',        'ok',        'ok',        'ok',        'ok'],
  ['dictionary list',         ['dictionary', 'list'],                                           'ok',        'ok',        'ok',        'ok',        'ok'],
  ['dictionary set',          ['dictionary', 'set', 'priority', 'P2', 'High'],                  'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['dictionary add',          ['dictionary', 'add', 'type', 'training'],                        'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  ['dictionary retire',       ['dictionary', 'retire', 'type', 'project'],                      'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
];

/** Commands with no row, and why: none of them acts as a role given by --as. */
const NOT_ROLE_COMMANDS: Record<string, string> = {
  $0: 'the TUI: interactive (test/tui), and its actions are the ticket verbs above',
  'start-demo': 'opens the TUI as the demo admin',
  demo: 'fills an empty database only; refuses a live one',
  mailgate: 'acts as the sender of the mail on standard input (test/mail)',
  notify: 'delivers the outbox over SMTP; who may run it is who may read the file',
  copy: 'file to PostgreSQL: who may run it is who may read the file (test/postgres)',
};

const ICS = [
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261226',
  'SUMMARY:Boxing Day',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const ROLE_NAMES = Object.keys(ROLES) as Role[];
let base: ReturnType<typeof tempDb>;
let batchId = '';

beforeAll(async () => {
  base = tempDb();
  seedFile(base.db);
  writeFileSync(join(base.dir, 'holidays.ics'), ICS);
  const as = async (who: string, ...args: string[]) => {
    const exit = await runInProcess(['--db', base.db, '--as', who, '--now', '2026-03-02T09:00:00Z', ...args]);
    if (exit.code !== 0) throw new Error(`setup: ${args.join(' ')}: ${exit.stderr}`);
  };
  for (let i = 1; i <= 7; i++) await as('ann', 'ticket', 'create', '-s', `fixture ${i}`, '-t', 'words');
  await as('gus', 'ticket', 'create', '-s', 'Globex fixture', '-t', 'words');
  for (const id of ['2', '3', '4', '5', '6']) await as('sam', 'ticket', 'accept', id);
  await as('admin', 'ticket', 'tag', T.open, 'urgent');
  await as('sam', 'ticket', 'request-info', T.pending, '-t', 'which version?');
  await as('sam', 'ticket', 'hold', T.onHold, '-t', 'vendor');
  await as('sam', 'ticket', 'solve', T.solved, '--resolution', 'reset');
  await as('sam', 'ticket', 'estimate', T.estimated, '-t', '3 days', '--hours', '24');
  await as('sam', 'ticket', 'escalate', T.level2, '--reason', 'needs an agent');
  await as('admin', 'macro', 'add', 'thanks', '--reply', 'Thanks');
  await as('admin', 'calendar', 'holiday', 'add', '2026-12-24=Eve');
  await as('admin', 'bulk', '--where', 'status=new', '--tag', 'seen', '--yes');
  await as('admin', 'export', '--where', 'status=closed', '--output', join(base.dir, 'none.json')); // no ticket: nothing clashes
  const runs = await runInProcess(['--db', base.db, '--as', 'admin', '--json', 'batch', 'list']);
  batchId = (JSON.parse(runs.stdout) as { id: string }[])[0]!.id;
});
afterAll(() => base?.cleanup());

/** A fresh copy of the seeded file, the row's arguments for it, and its removal. */
function caseFile(index: number): { db: string; args: (row: string[]) => string[]; remove(): void } {
  const db = join(base.dir, `case-${index}.db`);
  copyFileSync(base.db, db);
  return {
    db,
    args: (row) => row.map((a) => a.replace('{dir}', base.dir).replace('{n}', String(index)).replace('{batch}', batchId)),
    remove: () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${db}${suffix}`, { force: true })),
  };
}

describe('the permission matrix', () => {
  it('has one row per command of the CLI (yargs, as built) and one per ticket verb of the catalogue', () => {
    const rows = MATRIX.map((r) => r[0]);
    expect(new Set(rows).size).toBe(rows.length);
    const commands = leafCommands().map((c) => c.path);
    expect([...rows, ...Object.keys(NOT_ROLE_COMMANDS)].sort()).toEqual([...commands].sort());
    for (const verb of CLI_VERBS) expect(rows, verb).toContain(`ticket ${cliName(verb)}`);
  });

  it('every command as every role: the expected code; a refusal is one line on stderr and writes nothing', async () => {
    const before = fingerprint(base.db);
    let n = 0;
    const failures: string[] = [];
    for (const [name, row, ...outcomes] of MATRIX) {
      for (const [i, role] of ROLE_NAMES.entries()) {
        const file = caseFile(n++);
        const exit = await runInProcess(['--db', file.db, '--as', ROLES[role], '--now', NOW, ...file.args(row)]);
        const label = `${name} as ${role}: ${exit.code} ${exit.stderr.trim()}`;
        if (exit.code !== EXIT[outcomes[i]!]) failures.push(`${label} (expected ${outcomes[i]})`);
        if (exit.code !== 0) expect(exit.stderr.trim().split('\n'), label).toEqual([expect.stringMatching(/^ticketty: \S/)]);
        if (outcomes[i] !== 'ok') expect(fingerprint(file.db), `${label}: wrote`).toBe(before);
        file.remove();
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("another organization's ticket: every ticket verb and show, as the bound superuser or a requester, is not found (or the verb refused) and writes nothing", async () => {
    const before = fingerprint(base.db);
    const rows = MATRIX.filter(([name, row]) => name.startsWith('ticket ') && (Object.values(T) as string[]).includes(row[2]!));
    expect(rows.length).toBe(CLI_VERBS.length + 1); // every verb, and show
    for (const [n, [name, row]] of rows.entries()) {
      for (const who of [ROLES.superuser, ROLES.requester]) {
        const file = caseFile(20_000 + n);
        const args = file.args([row[0]!, row[1]!, GLOBEX_TICKET, ...row.slice(3)]);
        const exit = await runInProcess(['--db', file.db, '--as', who, '--now', NOW, ...args]);
        const label = `${name} #${GLOBEX_TICKET} as ${who}: ${exit.stderr}`;
        // A requester may be refused for the verb itself (macro) before any ticket is looked up.
        if (who === ROLES.superuser) expect(exit.code, label).toBe(EXIT.notFound);
        else expect([EXIT.notFound, EXIT.forbidden], label).toContain(exit.code);
        expect(exit.stderr.trim().split('\n'), label).toHaveLength(1);
        expect(exit.stderr, label).not.toContain('Globex fixture');
        expect(fingerprint(file.db), label).toBe(before);
        file.remove();
      }
    }
  });

  it('the real bin: the first refused case of each top-level command, as the table says', () => {
    const before = fingerprint(base.db);
    const spawned = new Set<string>();
    for (const [n, [name, row, ...outcomes]] of MATRIX.entries()) {
      const i = outcomes.findIndex((o) => o !== 'ok' && o !== 'none');
      if (i < 0 || spawned.has(row[0]!)) continue;
      spawned.add(row[0]!);
      const role = ROLE_NAMES[i]!;
      const file = caseFile(10_000 + n);
      const exit = runCli({ db: file.db, now: NOW }, file.args(row), { as: ROLES[role] });
      const label = `${name} as ${role}: ${exit.stderr}`;
      expect(exit.code, label).toBe(EXIT[outcomes[i]!]);
      expect(exit.stderr, label).not.toMatch(STACK_TRACE);
      expect(exit.stderr.trim().split('\n'), label).toHaveLength(1);
      expect(fingerprint(file.db), label).toBe(before);
      file.remove();
    }
  }, 120_000);
});
