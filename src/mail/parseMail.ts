// mailparser adapter: raw RFC 822 bytes → IncomingMail, or BadInput when it is not a message.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { BadInput } from '../domain/errors.js';
import type { IncomingMail } from '../app/mail/mailIngest.js';

/** The first line of a message is a header field: `Name: value` (RFC 5322 field name). */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

export async function parseMail(raw: Buffer): Promise<IncomingMail> {
  if (!raw.length || !raw.toString('latin1').trim()) throw new BadInput('not a mail message: the input is empty');
  const firstLine = raw.subarray(0, 1000).toString('latin1').replace(/^(\r?\n)+/, '').split(/\r?\n/)[0] ?? '';
  if (!HEADER_LINE.test(firstLine) && !firstLine.startsWith('From ')) {
    throw new BadInput('not a mail message: it does not start with a header such as "From: …"');
  }
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new BadInput(`not a mail message: ${(error as Error).message ?? 'cannot parse it'}`);
  }
  const from = firstAddress(parsed.from);
  if (!from && !headerValue(parsed, 'from')) throw new BadInput('not a mail message: it has no From header');
  const headers: Record<string, string | undefined> = {};
  for (const line of parsed.headerLines) {
    if (headers[line.key] === undefined) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return {
    messageId: parsed.messageId ? bracket(parsed.messageId) : null,
    fallbackId: `<sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@ticketty.invalid>`,
    from,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    inReplyTo: idList(parsed.inReplyTo),
    references: idList(parsed.references),
    headers,
    attachments: parsed.attachments.map((a, i) => ({
      filename: (a.filename ?? '').replace(/[\p{Cc}/\\]/gu, '_').slice(0, 200) || defaultName(a.contentType, i),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    })),
  };
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const obj of list) {
    for (const entry of obj.value) {
      if (entry.address && entry.address.includes('@')) return { address: entry.address.toLowerCase(), name: entry.name ?? '' };
    }
  }
  return null;
}

function headerValue(parsed: ParsedMail, key: string): string | undefined {
  return parsed.headerLines.find((l) => l.key === key)?.line;
}

function idList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return (text.match(/<[^<>\s]+>/g) ?? []).slice(0, 100);
}

function bracket(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

function defaultName(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  return `attachment-${index + 1}`;
}
