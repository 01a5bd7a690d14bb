import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderTable } from './table.js';
import { displayWidth } from '../../domain/textWidth.js';

describe('renderTable', () => {
  it('aligns columns separated by two spaces, with a header row', () => {
    const out = renderTable(
      [{ header: 'ID', align: 'right' }, { header: 'STATUS' }, { header: 'SUBJECT' }],
      [
        ['7', 'open', 'Printer on fire'],
        ['1234', 'pending', 'VPN'],
      ],
    );
    expect(out).toBe(['  ID  STATUS   SUBJECT', '   7  open     Printer on fire', '1234  pending  VPN'].join('\n'));
  });

  it('measures wide characters and emoji by display width', () => {
    const out = renderTable(
      [{ header: 'NAME' }, { header: 'N', align: 'right' }],
      [
        ['漢字', '1'],
        ['😀x', '22'],
        ['ab', '3'],
      ],
    );
    expect(out.split('\n')).toEqual(['NAME   N', '漢字   1', '😀x   22', 'ab     3']);
  });

  it('sanitizes every cell and the headers', () => {
    const out = renderTable([{ header: 'SUB\x1b[31mJECT' }, { header: 'WHO' }], [[`\x1b]0;pwned\x07Hello\x1b[2J\nworld`, `bob\u202E\r\b`]]);
    expect(out).toBe('SUBJECT       WHO\nHello⏎ world  bob⏎');
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
  });

  it('cuts cells at maxWidth with an ellipsis', () => {
    const out = renderTable(
      [{ header: 'SUBJECT', maxWidth: 8 }, { header: 'X' }],
      [
        ['A very long subject', 'y'],
        ['漢字漢字漢字', 'z'],
      ],
    );
    expect(out.split('\n')).toEqual(['SUBJECT   X', 'A very …  y', '漢字漢…   z']);
  });

  it('shrinks the widest flexible column to fit the terminal width', () => {
    const columns = [{ header: 'ID', align: 'right' as const }, { header: 'SUBJECT' }, { header: 'REQUESTER' }];
    const rows = [['12345', 'x'.repeat(60), 'someone@example.com']];
    const out = renderTable(columns, rows, { width: 50 });
    const lines = out.split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(lines[1]).toMatch(/^12345 {2}x+… {2}someone@example\.com$/); // numbers and the narrow column stay whole
    expect(renderTable(columns, rows, { width: 200 })).toBe(renderTable(columns, rows));
  });

  it('shrinks columns of equal width evenly, and stops at a minimum', () => {
    const columns = [{ header: 'A' }, { header: 'B' }];
    const out = renderTable(columns, [['a'.repeat(20), 'b'.repeat(20)]], { width: 22 });
    expect(out.split('\n')[1]).toBe(`${'a'.repeat(9)}…  ${'b'.repeat(9)}…`);
    const tiny = renderTable(columns, [['a'.repeat(20), 'b'.repeat(20)]], { width: 3 });
    expect(tiny.split('\n')[1]).toBe('aaa…  bbb…');
  });

  it('treats missing cells as empty and ignores extra ones', () => {
    expect(renderTable([{ header: 'A' }, { header: 'B' }], [['1'], ['2', '3', '4']])).toBe('A  B\n1\n2  3');
    expect(renderTable([{ header: 'A' }], [])).toBe('A');
    expect(renderTable([], [['x']])).toBe('');
  });

  it('fits any table into the terminal width when the flexible columns can give enough', () => {
    const cell = fc
      .array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('漢', '😀', 'é', '\x1b[31m', '\n')), { maxLength: 12 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 6 }), (n, rows) => {
        const columns = Array.from({ length: n }, (_, i) => ({ header: `H${i}` }));
        const width = n * 4 + (n - 1) * 2; // every column at its minimum
        const out = renderTable(columns, rows, { width: width + 10 });
        const lines = out.split('\n');
        expect(lines).toHaveLength(rows.length + 1);
        for (const line of lines) {
          expect(displayWidth(line)).toBeLessThanOrEqual(width + 10);
          expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
          expect(line).toBe(line.trimEnd());
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
