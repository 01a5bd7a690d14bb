// Every shape of mail that real clients send: the subject, requester, text and attachments each
// becomes. Fixtures are written by the project, modelled on what those clients send.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, ingestRaw, mailWorld } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { tableRows } from '../helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = mailWorld();
});
afterEach(() => w.close());

async function ticketFrom(name: string) {
  const r = await ingestRaw(w, fixture(name));
  expect(r.outcome).toBe('created');
  const t = showTicket(w.app, w.actor('admin'), (r as { ticketId: number }).ticketId);
  const files = t.comments[0]!.attachments.map((a) => [a.filename, a.contentType]);
  const data = (filename: string) => tableRows(w.app.store, 'attachments', { filename })[0]!.data;
  const requester = w.app.people.userByHandle(t.requester)!;
  return { t, files, data, requester };
}

/** No lone surrogate, no U+FFFD, no control character but line breaks and tabs. */
function expectCleanText(text: string) {
  expect(text).not.toMatch(/[\uD800-\uDFFF]|\uFFFD|[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/);
}

describe('HTML anywhere in the MIME tree becomes readable text; the HTML is kept', () => {
  it('Lotus Notes: the only text is HTML inside multipart/mixed', async () => {
    const { t, files, data, requester } = await ticketFrom('lotus-notes-html-mixed.eml');
    expect(t.subject).toBe('Invoice run failed');
    expect(requester).toMatchObject({ email: 'frank.fischer@globex.test', name: 'Frank Fischer' });
    expect(t.description).toBe(
      'Hello,\n\nthe invoice run of last night failed at step 3.\nDetails: run 42 <https://intranet.globex.test/runs/42>\n\nFrank',
    );
    expect(files).toEqual([
      ['run42.log', 'text/plain'],
      ['message.html', 'text/html'],
    ]);
    expect(data('message.html').toString()).toContain('<b>failed</b>');
  });

  it('iPhone: HTML in multipart/related with an inline photo', async () => {
    const { t, files } = await ticketFrom('iphone-html-related.eml');
    expect(t.description).toBe('My screen flickers since the driver update – see photo.\n\nSent from my iPhone');
    expect(files).toEqual([
      ['photo.jpg', 'image/jpeg'],
      ['message.html', 'text/html'],
    ]);
  });

  it('a message that is one text/html part: the same rendering (links as text <url>), the HTML kept', async () => {
    const r = await ingestRaw(
      w,
      [
        'From: Ann Archer <ann@acme.test>',
        'Subject: HTML only mail',
        'Message-ID: <html-only-1@acme.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><body><p>Hello <b>team</b>,</p><ul><li>first</li><li>second</li></ul><p>See <a href="https://x.test/a">the page</a></p></body></html>',
        '',
      ].join('\n'),
    );
    const t = showTicket(w.app, w.actor('admin'), (r as { ticketId: number }).ticketId);
    expect(t.description).toContain('See the page <https://x.test/a>');
    expect(t.description).toMatch(/first\n\s*\* second|first\n.*second/);
    expect(t.comments[0]!.attachments.map((a) => a.filename)).toEqual(['message.html']);
  });

  it('an empty text/plain beside the HTML: lists and tables stay readable, links kept as text', async () => {
    const { t } = await ticketFrom('newsletter-empty-plain.eml');
    expect(t.description).toContain('Open orders');
    expect(t.description).toMatch(/Order\s+State\nA-100\s+paid\nA-101\s+unpaid/);
    expect(t.description).toMatch(/1\. Check the payment provider\n\s*2\. Retry the export/);
    expect(t.description).toContain('the order list <https://shop.acme.test/orders>');
    expect(t.description).not.toContain('<td>');
  });
});

describe('undeclared 8-bit text is decoded through mail.fallbackCharsets', () => {
  it('windows-1252 headers and body (default chain utf-8, windows-1252)', async () => {
    const { t, requester } = await ticketFrom('undeclared-latin1.eml');
    expect(t.subject).toBe("Problème d'accès");
    expect(requester.name).toBe('Renée François');
    expect(t.description).toBe("Bonjour, je n'arrive plus à ouvrir le dossier “Compta” – merci.");
  });

  it('windows-1252 punctuation in a header (€ – “ ” …, bytes 0x80-0x9F): kept, not dropped as controls', async () => {
    const cp1252 = (text: string) =>
      Buffer.from([...text].map((c) => ({ '€': 0x80, '–': 0x96, '“': 0x93, '”': 0x94, '…': 0x85 })[c] ?? c.charCodeAt(0)));
    const raw = Buffer.concat([
      cp1252('From: Jörg Weiß <joerg@acme.test>\r\nSubject: Grüße – Preis 5€ für “Drucker”…\r\n'),
      Buffer.from('Message-ID: <cp1252-subject@acme.test>\r\n\r\n'),
      cp1252('Ärger mit dem Drucker – 5€\r\n'),
    ]);
    const r = await ingestRaw(w, raw);
    const t = showTicket(w.app, w.actor('admin'), (r as { ticketId: number }).ticketId);
    expect(t.subject).toBe('Grüße – Preis 5€ für “Drucker”…');
    expect(t.description).toBe('Ärger mit dem Drucker – 5€');
    expect(w.app.people.userByEmail('joerg@acme.test')?.name).toBe('Jörg Weiß');
  });

  it('quoted-printable with no charset', async () => {
    const { t } = await ticketFrom('undeclared-qp.eml');
    expect(t.description).toBe('Grüße aus Köln, der Drucker ist kaputt.');
  });

  it('KOI8-R once an admin puts it in the chain', async () => {
    setSetting(w.app, w.actor('admin'), 'mail.fallbackCharsets', 'utf-8, koi8-r');
    const { t, requester } = await ticketFrom('undeclared-koi8r.eml');
    expect(t.subject).toBe('Принтер не печатает');
    expect(requester.name).toBe('Иван Петров');
    expect(t.description).toBe('Принтер на третьем этаже не печатает.');
  });

  it('refuses a chain with a charset nobody knows', () => {
    expect(() => setSetting(w.app, w.actor('admin'), 'mail.fallbackCharsets', 'utf-8, klingon')).toThrow(/unknown charset 'klingon'/);
  });

  it('writes nothing invalid: no U+FFFD where a fallback decodes, no lone surrogate', async () => {
    for (const name of ['undeclared-latin1.eml', 'undeclared-qp.eml', 'lotus-notes-html-mixed.eml']) {
      const { t, requester } = await ticketFrom(name);
      for (const text of [t.subject, t.description, requester.name]) expectCleanText(text);
    }
    // A lone surrogate in an encoded word (UTF-16 that no encoder should write) never lands in a name.
    const r = await ingestRaw(
      w,
      'From: =?utf-16be?B?2AA=?= Zed <zed@acme.test>\nSubject: =?utf-16be?B?3AA=?=x\nMessage-ID: <sur-1@acme.test>\n\nhello\n',
    );
    const zed = tableRows(w.app.store, 'users', { email: 'zed@acme.test' })[0]!;
    expect(zed.name).not.toMatch(/[\uD800-\uDFFF]/);
    expect(showTicket(w.app, w.actor('admin'), (r as { ticketId: number }).ticketId).subject).not.toMatch(/[\uD800-\uDFFF]/);
  });
});

describe('uuencode and named text parts become attachments', () => {
  it('a begin-644 block in the text (cron mail from root@localhost)', async () => {
    const { t, files, data, requester } = await ticketFrom('uuencode-inline.eml');
    expect(requester.email).toBe('root@localhost');
    expect(t.description).toBe('The nightly backup finished with warnings. Report attached:\n\n\n-- \nbackup01');
    expect(files).toEqual([['report.bin', 'application/octet-stream']]);
    expect(data('report.bin').equals(Buffer.from([...Array(3)].flatMap(() => [...Array(256).keys()])))).toBe(true);
  });

  it('a part with Content-Transfer-Encoding x-uuencode', async () => {
    const { t, files, data } = await ticketFrom('uuencode-part.eml');
    expect(t.description).toBe('Here is my config.');
    expect(files.map((f) => f[0])).toEqual(['app.conf']);
    expect(data('app.conf').toString()).toBe('listen = 8080\nworkers = 4\n');
  });

  it('Apple Mail: an inline text/plain with a file name stays a file, its BOM not merged into the text', async () => {
    const { t, files, data } = await ticketFrom('apple-inline-text-attachment.eml');
    expect(t.description).toBe('The kiosk crashed again, log below.\n\nThanks, Kim');
    expect(files).toEqual([['kiosk.log', 'text/plain']]);
    expect(data('kiosk.log').toString('utf8')).toBe('\ufeffkiosk: segfault at 0x0\n');
  });
});

describe('senders as RFC 5322 defines them', () => {
  it('a quoted local part at a dotless domain', async () => {
    const { t, requester } = await ticketFrom('sender-quoted-local.eml');
    expect(requester).toMatchObject({ email: '"john doe"@intranet', name: 'Doe, John', role: 'requester' });
    expect(t.description).toBe('Hello from a quoted local part.');
  });
});
