// Hostile imports (issue 21): every record is checked as the write path would leave it, and a
// byte-order mark is accepted. Each case edits one field of a real export and expects a refusal
// that writes nothing.
import { describe, expect, it } from 'vitest';
import { seedPeople, testWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { exportTickets } from '../../src/app/exchange/exportTickets.js';
import { importJson } from '../../src/app/exchange/importTickets.js';
import { DomainError } from '../../src/domain/errors.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDb } from '../helpers/cli.js';
import { tableCount } from '../helpers/tableRows.js';

async function exported(): Promise<string> {
  const w = testWorld();
  seedPeople(w);
  const t = createTicket(w.app, w.actor('ann'), { subject: 'VPN drops', description: 'hourly' });
  verbs.acceptTicket(w.app, w.actor('sam'), t.id);
  verbs.addNote(w.app, w.actor('sam'), t.id, 'internal');
  verbs.solveTicket(w.app, w.actor('sam'), t.id, 'fixed');
  verbs.closeTicket(w.app, w.actor('sam'), t.id, 'resolved');
  let text = '';
  await exportTickets(w.app, w.actor('admin'), { format: 'json' }, { text: (c) => void (text += c) });
  w.close();
  return text;
}

async function importInto(text: string): Promise<string> {
  const w = testWorld();
  seedPeople(w);
  try {
    await importJson(w.app, w.actor('admin'), text);
    return 'ok';
  } catch (error) {
    const problems = (error as { problems?: Array<{ message: string }> }).problems;
    expect(tableCount(w.app.store, 'tickets')).toBe(0);
    return `${(error as DomainError).kind}: ${problems ? problems.map((p) => p.message).join('; ') : (error as Error).message}`;
  } finally {
    w.close();
  }
}

describe('hostile imports', () => {
  it('an unknown event action, a closed ticket without closedAt and a NUL are refused; a BOM is accepted', async () => {
    const good = await exported();
    const cases: Array<[string, string, RegExp]> = [
      ['unknown event action', good.replace('"action":"note"', '"action":"teleport"'), /an event action ticketty records/],
      ['closed without closedAt', good.replace(/"closedAt":"[^"]+"/, '"closedAt":null'), /a closed ticket needs closedAt/],
      ['NUL escaped in a text', good.replace('"internal"', '"inter\\u0000nal"'), /a NUL character/],
    ];
    for (const [name, text, expected] of cases) {
      expect(text, name).not.toBe(good);
      const outcome = await importInto(text);
      console.log(`${name}: ${outcome}`);
      expect(outcome, name).toMatch(expected);
    }
    expect(await importInto(`\uFEFF${good}`)).toBe('ok');
  });
});

describe('hostile imports through the CLI', () => {
  it('a requester as assignee and control characters in texts: one line naming the record and field, exit 2, nothing written', async () => {
    const good = await exported();
    const tmp = tempDb();
    try {
      expect(runCli({ db: tmp.db }, ['init', '--admin', 'admin']).code).toBe(0);
      const cases: Array<[string, string, RegExp]> = [
        [
          'requester as assignee',
          good.replace('"assignee":"sam"', '"assignee":"ann"'),
          /^line \d+: #1: assignee: 'ann' is a requester, not staff$/,
        ],
        [
          'an escape sequence in the subject',
          good.replace('"subject":"VPN drops"', '"subject":"VPN \\u001b]52;c;eA==\\u0007drops"'),
          /^line \d+: #1: subject: a control character \(U\+001B\) at position 5; this field is one line of text$/,
        ],
        [
          'a screen clear in a comment',
          good.replace('"body":"internal"', '"body":"inter\\u001b[2Jnal"'),
          /^line \d+: #1: comments\[1\]\.body: a control character \(U\+001B\) at position 6$/,
        ],
        [
          'a line break in a user name',
          good.replace('"name":"Ann Archer"', '"name":"Ann\\nArcher"'),
          /^line \d+: name: a control character \(U\+000A\)/,
        ],
      ];
      for (const [name, text, expected] of cases) {
        expect(text, name).not.toBe(good);
        const file = join(tmp.dir, 'hostile.json');
        writeFileSync(file, text);
        const r = runCli({ db: tmp.db }, ['import', file], { as: 'admin' });
        const lines = r.stderr.trimEnd().split('\n');
        console.log(`${name}: ${lines[0]}`);
        expect(r.code, name).toBe(2);
        expect(lines, name).toHaveLength(2);
        expect(lines[0], name).toMatch(expected);
        expect(lines[1]).toBe('ticketty: import refused: 1 problem (listed above); nothing was written');
        expect(runCli({ db: tmp.db }, ['ticket', 'list', '--json'], { as: 'admin' }).json()).toEqual([]);
      }
    } finally {
      tmp.cleanup();
    }
  });
});
