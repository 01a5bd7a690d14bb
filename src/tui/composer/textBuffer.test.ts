import { describe, expect, it } from 'vitest';
import * as tb from './textBuffer.js';

const at = (text: string, cursor = text.length): tb.TextBuffer => ({ text, cursor });

describe('the composer text buffer', () => {
  it('inserts at the cursor, normalising newlines and dropping control characters', () => {
    expect(tb.insert(at('ac', 1), 'b')).toEqual(at('abc', 2));
    expect(tb.insert(at(''), 'one\r\ntwo\rthree\x07\x1b[A')).toEqual(at('one\ntwo\nthree[A'));
  });

  it('deletes a character either side, whole code points', () => {
    expect(tb.backspace(at('ab😀'))).toEqual(at('ab'));
    expect(tb.backspace(at('ab', 0))).toEqual(at('ab', 0));
    expect(tb.deleteForward(at('a😀b', 1))).toEqual(at('ab', 1));
    expect(tb.left(at('a😀'))).toEqual(at('a😀', 1));
    expect(tb.right(at('a😀', 1))).toEqual(at('a😀', 3));
  });

  it('moves and deletes by words as a shell does', () => {
    expect(tb.deleteWordBefore(at('please restart the VPN  '))).toEqual(at('please restart the '));
    expect(tb.deleteWordBefore(at('hello, world', 6))).toEqual(at(' world', 0));
    expect(tb.wordLeft(at('one two three', 13)).cursor).toBe(8);
    expect(tb.wordLeft(at('one two three', 8)).cursor).toBe(4);
    expect(tb.wordRight(at('one two three', 0)).cursor).toBe(3);
    expect(tb.wordRight(at('one two three', 3)).cursor).toBe(7);
    expect(tb.wordRight(at('élan vital', 0)).cursor).toBe(4);
  });

  it('moves between lines keeping the column, and to line ends', () => {
    const b = at('first line\nab\nthird line', 8);
    expect(tb.verticalMove(b, 1).cursor).toBe(13);
    expect(tb.verticalMove(tb.verticalMove(b, 1), 1).cursor).toBe(16);
    expect(tb.verticalMove(at('ab\ncd', 4), -1).cursor).toBe(1);
    expect(tb.verticalMove(at('ab\ncd', 1), -1).cursor).toBe(0);
    expect(tb.verticalMove(at('ab\ncd', 4), 1).cursor).toBe(5);
    expect(tb.home(at('ab\ncd', 4)).cursor).toBe(3);
    expect(tb.end(at('ab\ncd', 0)).cursor).toBe(2);
    expect(tb.deleteLineBefore(at('ab\ncd', 5))).toEqual(at('ab\n', 3));
    expect(tb.cursorPosition(at('ab\ncdé', 6))).toEqual({ line: 1, column: 3 });
  });

  it('quotes a message line by line', () => {
    expect(tb.quoteMessage('ann', 'It dropped.\n\nAgain.\n')).toBe('ann wrote:\n> It dropped.\n>\n> Again.\n\n');
  });
});

describe('the composer layout', () => {
  it('wraps long lines by width and finds the cursor row and column', () => {
    expect(tb.layoutRows(at('abcdef\ngh', 8), 4)).toEqual({ rows: ['abcd', 'ef', 'gh'], cursorRow: 2, cursorColumn: 1 });
    expect(tb.layoutRows(at('abcd', 4), 4)).toEqual({ rows: ['abcd'], cursorRow: 0, cursorColumn: 4 });
    expect(tb.layoutRows(at('ab\n', 3), 4)).toEqual({ rows: ['ab', ''], cursorRow: 1, cursorColumn: 0 });
    expect(tb.layoutRows(at('', 0), 4)).toEqual({ rows: [''], cursorRow: 0, cursorColumn: 0 });
  });
});
