// A fast path for Ink's frame text, built into Ink's Output by bin/buildPatches.mjs
// (inkKeepsLineCachesAcrossFrames; its ONE_COLUMN_TEXT into string-width by inkSegmentsOnUse) and
// not imported by the TUI but for ONE_COLUMN_TEXT: it must stay self-contained (no imports).
//
// Ink makes a row's text by splitting every line written into it into styled characters (ANSI
// tokenizing and a grapheme split), laying them on a grid of cells and encoding the cells back.
// For a row not drawn before (a page of new tickets after PageDown: 25 of them) that was about
// 5 ms a frame and most of the garbage behind the GC pauses on those keys. Most rows need none of
// it: their writes do not overlap, hold only SGR colour codes that each write closes again, and
// characters one column wide that are each their own grapheme. Such a row is its writes joined by
// spaces, which a terminal shows exactly as the cells' encoding (test/tui/inkPlainRow.test.ts
// compares the cells). Any other row gets `undefined`, and Ink's own way.

/**
 * Text whose characters are each one column wide (string-width says 1 for each) and never joined
 * to a neighbour into one grapheme: printable ASCII, Latin-1 (no soft hyphen), Latin Extended-A/B,
 * Greek, Cyrillic (no combining marks), general punctuation, arrows, mathematical operators, box
 * drawing, blocks and geometric shapes (without the two that are emoji). Its width is its length,
 * with no grapheme segmenter: the build gives Ink's string-width the same shortcut, and
 * components/FittedLine.tsx uses it, so a first frame of `…`, `·` and accented names builds no
 * Intl.Segmenter (the first one costs 22 ms of ICU loading).
 */
export const ONE_COLUMN_TEXT =
  /^[\x20-\x7e\xa0-\xac\xae-\u024f\u0370-\u0377\u037a-\u037f\u0384-\u03ff\u0400-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2200-\u22ff\u2500-\u25fc]*$/;

/** An SGR sequence, its parameters captured. */
const PLAIN_ROW_SGR = /\x1b\[([0-9;]*)m/g;
/** The style an SGR code opens, a bit each (bold and dim share 22, so one bit). */
const PLAIN_ROW_OPENS = new Map<number, number>([
  [1, 1],
  [2, 1],
  [3, 2],
  [4, 4],
  [7, 8],
  [9, 16],
  ...[30, 31, 32, 33, 34, 35, 36, 37, 38, 90, 91, 92, 93, 94, 95, 96, 97].map((code): [number, number] => [code, 32]),
  ...[40, 41, 42, 43, 44, 45, 46, 47, 48, 100, 101, 102, 103, 104, 105, 106, 107].map((code): [number, number] => [code, 64]),
]);
/** The styles an SGR code closes. */
const PLAIN_ROW_CLOSES = new Map<number, number>([
  [0, 127],
  [22, 1],
  [23, 2],
  [24, 4],
  [27, 8],
  [29, 16],
  [39, 32],
  [49, 64],
]);

/**
 * The row's text from its writes (`[x, line, x, line, …]`, as Ink's patched `get()` collects
 * them), or undefined when the row needs Ink's grid.
 */
export function plainRowText(width: number, writes: ReadonlyArray<number | string>): string | undefined {
  const parts: Array<{ x: number; line: string; columns: number }> = [];
  for (let w = 0; w < writes.length; w += 2) {
    const x = writes[w] as number;
    const line = writes[w + 1] as string;
    let open = 0;
    let plain = line;
    if (line.includes('\x1b')) {
      for (const match of line.matchAll(PLAIN_ROW_SGR)) {
        const codes = match[1] === '' ? [0] : match[1]!.split(';').map(Number);
        for (let i = 0; i < codes.length; i++) {
          const code = codes[i]!;
          if (code === 38 || code === 48) {
            // 38;5;n or 38;2;r;g;b: the colour's own numbers follow.
            const mode = codes[i + 1];
            if (mode === 5) i += 2;
            else if (mode === 2) i += 4;
            else return undefined;
          }
          const opened = PLAIN_ROW_OPENS.get(code);
          if (opened !== undefined) open |= opened;
          else {
            const closed = PLAIN_ROW_CLOSES.get(code);
            if (closed === undefined) return undefined; // blink, hidden, fonts…: Ink's way
            open &= ~closed;
          }
        }
      }
      if (open !== 0) return undefined; // a style left open would run into the next write
      plain = line.replace(PLAIN_ROW_SGR, '');
    }
    if (!ONE_COLUMN_TEXT.test(plain)) return undefined;
    parts.push({ x, line, columns: plain.length });
  }
  parts.sort((a, b) => a.x - b.x);
  let text = '';
  let at = 0;
  for (const { x, line, columns } of parts) {
    if (x < at || x + columns > width) return undefined; // overlapping, or past the row's end
    text += ' '.repeat(x - at) + line;
    at = x + columns;
  }
  return text.trimEnd();
}
