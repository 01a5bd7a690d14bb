import { describe, expect, it } from 'vitest';
import { createPasteParser, PASTE_END, PASTE_START } from './bracketedPaste.js';

describe('bracketed paste', () => {
  it('passes typing through as keys', () => {
    const p = createPasteParser();
    expect(p.push('fpriority=P2\r')).toEqual([{ kind: 'keys', data: 'fpriority=P2\r' }]);
    expect(p.push('\x1b')).toEqual([{ kind: 'keys', data: '\x1b' }]);
  });

  it('turns a paste into one text, newlines and key-like characters included', () => {
    const p = createPasteParser();
    expect(p.push(`r${PASTE_START}line one\rq\r\x1b[Aline three${PASTE_END}x`)).toEqual([
      { kind: 'keys', data: 'r' },
      { kind: 'paste', text: 'line one\rq\r\x1b[Aline three' },
      { kind: 'keys', data: 'x' },
    ]);
  });

  it('collects a paste over several reads, markers as separate reads (as Ink splits them) or cut in two', () => {
    const p = createPasteParser();
    expect(p.push(PASTE_START)).toEqual([]);
    expect(p.inPaste()).toBe(true);
    expect(p.push('first\r')).toEqual([]);
    expect(p.push('second\x1b[20')).toEqual([]);
    expect(p.push('1~j')).toEqual([
      { kind: 'paste', text: 'first\rsecond' },
      { kind: 'keys', data: 'j' },
    ]);
    expect(p.inPaste()).toBe(false);
  });

  it('reports an empty paste and two pastes in one read', () => {
    const p = createPasteParser();
    expect(p.push(`${PASTE_START}${PASTE_END}${PASTE_START}a${PASTE_END}`)).toEqual([
      { kind: 'paste', text: '' },
      { kind: 'paste', text: 'a' },
    ]);
  });
});
