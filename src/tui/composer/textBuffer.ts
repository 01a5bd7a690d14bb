// The composer's text and cursor as a value, edited by pure functions (so they are tested alone):
// characters, lines, words as shells' line editors treat them (Ctrl-W, Alt-B/F).

export interface TextBuffer {
  text: string;
  /** Index into `text` (UTF-16 units, always on a code point boundary). */
  cursor: number;
}

export const emptyBuffer = (text = ''): TextBuffer => ({ text, cursor: text.length });

/** Text as a paste or a typed key brings it: newlines normalised, other control characters dropped. */
export function cleanInsert(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '');
}

export function insert(b: TextBuffer, text: string): TextBuffer {
  const clean = cleanInsert(text);
  return { text: b.text.slice(0, b.cursor) + clean + b.text.slice(b.cursor), cursor: b.cursor + clean.length };
}

const prevBoundary = (text: string, i: number) =>
  i >= 2 && /[\uDC00-\uDFFF]/.test(text[i - 1]!) && /[\uD800-\uDBFF]/.test(text[i - 2]!) ? i - 2 : Math.max(0, i - 1);
const nextBoundary = (text: string, i: number) =>
  i < text.length - 1 && /[\uD800-\uDBFF]/.test(text[i]!) ? i + 2 : Math.min(text.length, i + 1);

export function backspace(b: TextBuffer): TextBuffer {
  if (b.cursor === 0) return b;
  const at = prevBoundary(b.text, b.cursor);
  return { text: b.text.slice(0, at) + b.text.slice(b.cursor), cursor: at };
}

export function deleteForward(b: TextBuffer): TextBuffer {
  if (b.cursor >= b.text.length) return b;
  return { text: b.text.slice(0, b.cursor) + b.text.slice(nextBoundary(b.text, b.cursor)), cursor: b.cursor };
}

export const left = (b: TextBuffer): TextBuffer => ({ ...b, cursor: prevBoundary(b.text, b.cursor) });
export const right = (b: TextBuffer): TextBuffer => ({ ...b, cursor: nextBoundary(b.text, b.cursor) });

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** The start of the word before the cursor (skipping the spaces and punctuation just before it). */
export function wordStartBefore(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !isWordChar(text[i - 1])) i--;
  while (i > 0 && isWordChar(text[i - 1])) i--;
  return i;
}

/** The end of the word after the cursor. */
export function wordEndAfter(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && !isWordChar(text[i])) i++;
  while (i < text.length && isWordChar(text[i])) i++;
  return i;
}

export const wordLeft = (b: TextBuffer): TextBuffer => ({ ...b, cursor: wordStartBefore(b.text, b.cursor) });
export const wordRight = (b: TextBuffer): TextBuffer => ({ ...b, cursor: wordEndAfter(b.text, b.cursor) });

/** Ctrl-W: deletes the word before the cursor, as a shell does. */
export function deleteWordBefore(b: TextBuffer): TextBuffer {
  const at = wordStartBefore(b.text, b.cursor);
  return { text: b.text.slice(0, at) + b.text.slice(b.cursor), cursor: at };
}

/** Ctrl-U: deletes from the start of the line to the cursor. */
export function deleteLineBefore(b: TextBuffer): TextBuffer {
  const at = lineStart(b.text, b.cursor);
  return { text: b.text.slice(0, at) + b.text.slice(b.cursor), cursor: at };
}

const lineStart = (text: string, cursor: number) => text.lastIndexOf('\n', cursor - 1) + 1;
const lineEnd = (text: string, cursor: number) => {
  const i = text.indexOf('\n', cursor);
  return i === -1 ? text.length : i;
};

export const home = (b: TextBuffer): TextBuffer => ({ ...b, cursor: lineStart(b.text, b.cursor) });
export const end = (b: TextBuffer): TextBuffer => ({ ...b, cursor: lineEnd(b.text, b.cursor) });

/** Up or down one line, keeping the column where the line is long enough. */
export function verticalMove(b: TextBuffer, delta: -1 | 1): TextBuffer {
  const start = lineStart(b.text, b.cursor);
  const column = b.cursor - start;
  if (delta < 0) {
    if (start === 0) return { ...b, cursor: 0 };
    const prevStart = lineStart(b.text, start - 1);
    return { ...b, cursor: Math.min(prevStart + column, start - 1) };
  }
  const endHere = lineEnd(b.text, b.cursor);
  if (endHere === b.text.length) return { ...b, cursor: b.text.length };
  const nextStart = endHere + 1;
  return { ...b, cursor: Math.min(nextStart + column, lineEnd(b.text, nextStart)) };
}

/** A message quoted as mail does: `> ` before every line, introduced by who wrote it. */
export function quoteMessage(author: string, body: string): string {
  const quoted = body
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'));
  return `${author} wrote:\n${quoted.join('\n')}\n\n`;
}

/** Where the cursor is: line and column (0-based, columns in code points). */
export function cursorPosition(b: TextBuffer): { line: number; column: number } {
  const before = b.text.slice(0, b.cursor);
  const line = before.split('\n').length - 1;
  return { line, column: [...before.slice(lineStart(b.text, b.cursor))].length };
}

/**
 * The text as screen rows of at most `width` columns (long lines wrap by character), and the row
 * and column the cursor is on, so the composer can scroll to it.
 */
export function layoutRows(
  b: TextBuffer,
  width: number,
  widthOf: (ch: string) => number = () => 1,
): { rows: string[]; cursorRow: number; cursorColumn: number } {
  const rows: string[] = [];
  let cursorRow = 0;
  let cursorColumn = 0;
  let offset = 0;
  for (const line of b.text.split('\n')) {
    let row = '';
    let used = 0;
    let index = offset;
    const mark = () => {
      if (index === b.cursor) {
        cursorRow = rows.length;
        cursorColumn = used;
      }
    };
    for (const ch of line) {
      const w = widthOf(ch);
      if (used + w > width && row) {
        rows.push(row);
        row = '';
        used = 0;
      }
      mark();
      row += ch;
      used += w;
      index += ch.length;
    }
    mark();
    rows.push(row);
    offset = index + 1;
  }
  return { rows, cursorRow, cursorColumn };
}
