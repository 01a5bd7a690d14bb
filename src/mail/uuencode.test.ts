import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractUuencoded } from './uuencode.js';

/** A reference encoder (the classic algorithm, '`' for zero), to test against. */
function uuencode(name: string, data: Buffer): string {
  const lines = [`begin 644 ${name}`];
  const ch = (v: number) => (v === 0 ? '`' : String.fromCharCode(v + 32));
  for (let i = 0; i < data.length; i += 45) {
    const chunk = data.subarray(i, i + 45);
    let line = ch(chunk.length);
    for (let j = 0; j < chunk.length; j += 3) {
      const [a = 0, b = 0, c = 0] = [chunk[j], chunk[j + 1], chunk[j + 2]];
      line += ch(a >> 2) + ch(((a << 4) | (b >> 4)) & 63) + ch(((b << 2) | (c >> 6)) & 63) + ch(c & 63);
    }
    lines.push(line);
  }
  lines.push('`', 'end');
  return lines.join('\n');
}

describe('uuencode', () => {
  it('takes a block out of the text and decodes it', () => {
    const text = `Here is the log:\n\n${uuencode('log.txt', Buffer.from('cat\n'))}\n\nThanks, Carol`;
    const out = extractUuencoded(text);
    expect(out.files).toEqual([{ filename: 'log.txt', content: Buffer.from('cat\n') }]);
    expect(out.text).toBe('Here is the log:\n\n\nThanks, Carol');
  });

  it('leaves prose that only mentions "begin 644" alone', () => {
    const text = 'begin 644 is a file mode\nnothing else here\nend';
    expect(extractUuencoded(text)).toEqual({ text, files: [] });
  });

  it('round-trips any bytes (property; seed printed on failure)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const data = Buffer.from(bytes);
        const out = extractUuencoded(`before\n${uuencode('f.bin', data)}\nafter`);
        expect(out.files[0]?.content.equals(data)).toBe(true);
        expect(out.text).toBe('before\nafter');
      }),
    );
  });
});
