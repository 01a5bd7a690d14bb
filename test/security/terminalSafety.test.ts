// End to end: 4,000+ generated hostile strings (C0/C1 controls, CSI, OSC title/hyperlink/clipboard,
// DCS, bidi overrides) in subjects, names, comments and mail, rendered by the real bin/ticketty
// (tables, ticket show) and the TUI queue: nothing harmful reaches the terminal; --json keeps
// the text exact but escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tempDb } from '../helpers/cli.js';
import { onPostgres } from '../helpers/testStore.js';
import { cli, seedFile, withApp } from '../reliability/helpers.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { addNote, replyToTicket } from '../../src/app/tickets/ticketActions.js';
import { addUser } from '../../src/app/people/people.js';
import { ingestMail } from '../../src/app/mail/mailIngest.js';
import { parseMail } from '../../src/mail/parseMail.js';

const ESC = '\x1b';
const PIECES = [
  `${ESC}]0;pwned title\x07`,
  `${ESC}]2;title${ESC}\\`,
  `${ESC}]8;;https://evil.test/\x07click${ESC}]8;;\x07`,
  `${ESC}]52;c;cm0gLXJmIH4=\x07`,
  `${ESC}P+q544e\x1b\\`,
  `${ESC}[2J`,
  `${ESC}[31m`,
  `${ESC}[?1049h`,
  `${ESC}[1;1H`,
  '\x9b31m',
  '\x9d0;c1 title\x9c',
  '\x90dcs\x9c',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200f',
  '\r',
  '\b',
  '\x07',
  '\x00',
  '\x7f',
  '\x0b',
  '\x0c',
  '\x85',
  `${ESC}c`,
  `${ESC}(0`,
  '\t',
  'é',
  '漢',
  '🙂',
];
/** The generator: plain words with hostile pieces in between. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES),
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => `x${parts.join('')}`);

/** What must never reach a terminal from person-made text (newline aside: tables put none there). */
const HARMFUL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const CORPUS_SIZE = 4_000;
const tmp = tempDb();
/** The texts people write: a NUL is refused at input (requireText), so the corpus has none. */
let corpus: string[] = [];
/** Names as a database from before may hold them: with NULs on SQLite (PostgreSQL cannot store one). */
let names: string[] = [];
/** A subject is one line (createTicket refuses line breaks), trimmed to the 250 limit. */
const subjectOf = (i: number) =>
  corpus[i]!.replace(/[\r\n]/g, ' ')
    .slice(0, 250)
    .trim() || 'x';

beforeAll(async () => {
  const sample = fc.sample(hostile, { numRuns: CORPUS_SIZE, seed: 42 });
  corpus = sample.map((text) => text.replace(/\0/g, ''));
  names = onPostgres ? corpus : sample;
  seedFile(tmp.db, 0);
  const now = '2026-03-02T09:00:00Z';
  const mails: Buffer[] = [];
  withApp(
    tmp.db,
    (app) => {
      const admin = actorFromUser(app.people.userByHandle('admin')!);
      app.store.write(() => {
        // Names with controls are refused at input now; a database from before may still hold them.
        for (let i = 0; i < 50; i++) {
          const user = addUser(app, admin, { handle: `h${i}`, role: 'requester', email: `h${i}@acme.test` });
          app.people.updateUser(user.id, { name: names[i]!.replace(/[\n]/g, ' ').slice(0, 90) });
        }
      });
      // Every string is a subject (trimmed to the 250 limit), a comment and a note. In chunks, as
      // the batch commands write: one serializable transaction of 4,000 tickets on PostgreSQL pins
      // every concurrent transaction's predicate locks until it ends (out of shared memory).
      for (let start = 0; start < corpus.length; start += 500) {
        app.store.write(() => {
          for (let i = start; i < Math.min(start + 500, corpus.length); i++) {
            const subject = subjectOf(i);
            const t = createTicket(app, admin, { subject, description: corpus[(i + 1) % corpus.length]!, requester: `h${i % 50}` });
            if (i % 10 === 0) {
              replyToTicket(app, admin, t.id, corpus[(i + 2) % corpus.length]!);
              addNote(app, admin, t.id, corpus[(i + 3) % corpus.length]!);
            }
          }
        });
      }
    },
    now,
  );
  for (let i = 0; i < 200; i++) {
    const name = corpus[i]!.replace(/[\r\n"\\]/g, '');
    mails.push(
      Buffer.from(
        `From: "${name}" <m${i}@globex.test>\r\nSubject: ${corpus[i + 1]!.replace(/[\r\n]/g, ' ')}\r\nMessage-ID: <t${i}@x.test>\r\n\r\n${corpus[i + 2]}\r\n`,
      ),
    );
  }
  const parsed = await Promise.all(mails.map((m) => parseMail(m)));
  withApp(tmp.db, (app) => parsed.forEach((m) => ingestMail(app, m)), now);
}, 180_000);
afterAll(() => tmp.cleanup());

describe(`terminal safety over ${CORPUS_SIZE} hostile strings`, () => {
  it('ticket list (the table of every ticket) shows no control or bidi character', async () => {
    const list = await cli(tmp.db, ['ticket', 'list', '--limit', '10000', '--sort', 'created'], { as: 'admin' });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n').length).toBeGreaterThanOrEqual(CORPUS_SIZE);
    const bad = list.stdout.split('\n').filter((line) => HARMFUL.test(line));
    expect(bad.slice(0, 3)).toEqual([]);
  }, 120_000);

  it('ticket show of tickets with hostile comments, notes, names and mail shows none either', async () => {
    const ids = [1, 11, 21, 101, 2001, 3991, CORPUS_SIZE + 1, CORPUS_SIZE + 100, CORPUS_SIZE + 200];
    for (const id of ids) {
      const show = await cli(tmp.db, ['ticket', 'show', String(id)], { as: 'admin' });
      expect(show.code, show.stderr).toBe(0);
      expect(
        show.stdout
          .split('\n')
          .filter((line) => HARMFUL.test(line.replace(/\t/g, ' ')))
          .slice(0, 3),
        `#${id}`,
      ).toEqual([]);
      expect(show.stderr).not.toMatch(HARMFUL);
    }
  }, 120_000);

  it('--json keeps every text exact, with the controls escaped', async () => {
    const list = await cli(tmp.db, ['--json', 'ticket', 'list', '--limit', '10000', '--sort', 'created'], { as: 'admin' });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    const rows = JSON.parse(list.stdout) as Array<{ id: number; subject: string }>;
    for (let i = 0; i < CORPUS_SIZE; i++) expect(rows[i]!.subject).toBe(subjectOf(i));
    const show = await cli(tmp.db, ['--json', 'ticket', 'show', '11'], { as: 'admin' });
    const detail = JSON.parse(show.stdout) as { comments: Array<{ body: string }> };
    expect(detail.comments.map((c) => c.body)).toEqual(
      [corpus[11]!, corpus[12]!.trim(), corpus[13]!.trim()].map((b, k) => (k === 0 ? b.trim() : b)),
    );
  }, 120_000);
});
