// mailparser adapter: raw RFC 822 bytes → IncomingMail, or NotAMessage when it is not a message.
// Around mailparser: mimeRepair.ts fixes charsets and named text parts on the raw bytes first; here
// the text comes from HTML when there is no plain text (the HTML kept as an attachment), uuencoded
// files become attachments, and every string is made well-formed before it can reach the database.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { isMailAddress } from '../domain/mailAddress.js';
import { Unacceptable, type IncomingMail } from '../app/mail/mailIngest.js';
import { repairRawMail } from './mimeRepair.js';
import { decodeUuencodedPart, extractUuencoded } from './uuencode.js';

/** Input that no retry can make acceptable (SPEC 7: the only mailgate refusal, exit 2). */
export class NotAMessage extends Unacceptable {}

/** The first line of a message is a header field: `Name: value` (RFC 5322 field name). */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

export interface ParseOptions {
  /** Charsets tried in order for text that declares none (setting mail.fallbackCharsets). */
  fallbackCharsets?: string[];
}

/** Whether any byte is more than ASCII white space: a scan that stops at the first one (never a copy of a 25 MB mail). */
function hasNonBlankByte(input: Buffer): boolean {
  for (const byte of input) if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return true;
  return false;
}

export async function parseMail(input: Buffer, options: ParseOptions = {}): Promise<IncomingMail> {
  if (!hasNonBlankByte(input)) throw new NotAMessage('not a mail message: the input is empty');
  const firstLine =
    input
      .subarray(0, 1000)
      .toString('latin1')
      .replace(/^(\r?\n)+/, '')
      .split(/\r?\n/)[0] ?? '';
  if (!HEADER_LINE.test(firstLine) && !firstLine.startsWith('From ')) {
    throw new NotAMessage('not a mail message: it does not start with a header such as "From: …"');
  }
  const raw = repairRawMail(input, options.fallbackCharsets ?? ['utf-8', 'windows-1252']);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new NotAMessage(`not a mail message: ${(error as Error).message ?? 'cannot parse it'}`);
  }
  const fromHeader = headerValue(parsed, 'from');
  const from = firstAddress(parsed.from);
  const headers: Record<string, string | undefined> = {};
  for (const line of parsed.headerLines) {
    if (headers[line.key] === undefined)
      headers[line.key] = clean(
        line.line
          .slice(line.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
  }

  const attachments: IncomingMail['attachments'] = [];
  for (const [i, a] of parsed.attachments.entries()) {
    const encoding = String(a.headers.get('content-transfer-encoding') ?? '').toLowerCase();
    const uu = /^(x-)?uu(encode|e)?$/.test(encoding) ? decodeUuencodedPart(a.content) : undefined;
    attachments.push({
      filename: fileName(uu?.filename ?? a.filename ?? '') || defaultName(a.contentType, i),
      contentType: a.contentType || 'application/octet-stream',
      content: uu?.content ?? a.content,
    });
  }

  let text = parsed.text ?? '';
  // A message that is one text/html part gets a text from mailparser itself (its own rendering:
  // links as `text [url]`, tables run together): rendered here instead, as HTML anywhere else is.
  const topType = String((parsed.headers.get('content-type') as { value?: string } | undefined)?.value ?? '').toLowerCase();
  if ((!text.trim() || topType === 'text/html') && typeof parsed.html === 'string' && parsed.html.trim()) {
    const { htmlToReadableText } = await import('./htmlText.js');
    text = htmlToReadableText(parsed.html);
    // The text is a rendering: the HTML itself is kept, so nothing the customer sent is lost.
    attachments.push({ filename: 'message.html', contentType: 'text/html', content: Buffer.from(parsed.html, 'utf8') });
  }
  const uu = extractUuencoded(text);
  text = uu.text;
  for (const file of uu.files)
    attachments.push({
      filename: fileName(file.filename) || `attachment-${attachments.length + 1}`,
      contentType: 'application/octet-stream',
      content: file.content,
    });

  return {
    messageId: parsed.messageId ? bracket(clean(parsed.messageId)) : null,
    fallbackId: `<sha256-${createHash('sha256').update(input).digest('hex').slice(0, 40)}@ticketty.invalid>`,
    from,
    raw: input,
    fromHeader: fromHeader === undefined ? null : clean(fromHeader.replace(/^from:\s*/i, '')).slice(0, 500),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: clean(parsed.subject ?? ''),
    text: cleanText(text),
    inReplyTo: idList(parsed.inReplyTo),
    references: idList(parsed.references),
    headers,
    attachments,
  };
}

/** Well-formed Unicode without controls (line breaks and tabs kept): what the database may hold. */
export function cleanText(text: string): string {
  return wellFormed(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/^\uFEFF/, '');
}

/** Lone UTF-16 surrogates (invalid text) become U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** One line: controls (line breaks too) become spaces. */
function clean(text: string): string {
  return wellFormed(text)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim();
}

function fileName(name: string): string {
  return clean(name).replace(/[/\\]/g, '_').slice(0, 200);
}

/** The first sender that is an RFC 5322 address, lower case; null when none can be read. */
function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  return addresses(value)[0] ?? null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: Array<{ address: string; name: string }> = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const address = clean(entry.address ?? '').toLowerCase();
      if (address && isMailAddress(address) && out.length < 100) out.push({ address, name: clean(entry.name ?? '').slice(0, 100) });
    }
  };
  for (const obj of list) visit(obj.value);
  return out;
}

function headerValue(parsed: ParsedMail, key: string): string | undefined {
  return parsed.headerLines.find((l) => l.key === key)?.line;
}

function idList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return (text.match(/<[^<>\s]+>/g) ?? []).map(clean).slice(0, 100);
}

function bracket(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

function defaultName(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  return `attachment-${index + 1}`;
}
