// Repairs made on the raw message before mailparser reads it, where the bytes are still there:
// - header lines with undeclared 8-bit text (not UTF-8) are decoded through the fallback charsets
//   and rewritten as UTF-8, which mailparser reads;
// - text parts that declare no charset (or us-ascii/utf-8 while their bytes are not UTF-8) get
//   the first fallback charset their bytes decode under, so they never turn into U+FFFD;
// - text parts that carry a file name and are not the message's body become attachments
//   (mailparser would merge an inline `log.txt` into the text, byte order mark included).
// The message is walked as latin1 text (one character per byte), edits are spliced in at the end.
import { isUtf8 } from 'node:buffer';

const MAX_DEPTH = 40;
const MAX_PARTS = 2000;

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

interface Walk {
  s: string;
  fallbacks: string[];
  edits: Edit[];
  parts: number;
  sawBody: boolean;
}

export function repairRawMail(raw: Buffer, fallbacks: string[]): Buffer {
  const s = raw.toString('latin1');
  // Fast path: a UTF-8 message without 8-bit escapes, file names or declared-away charsets.
  if (isUtf8(raw) && !/name\*?\s*=|=[89a-f][0-9a-f]|base64/i.test(s)) return raw;
  const walk: Walk = { s, fallbacks, edits: [], parts: 0, sawBody: false };
  entity(walk, 0, s.length, 0);
  if (!walk.edits.length) return raw;
  let out = '';
  let pos = 0;
  for (const edit of walk.edits.sort((a, b) => a.at - b.at)) {
    if (edit.at < pos) continue; // overlapping edits cannot happen; stay safe if they do
    out += s.slice(pos, edit.at) + edit.insert;
    pos = edit.at + edit.remove;
  }
  return Buffer.from(out + s.slice(pos), 'latin1');
}

/** Decodes bytes with the first charset of the chain they are valid in (else the last, leniently). */
export function decodeWithFallbacks(bytes: Uint8Array, fallbacks: string[]): { text: string; charset: string } {
  const chain = fallbacks.length ? fallbacks : ['utf-8', 'windows-1252'];
  for (const label of chain) {
    try {
      const decoder = new TextDecoder(label, { fatal: true });
      return { text: windows1252(decoder.encoding, decoder.decode(bytes)), charset: decoder.encoding };
    } catch {
      // invalid in this charset (or an unknown label): try the next one
    }
  }
  const last = safeDecoder(chain[chain.length - 1]!);
  return { text: windows1252(last.encoding, last.decode(bytes)), charset: last.encoding };
}

/** windows-1252's characters at 0x80-0x9F (the five it leaves undefined stay as they are). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

/**
 * Node 20's TextDecoder decodes windows-1252 (and the labels WHATWG maps to it: latin1,
 * iso-8859-1, ascii) as ISO-8859-1, giving C1 controls for € – “ ” … , which cleaning then
 * dropped from a subject: `Grüße – Preis 5€` became `Grüße  Preis 5`. Mapped here.
 */
function windows1252(encoding: string, text: string): string {
  return encoding === 'windows-1252' ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : text;
}

function safeDecoder(label: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

/** One MIME entity between `start` and `end`: its header block, then its body. */
function entity(w: Walk, start: number, end: number, depth: number): void {
  if (++w.parts > MAX_PARTS || depth > MAX_DEPTH) return;
  const { s } = w;
  const blank = /\r?\n\r?\n/g;
  blank.lastIndex = start;
  // A part may start with its blank line (no headers at all).
  const startsBlank = /^\r?\n/.test(s.slice(start, start + 2));
  const match = startsBlank ? null : blank.exec(s);
  const headerEnd = startsBlank ? start : match && match.index < end ? match.index : end;
  const bodyStart = startsBlank ? start + (s[start] === '\r' ? 2 : 1) : match && match.index < end ? match.index + match[0].length : end;
  const headers = parseHeaders(s, start, headerEnd);
  repairHeaderLines(w, headers);

  const contentType = headers.get('content-type')?.value ?? '';
  const type = (/^\s*([\w.+-]+\/[\w.+-]+)/.exec(contentType)?.[1] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(contentType, 'boundary');
    if (boundary) multipart(w, boundary, bodyStart, end, depth);
    return;
  }
  if (!type.startsWith('text/')) return;
  const disposition = headers.get('content-disposition')?.value ?? '';
  const named = param(disposition, 'filename') ?? param(contentType, 'name');
  // The first text part is the body even when a client names it; later named ones are files.
  const isBody = !w.sawBody;
  w.sawBody = true;
  if (!isBody && named && !/^\s*attachment/i.test(disposition)) {
    const field = headers.get('content-disposition');
    if (field) {
      const typeLength = /^\s*[\w-]*/.exec(s.slice(field.valueStart, field.valueEnd))![0].length;
      w.edits.push({ at: field.valueStart, remove: typeLength, insert: ' attachment' });
    } else w.edits.push({ at: start, remove: 0, insert: 'Content-Disposition: attachment\r\n' });
    return;
  }
  const charset = param(contentType, 'charset')?.toLowerCase();
  if (charset && !['us-ascii', 'ascii', 'utf-8', 'utf8'].includes(charset)) return;
  const encoding = (headers.get('content-transfer-encoding')?.value ?? '').trim().toLowerCase();
  const bytes = bodyBytes(s.slice(bodyStart, end), encoding);
  if (!bytes || isUtf8(bytes)) return;
  const chosen = decodeWithFallbacks(bytes, w.fallbacks).charset;
  const field = headers.get('content-type');
  if (!field) {
    w.edits.push({ at: start, remove: 0, insert: `Content-Type: text/plain; charset="${chosen}"\r\n` });
  } else {
    const value = s.slice(field.valueStart, field.valueEnd).replace(/;?\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i, '');
    w.edits.push({
      at: field.valueStart,
      remove: field.valueEnd - field.valueStart,
      insert: `${value.replace(/[\s;]+$/, '')}; charset="${chosen}"`,
    });
  }
}

function multipart(w: Walk, boundary: string, start: number, end: number, depth: number): void {
  const { s } = w;
  const delimiter = `--${boundary}`;
  const starts: number[] = [];
  let closeAt = end;
  let pos = start;
  while (pos < end) {
    const found = s.indexOf(delimiter, pos);
    if (found < 0 || found >= end) break;
    const atLineStart = found === start || s[found - 1] === '\n';
    const lineEnd = s.indexOf('\n', found);
    const next = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
    if (atLineStart) {
      if (s.startsWith('--', found + delimiter.length)) {
        closeAt = found;
        starts.push(found);
        break;
      }
      starts.push(found, next);
    }
    pos = next;
  }
  // starts: [delimiter, partStart, delimiter, partStart, …, closing delimiter]
  for (let i = 1; i < starts.length; i += 2) {
    const partStart = starts[i]!;
    let partEnd = i + 1 < starts.length ? starts[i + 1]! : closeAt;
    // The line break before a delimiter belongs to the delimiter.
    if (s[partEnd - 1] === '\n') partEnd -= s[partEnd - 2] === '\r' ? 2 : 1;
    if (partStart <= partEnd) entity(w, partStart, partEnd, depth + 1);
  }
}

interface HeaderField {
  value: string;
  /** Where the raw (folded) value starts and ends in the message. */
  valueStart: number;
  valueEnd: number;
  lineStarts: number[];
}

/** The header fields of a block, by lower-case name (the first of each name wins). */
function parseHeaders(s: string, start: number, end: number): Map<string, HeaderField> & { all: HeaderField[] } {
  const fields = Object.assign(new Map<string, HeaderField>(), { all: [] as HeaderField[] });
  const block = s.slice(start, end);
  const re = /^([!-9;-~]+)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(block))) {
    const valueStart = start + m.index + m[0].length - m[2]!.length;
    let valueEnd = start + m.index + m[0].length;
    if (s[valueEnd - 1] === '\r') valueEnd--;
    const field: HeaderField = {
      value: m[2]!
        .replace(/\r?\n[ \t]+/g, ' ')
        .replace(/\r$/, '')
        .trim(),
      valueStart,
      valueEnd,
      lineStarts: [start + m.index],
    };
    fields.all.push(field);
    const key = m[1]!.toLowerCase();
    if (!fields.has(key)) fields.set(key, field);
  }
  return fields;
}

/** Header values with 8-bit bytes that are not UTF-8: decoded through the chain, written as UTF-8. */
function repairHeaderLines(w: Walk, headers: { all: HeaderField[] }): void {
  for (const field of headers.all) {
    const raw = w.s.slice(field.valueStart, field.valueEnd);
    if (!/[\x80-\xff]/.test(raw)) continue;
    const bytes = Buffer.from(raw, 'latin1');
    if (isUtf8(bytes)) continue;
    const text = decodeWithFallbacks(bytes, w.fallbacks).text;
    w.edits.push({ at: field.valueStart, remove: raw.length, insert: Buffer.from(text, 'utf8').toString('latin1') });
  }
}

/** A parameter of a structured header value (`name="value"` or `name=value`; RFC 2231 `name*=` too). */
function param(value: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}(\\*0?\\*?)?\\s*=\\s*("((?:[^"\\\\]|\\\\.)*)"|[^;\\s]+)`, 'i').exec(value);
  if (!m) return undefined;
  let v = m[3] ?? m[2]!;
  if (m[1]?.endsWith('*')) v = v.replace(/^[^']*'[^']*'/, '');
  return v.replace(/\\(.)/g, '$1');
}

/** The decoded bytes of a body (for charset detection only), or undefined when it is plain ASCII. */
function bodyBytes(body: string, encoding: string): Buffer | undefined {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    if (!/=[89a-f][0-9a-f]/i.test(body)) return undefined;
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  return /[\x80-\xff]/.test(body) ? Buffer.from(body, 'latin1') : undefined;
}
