// The built TUI's fast path for a row's text (src/tui/inkPlainRow.ts, put into Ink's Output by
// bin/buildPatches.mjs) against Ink's own way, which splits the row into styled cells: a terminal
// must show the same cells from both, for any row the fast path takes; the rest it leaves to Ink.
import { describe, expect, it } from 'vitest';
import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import { DemoRandom } from '../../src/domain/demoText.js';
import { plainRowText } from '../../src/tui/inkPlainRow.js';

/** An integer from `low` to `high`, both included. */
const between = (rng: DemoRandom, low: number, high: number) => low + rng.int(high - low + 1);

// Ink's own string-width (not the older one at the top of node_modules).
const { default: inkStringWidth } = (await import(
  new URL('../../node_modules/ink/node_modules/string-width/index.js', import.meta.url).href
)) as {
  default: (text: string) => number;
};

/** Ink 6's grid, as bin/buildPatches.mjs's rowText keeps it. */
function inkRowText(width: number, writes: Array<number | string>): string {
  const line: StyledChar[] = [];
  for (let x = 0; x < width; x++) line.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
  for (let w = 0; w < writes.length; w += 2) {
    let x = writes[w] as number;
    for (const character of styledCharsFromTokens(tokenize(writes[w + 1] as string))) {
      line[x] = character;
      const columns = Math.max(1, inkStringWidth(character.value));
      for (let i = 1; i < columns; i++) line[x + i] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
      x += columns;
    }
  }
  return styledCharsToString(line.filter((c) => c !== undefined)).trimEnd();
}

/** What a terminal shows for `text`: each cell's character and its effective style. */
function cells(text: string): string[] {
  const shown = styledCharsFromTokens(tokenize(text)).map((c) => {
    const state = { fg: '', bg: '', flags: new Set<string>() };
    for (const style of c.styles) {
      const code = style.code.replace(/^\x1b\[|m$/g, '');
      const first = Number(code.split(';')[0]);
      if ((first >= 30 && first <= 38) || (first >= 90 && first <= 97)) state.fg = code;
      else if ((first >= 40 && first <= 48) || (first >= 100 && first <= 107)) state.bg = code;
      else state.flags.add(code);
    }
    return `${c.value}|${state.fg}|${state.bg}|${[...state.flags].sort().join(',')}`;
  });
  while (shown.length > 0 && shown[shown.length - 1] === ' |||') shown.pop();
  return shown;
}

// Not dim (2) beside bold (1): both end at 22, and Ink's grid, going from bold and dim to dim
// alone, writes 22 and so loses the dim; the joined writes keep what the line asked for.
const STYLES: Array<[string, string]> = [
  ['\x1b[1m', '\x1b[22m'],
  ['\x1b[3m', '\x1b[23m'],
  ['\x1b[4m', '\x1b[24m'],
  ['\x1b[7m', '\x1b[27m'],
  ['\x1b[31m', '\x1b[39m'],
  ['\x1b[92m', '\x1b[39m'],
  ['\x1b[38;5;208m', '\x1b[39m'],
  ['\x1b[38;2;10;20;30m', '\x1b[39m'],
  ['\x1b[44m', '\x1b[49m'],
  ['\x1b[48;5;17m', '\x1b[49m'],
];
const WORDS = ['#1042', 'VPN down', 'Zoë Müller', '…', '↑', '≥ 10,000', 'SLA 2h 05m', '─────', 'Ωμέγα', 'Привет', ' ', 'P1', '·'];

/** A line as Ink writes one: words, some in nested styles that each close what they open. */
function styledLine(rng: DemoRandom): string {
  let text = '';
  for (let i = between(rng, 1, 4); i > 0; i--) {
    let word = rng.pick(WORDS);
    for (let depth = between(rng, 0, 2); depth > 0; depth--) {
      const [open, close] = rng.pick(STYLES);
      word = `${open}${word}${close}`;
    }
    text += word;
  }
  return text;
}

describe("the built TUI's plain row text", () => {
  it('shows the same cells as Ink’s grid for rows of styled, non-overlapping writes', () => {
    const rng = new DemoRandom(20261206);
    let taken = 0;
    for (let row = 0; row < 1_200; row++) {
      const width = between(rng, 20, 120);
      const writes: Array<number | string> = [];
      let x = between(rng, 0, 3);
      for (;;) {
        const line = styledLine(rng);
        const columns = inkStringWidth(line);
        // Now and then a last write past the row's end, as a wide Box child may make.
        if (x + columns > width) {
          if (between(rng, 0, 3) === 0) writes.push(x, line);
          break;
        }
        writes.push(x, line);
        x += columns + between(rng, 0, 3);
      }
      // Ink writes a box's children in tree order, which is not always left to right.
      if (between(rng, 0, 4) === 0 && writes.length >= 4) writes.push(...writes.splice(0, 2));
      const plain = plainRowText(width, writes);
      const fits = writes.every((v, i) => i % 2 === 1 || (v as number) + inkStringWidth(writes[i + 1] as string) <= width);
      expect(plain === undefined, `${fits ? 'refused' : 'took'} ${JSON.stringify(writes)}`).toBe(!fits);
      if (plain === undefined) continue;
      taken++;
      expect(cells(plain), JSON.stringify(writes)).toEqual(cells(inkRowText(width, writes)));
    }
    expect(taken).toBeGreaterThan(700);
  });

  it('takes only characters that Ink’s grid gives one column each, one grapheme each', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const taken: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      if (plainRowText(4, [0, character]) !== undefined) taken.push(character);
    }
    expect(taken.length).toBeGreaterThan(1_500);
    for (const character of taken) expect(inkStringWidth(character), `U+${character.charCodeAt(0).toString(16)}`).toBe(1);
    // No two of them join into one grapheme, in any of these orders.
    const rng = new DemoRandom(7);
    for (let round = 0; round < 20; round++) {
      const shuffled = round === 0 ? taken : [...taken].sort(() => between(rng, 0, 2) - 1);
      const text = shuffled.join('');
      expect([...segmenter.segment(text)].length).toBe(text.length);
    }
  });

  it('leaves to Ink a row it cannot join: overlapping, wide, combining, emoji, a style left open, other escapes, past the end', () => {
    const refused: Array<[number, Array<number | string>]> = [
      [40, [0, 'abcdef', 3, 'xyz']],
      [40, [0, '日本語']],
      [40, [0, 'e\u0301']],
      [40, [0, '✅ done']],
      [40, [0, '\x1b[31mred', 10, 'plain']],
      [40, [0, '\x1b[1m\x1b[31mbold red\x1b[39m']],
      [40, [0, '\x1b]8;;https://example.com\x07link\x1b]8;;\x07']],
      [40, [0, 'tab\there']],
      [40, [0, '\x1b[5mblink\x1b[25m']],
      [10, [5, 'too long for it']],
      [40, [-1, 'left of the row']],
    ];
    for (const [width, writes] of refused) expect(plainRowText(width, writes), JSON.stringify(writes)).toBeUndefined();
  });

  it('joins with spaces and trims the row’s end as Ink does', () => {
    expect(plainRowText(30, [2, 'ab', 6, '\x1b[31mcd\x1b[39m', 12, 'e  '])).toBe('  ab  \x1b[31mcd\x1b[39m    e');
    expect(plainRowText(30, [])).toBe('');
    expect(plainRowText(30, [0, '\x1b[7m    \x1b[27m'])).toBe('\x1b[7m    \x1b[27m');
  });
});
