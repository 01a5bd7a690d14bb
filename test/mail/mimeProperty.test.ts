// Random MIME trees (nested multiparts, any charset and transfer encoding, raw 8-bit headers,
// uuencode, HTML, broken boundaries) never crash mailgate, never hang it, and never write invalid
// text. The seed is the suite's (test/setup.ts, printed once per run); replay with TICKETTY_SEED=N.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ingestRaw, mailWorld } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import { tableCount, tableRows } from '../helpers/tableRows.js';

interface Leaf {
  kind: 'leaf';
  type: string;
  charset: string | null;
  encoding: string | null;
  disposition: string | null;
  filename: string | null;
  body: Uint8Array;
}
interface Multi {
  kind: 'multi';
  subtype: string;
  boundary: string;
  children: Part[];
  closed: boolean;
}
type Part = Leaf | Multi;

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc
    .constantFrom(
      '<p>Hi <b>there</b></p><ul><li>a</li></ul>',
      'begin 644 x.bin\n#8V%T\n`\nend\n',
      'Gr\xfc\xdfe',
      '=E9t=E9 =\n',
      'aGVsbG8=',
      '\ud800 lone',
    )
    .map((s) => Buffer.from(s, 'latin1')),
);
const leaf: fc.Arbitrary<Leaf> = fc.record({
  kind: fc.constant('leaf' as const),
  type: fc.constantFrom('text/plain', 'text/html', 'application/octet-stream', 'image/png', 'text/x-weird', 'message/rfc822', 'bogus'),
  charset: fc.option(fc.constantFrom('utf-8', 'us-ascii', 'windows-1252', 'koi8-r', 'gb2312', 'iso-2022-jp', 'utf-16', 'x-unknown', '"'), {
    nil: null,
  }),
  encoding: fc.option(fc.constantFrom('7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'nonsense'), { nil: null }),
  disposition: fc.option(fc.constantFrom('inline', 'attachment', 'weird'), { nil: null }),
  filename: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  body: bytes,
});
const tree: fc.Arbitrary<Part> = fc.letrec<{ part: Part }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant('multi' as const),
      subtype: fc.constantFrom('mixed', 'alternative', 'related', 'signed', 'digest'),
      boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=? -]{1,30}[A-Za-z0-9]$/),
      children: fc.array(tie('part'), { maxLength: 4 }),
      closed: fc.boolean(),
    }),
  ),
})).part;

function serialize(part: Part): Buffer {
  const chunks: Buffer[] = [];
  const put = (s: string | Uint8Array) => chunks.push(typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s));
  if (part.kind === 'multi') {
    put(`Content-Type: multipart/${part.subtype}; boundary="${part.boundary}"\r\n\r\npreamble\r\n`);
    for (const child of part.children) {
      put(`--${part.boundary}\r\n`);
      put(serialize(child));
      put('\r\n');
    }
    if (part.closed) put(`--${part.boundary}--\r\nepilogue\r\n`);
    return Buffer.concat(chunks);
  }
  put(
    `Content-Type: ${part.type}${part.charset ? `; charset=${part.charset}` : ''}${part.filename !== null ? `; name="${part.filename}"` : ''}\r\n`,
  );
  if (part.encoding) put(`Content-Transfer-Encoding: ${part.encoding}\r\n`);
  if (part.disposition) put(`Content-Disposition: ${part.disposition}${part.filename !== null ? `; filename=${part.filename}` : ''}\r\n`);
  put('\r\n');
  put(part.body);
  return Buffer.concat(chunks);
}

const headerText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((b) =>
    Buffer.from(b)
      .toString('latin1')
      .replace(/[\r\n]/g, ' '),
  ),
  fc.constantFrom('=?utf-16be?B?2AA=?=', '=?x-bogus?Q?=FF?=', 'Ren\xe9e', '<<<>>>'),
);
const message = fc
  .record({
    name: headerText,
    subject: headerText,
    from: fc.constantFrom('a@b.test', 'root@localhost', '"q d"@intranet', '<<<>>>', ''),
    body: tree,
    id: fc.nat(),
  })
  .map((m) =>
    Buffer.concat([
      Buffer.from(
        `From: ${m.name} <${m.from}>\r\nSubject: ${m.subject}\r\nMessage-ID: <p${m.id}@prop.test>\r\nTo: x@help.example.com, ${m.name} <cc${m.id % 3}@acme.test>\r\nMIME-Version: 1.0\r\n`,
        'latin1',
      ),
      serialize(m.body),
    ]),
  );

const INVALID = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/;

let w: TestWorld;
beforeAll(() => {
  w = mailWorld();
});
afterAll(() => w.close());

describe('random MIME trees', () => {
  it('never crash, hang or write invalid text', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        const started = Date.now();
        try {
          await ingestRaw(w, raw);
        } catch (error) {
          // Only "never acceptable" refusals may surface (e.g. attachments over the cap).
          expect((error as { neverAcceptable?: boolean }).neverAcceptable).toBe(true);
        }
        expect(Date.now() - started).toBeLessThan(5000);
        // The newest rows (highest ids): tableRows comes in id order.
        for (const t of tableRows(w.app.store, 'tickets').slice(-2)) expect(t.subject).not.toMatch(INVALID);
        for (const c of tableRows(w.app.store, 'comments').slice(-2)) expect(c.body).not.toMatch(INVALID);
        for (const u of tableRows(w.app.store, 'users').slice(-3)) expect(u.name).not.toMatch(INVALID);
      }),
      { numRuns: 150 },
    );
    // The runs wrote something: the property was not vacuous.
    expect(tableCount(w.app.store, 'tickets')).toBeGreaterThan(10);
  }, 120_000);
});
