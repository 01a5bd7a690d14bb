import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { guardCsvCell, toCsv, unguardCsvCell } from './csv.js';

// A small RFC 4180 reader, to check what toCsv writes parses back.
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    i++;
    if (quoted) {
      if (c === '"' && text[i] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || c === '\n') {
      record.push(field);
      field = '';
      if (c === '\n') {
        records.push(record);
        record = [];
      }
    } else {
      field += c;
    }
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

describe('toCsv', () => {
  it('writes a header and rows with LF line ends', () => {
    expect(
      toCsv(
        ['id', 'subject'],
        [
          [1, 'Printer'],
          [2, null],
        ],
      ),
    ).toBe('id,subject\n1,Printer\n2,\n');
    expect(toCsv(['a'], [])).toBe('a\n');
  });

  it('quotes fields with commas, quotes, CR or LF', () => {
    expect(toCsv(['x'], [['a,b'], ['say "hi"'], ['two\nlines'], ['cr\rhere'], ['crlf\r\n'], [' spaced ']])).toBe(
      'x\n"a,b"\n"say ""hi"""\n"two\nlines"\n"cr\rhere"\n"crlf\r\n"\n spaced \n',
    );
  });

  it('guards text cells that a spreadsheet would run as a formula', () => {
    expect(toCsv(['f'], [['=1+1'], ['+SUM(A1)'], ['-2+3'], ['@cmd'], ['\tx'], ['\rx'], ['=HYPERLINK("http://x","y")']])).toBe(
      `f\n'=1+1\n'+SUM(A1)\n'-2+3\n'@cmd\n'\tx\n"'\rx"\n"'=HYPERLINK(""http://x"",""y"")"\n`,
    );
    expect(toCsv(['=header'], [[-5], [1.5], ['a=b'], ["'=x"]])).toBe(`'=header\n-5\n1.5\na=b\n''=x\n`);
  });

  it('round-trips through an RFC 4180 reader and unguardCsvCell', () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('=1', "'=1", "''+x", '-', ',"\n', 'a\r\nb'));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const parsed = parseCsv(toCsv(['a', 'b', 'c'], rows));
        expect(parsed.slice(1).map((r) => r.map(unguardCsvCell))).toEqual(rows);
        for (const record of parsed) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('guard and unguard are inverse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (t) => {
        expect(unguardCsvCell(guardCsvCell(t))).toBe(t);
      }),
      { numRuns: 2_000 },
    );
  });
});
