// uuencode (`begin 644 name` … `end`): the attachments of old and scripted mailers, either as a
// part with Content-Transfer-Encoding x-uuencode or as blocks inside the text. Pure.

export interface UuFile {
  filename: string;
  content: Buffer;
}

const BEGIN = /^begin(?:-base64)? [0-7]{3,4} (.+)$/;

/** Decodes one uuencoded block's lines (without `begin`/`end`); malformed lines are skipped. */
function decodeLines(lines: string[]): Buffer {
  const out: number[] = [];
  for (const line of lines) {
    if (!line) continue;
    const length = (line.charCodeAt(0) - 32) & 63;
    if (length === 0) continue;
    const values: number[] = [];
    for (let i = 1; i < line.length; i++) values.push((line.charCodeAt(i) - 32) & 63);
    const bytes: number[] = [];
    for (let i = 0; i + 1 < values.length && bytes.length < length; i += 4) {
      const [a = 0, b = 0, c = 0, d = 0] = values.slice(i, i + 4);
      bytes.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (c >> 2)) & 255, ((c << 6) | d) & 255);
    }
    for (const byte of bytes.slice(0, length)) out.push(byte);
  }
  return Buffer.from(out);
}

/**
 * The uuencoded files in `text` and the text without them. A block counts only when it has its
 * `begin` line, body lines and an `end` line, so prose that merely says "begin 644" stays.
 */
export function extractUuencoded(text: string): { text: string; files: UuFile[] } {
  if (!/^begin [0-7]{3,4} /m.test(text)) return { text, files: [] };
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  const files: UuFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]!);
    const endAt = begin ? lines.findIndex((l, j) => j > i && l.trimEnd() === 'end') : -1;
    const body = endAt > 0 ? lines.slice(i + 1, endAt) : [];
    if (!begin || endAt < 0 || !body.every((l) => l === '' || isUuLine(l))) {
      kept.push(lines[i]!);
      continue;
    }
    files.push({ filename: begin[1]!.trim(), content: decodeLines(body) });
    i = endAt;
  }
  return { text: kept.join('\n'), files };
}

/** A part sent with Content-Transfer-Encoding x-uuencode: its file (or the raw content if none). */
export function decodeUuencodedPart(content: Buffer): UuFile | undefined {
  return extractUuencoded(content.toString('latin1')).files[0];
}

function isUuLine(line: string): boolean {
  const l = line.trimEnd();
  if (!/^[\x20-\x60]+$/.test(l)) return false;
  const length = (l.charCodeAt(0) - 32) & 63;
  // 4 characters per 3 bytes (some encoders drop trailing padding, some add a checksum char)
  const expected = Math.ceil(length / 3) * 4 + 1;
  return l.length >= expected - 2 && l.length <= expected + 2;
}
