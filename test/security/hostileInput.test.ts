// Property-based fuzzing (fast-check) of the filter language, settings (`ticketty config`) and
// mailgate: a typed refusal or a result, never a crash, a hang or a half write. The CLI's options
// are fuzzed from the command tree in optionFuzz.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { tempDb } from '../helpers/cli.js';
import { cli, seedFile, STACK_TRACE } from '../reliability/helpers.js';
import { DomainError } from '../../src/domain/errors.js';
import { parseFilter } from '../../src/domain/filter/index.js';
import { countTickets, listTickets } from '../../src/app/tickets/ticketQueries.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { ingestMail } from '../../src/app/mail/mailIngest.js';
import { parseMail } from '../../src/mail/parseMail.js';
import { tableCount } from '../helpers/tableRows.js';

let w: TestWorld;
beforeAll(() => {
  w = testWorld();
  seedPeople(w);
  for (let i = 0; i < 20; i++) createTicket(w.app, w.actor('ann'), { subject: `s${i}`, description: 'd' });
});
afterAll(() => w.close());

/** Runs `fn`; anything but a DomainError is a failure of the property. */
function typed(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind === 'busy' ? `busy: ${error.message}` : error.kind; // busy: say why
    throw error;
  }
}

const counts = () => ({
  n: tableCount(w.app.store, 'tickets') + tableCount(w.app.store, 'comments') * 1000 + tableCount(w.app.store, 'events') * 1000000,
});

const FILTER_TOKENS = [
  'status',
  'level',
  'priority',
  'type',
  'assignee',
  'requester',
  'org',
  'tag',
  'channel',
  'created',
  'updated',
  'idle',
  'age',
  'sla',
  'text',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '~',
  'in',
  'and',
  'or',
  'not',
  '(',
  ')',
  ',',
  'pending',
  'P2',
  'me',
  'none',
  '7d',
  '2026-01-31',
  'breached',
  '"',
  "'",
  '\\',
  '%',
  '_',
  '*',
  ';',
  '--',
  "' OR 1=1 --",
  '\x00',
  '9'.repeat(30),
];
const filterText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.array(fc.constantFrom(...FILTER_TOKENS), { maxLength: 20 }).map((t) => t.join(' ')),
  fc.array(fc.oneof(fc.constantFrom(...FILTER_TOKENS), fc.string({ maxLength: 5 })), { maxLength: 12 }).map((t) => t.join('')),
);

describe('filters', () => {
  it('parse, list and count: a result or a BadInput with a position, for any text', () => {
    fc.assert(
      fc.property(filterText, (text) => {
        const parsed = typed(() => parseFilter(text));
        expect(['ok', 'bad_input']).toContain(parsed);
        for (const who of ['ann', 'bob']) {
          expect(['ok', 'bad_input']).toContain(typed(() => listTickets(w.app, w.actor(who), { where: text, limit: 5 })));
          expect(['ok', 'bad_input']).toContain(typed(() => countTickets(w.app, w.actor(who), text)));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('deep nesting and long lists are refused quickly, not a stack overflow', () => {
    for (const text of ['('.repeat(100_000), `${'not '.repeat(50_000)}status=new`, `tag in (${'a,'.repeat(100_000)}a)`]) {
      const started = performance.now();
      expect(['ok', 'bad_input']).toContain(typed(() => listTickets(w.app, w.actor('bob'), { where: text, limit: 5 })));
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

describe('settings (ticketty config set)', () => {
  it('any key and value: stored or refused as bad input; only admins may', () => {
    const keys = fc.oneof(
      fc.constantFrom('mail.from', 'mail.supportAddress', 'mail.maxAttachmentBytes', 'automation.policy', 'routing.levels', 'mail.smtp'),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(keys, fc.string({ maxLength: 120 }), (key, value) => {
        expect(['ok', 'bad_input', 'not_found']).toContain(typed(() => setSetting(w.app, w.actor('admin'), key, value)));
        expect(['forbidden', 'bad_input', 'not_found']).toContain(typed(() => setSetting(w.app, w.actor('bob'), key, value)));
      }),
      { numRuns: 1500 },
    );
  });
});

const header = fc.oneof(
  fc.constantFrom(
    'From: ann@acme.test',
    'From: <>',
    'From: "\x1b]0;x\x07" <a@b>',
    'From: not an address',
    'Subject: [#1] re',
    'Subject: =?utf-8?B?////?=',
    'Subject: =?x-bad?Q?=ZZ?=',
    'Content-Type: multipart/mixed; boundary=',
    'Content-Type: multipart/mixed; boundary="b"',
    'Content-Transfer-Encoding: base64',
    'Content-Transfer-Encoding: quoted-printable',
    'Message-ID: <dup@x>',
    'In-Reply-To: <nowhere@x>',
    'References: <a@x> <b@x>',
    'Auto-Submitted: auto-replied',
    'Precedence: bulk',
    'Content-Type: text/plain; charset=x-unknown',
  ),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/\r?\n/g, ' ')),
);
const message = fc.tuple(fc.array(header, { maxLength: 8 }), fc.string({ maxLength: 300 }), fc.boolean()).map(([headers, body, crlf]) => {
  const nl = crlf ? '\r\n' : '\n';
  return Buffer.from(`${headers.join(nl)}${nl}${nl}${body.replace(/\n/g, nl)}${nl}--b--${nl}`);
});

describe('mailgate', () => {
  it('thousands of malformed messages: an outcome, or a refusal that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        let mail;
        try {
          mail = await parseMail(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        const before = counts();
        const outcome = typed(() => ingestMail(w.app, mail));
        expect(['ok', 'bad_input']).toContain(outcome);
        if (outcome !== 'ok') expect(counts()).toEqual(before);
      }),
      { numRuns: 2500 },
    );
  }, 120_000);

  it('through the real bin: exit 0 or 2, one line, no stack trace', async () => {
    const tmp = tempDb();
    try {
      seedFile(tmp.db, 2);
      for (const raw of fc.sample(message, { numRuns: 15, seed: 7 })) {
        const exit = await cli(tmp.db, ['mailgate'], { input: raw.toString('latin1') });
        expect([0, 2], exit.stderr).toContain(exit.code);
        expect(exit.stderr.trim().split('\n')).toHaveLength(1);
        expect(exit.stderr).not.toMatch(STACK_TRACE);
      }
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
