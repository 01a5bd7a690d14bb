// One line of text already fitted to its width by our own code (textWidth.ts), drawn so that Ink
// measures it cheaply. Ink measures every text node of every frame with string-width, which is
// instant on printable ASCII and ~80 µs and ~55 KB of garbage per 100-column line otherwise (a
// grapheme segmenter and Unicode regexes per character); queue rows nearly always hold a `…`, `—`
// or a name with accents. So Ink gets an ASCII stand-in of the same width (a space per column of
// each other character), styled as usual, and a <Transform> puts the real characters back into
// the styled line just before it is written. The width is ours either way: the caller fitted it.
import React, { useMemo } from 'react';
import { Text, Transform } from 'ink';
import { displayWidth } from '../../domain/textWidth.js';
import { ONE_COLUMN_TEXT } from '../inkPlainRow.js';

export interface LineSegment {
  /** Sanitized text (see sanitizeForTerminal). */
  text: string;
  color?: string | undefined;
  bold?: boolean | undefined;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// Built on first use: most lines need none (see ONE_COLUMN_TEXT), and the first costs 22 ms.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text);

interface StandIn {
  /** Per segment, the ASCII text Ink measures. */
  texts: string[];
  /** Per column of the stand-in, what the terminal should get there ('' after a wide character). */
  cells: string[];
}

function standInFor(segments: readonly LineSegment[]): StandIn | null {
  if (segments.every((s) => PRINTABLE_ASCII.test(s.text))) return null;
  const cells: string[] = [];
  return { texts: segments.map(({ text }) => standInText(text, cells)), cells };
}

const NON_ASCII_RUN = /[^\x20-\x7e]+/g;

/** The stand-in of one text, its columns appended to `cells`. */
function standInText(text: string, cells: string[]): string {
  let ascii = '';
  const plain = (from: number, to: number) => {
    const run = text.slice(from, to);
    ascii += run;
    cells.push(...run);
  };
  let done = 0;
  // Only the non-ASCII runs are split into graphemes, each with the character before it (a base
  // that a combining mark joins): the rest is one column per character.
  for (const match of text.matchAll(NON_ASCII_RUN)) {
    if (ONE_COLUMN_TEXT.test(match[0])) {
      // A column each, none joined to its neighbour: a space each in the stand-in.
      plain(done, match.index);
      done = match.index + match[0].length;
      ascii += ' '.repeat(match[0].length);
      cells.push(...match[0]);
      continue;
    }
    const from = Math.max(done, match.index - 1);
    plain(done, from);
    done = match.index + match[0].length;
    for (const { segment } of graphemes(text.slice(from, done))) {
      const width = PRINTABLE_ASCII.test(segment) ? 1 : displayWidth(segment);
      if (width === 0) {
        // Drawn with the previous column (a combining mark, a joiner): no column of its own.
        if (cells.length) cells[cells.length - 1] += segment;
        continue;
      }
      ascii += width === 1 && PRINTABLE_ASCII.test(segment) ? segment : ' '.repeat(width);
      cells.push(segment, ...Array<string>(width - 1).fill(''));
    }
  }
  plain(done, text.length);
  return ascii;
}

/** Puts the real characters back, column by column, leaving the escape sequences Ink styled it with. */
function restore(styled: string, cells: readonly string[]): string {
  let out = '';
  let column = 0;
  for (let i = 0; i < styled.length; i++) {
    const ch = styled[i]!;
    if (ch === '\x1b') {
      // An SGR sequence from Ink's styling: ESC [ parameters final-byte.
      let end = i + 1;
      if (styled[end] === '[') while (++end < styled.length && !/[@-~]/.test(styled[end]!));
      out += styled.slice(i, end + 1);
      i = end;
      continue;
    }
    out += cells[column++] ?? ch;
  }
  // A line Ink re-wrapped (the terminal just shrank, our next render refits it): leave it as is.
  return column === cells.length ? out : styled;
}

export function FittedLine({ segments, inverse }: { segments: readonly LineSegment[]; inverse?: boolean }) {
  const key = segments.map((s) => s.text).join('\0');
  const standIn = useMemo(() => standInFor(segments), [key]);
  const body = (texts: readonly string[]) => (
    <Text wrap="truncate" inverse={inverse}>
      {segments.map((s, i) =>
        s.color || s.bold ? (
          <Text key={i} color={s.color} bold={s.bold}>
            {texts[i]}
          </Text>
        ) : (
          texts[i]
        ),
      )}
    </Text>
  );
  if (!standIn) return body(segments.map((s) => s.text));
  const { cells } = standIn;
  return <Transform transform={(line) => restore(line, cells)}>{body(standIn.texts)}</Transform>;
}
