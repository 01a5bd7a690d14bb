import { describe, expect, it } from 'vitest';
import { humanSize, safeFileName } from './fileName.js';

describe('safeFileName', () => {
  it('keeps one harmless path segment', () => {
    expect(safeFileName('report.pdf')).toBe('report.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\ann\\scan 1.png')).toBe('scan 1.png');
    expect(safeFileName('..')).toBe('attachment');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('a\x1b[31mred\x07.txt')).toBe('a_[31mred_.txt');
    expect(safeFileName('evil\u202etxt.exe')).toBe('evil_txt.exe');
    expect(safeFileName('   ')).toBe('attachment');
  });

  it('shortens a long name and keeps its extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.pdf`);
    expect([...name].length).toBe(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('humanSize', () => {
  it('reads as people read sizes', () => {
    expect(humanSize(812)).toBe('812 B');
    expect(humanSize(12_700)).toBe('12 KB');
    expect(humanSize(2048)).toBe('2.0 KB');
    expect(humanSize(3_250_000)).toBe('3.1 MB');
  });
});
