// Person-made text made harmless before it reaches a terminal: the ONE function that both the TUI
// and the CLI tables use (STYLE.md: Ink passes OSC sequences and `\r`, `\b` straight through).
//
// sanitizeForTerminal(text, { multiline }) works in two passes.
//
// Pass 1 — controls and escape sequences:
// - Escape sequences are removed whole (nothing is put in their place):
//   CSI `ESC [ params intermediates final` and its 8-bit form U+009B; two-byte `ESC x` (e.g. ESC c,
//   a full terminal reset) and `ESC intermediates final` (charset designations, ESC # 8);
//   control strings OSC (`ESC ]`, U+009D: window titles, OSC 8 hyperlinks — the link *text* stays —,
//   OSC 52 clipboard writes), DCS (`ESC P`, U+0090), SOS (`ESC X`, U+0098), PM (`ESC ^`, U+009E)
//   and APC (`ESC _`, U+009F), each up to its terminator BEL, ST (`ESC \`) or U+009C.
// - Unterminated sequences never swallow text: a control string is removed only when its
//   terminator comes before any line break or other control character and within
//   MAX_CONTROL_STRING code units; otherwise only its introducer is removed and the rest is shown
//   as ordinary (sanitized) text. A CSI without a final byte likewise loses only `ESC [`.
// - Every other C0 control, DEL and C1 control is removed, except: tab, VT and FF become one
//   space; `\r\n`, `\n`, a lone `\r`, NEL (U+0085), U+2028 and U+2029 are line breaks.
// - Line breaks: kept as `\n` in multiline mode; in single-line mode (the default) each becomes
//   the visible `⏎ ` so that a subject cannot fake a second row.
// - Lone UTF-16 surrogates become U+FFFD (a terminal would print that anyway).
//
// Pass 2 — invisible characters that can hide or disguise text (Unicode Default_Ignorable code
// points plus the interlinear annotation characters U+FFF9–U+FFFB) are removed, which covers the
// bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069), zero-width space, word joiner, BOM, soft hyphen, Hangul fillers and tag
// characters. Kept where real text needs them, one at a time:
// - ZWJ (U+200D) between an emoji and a pictograph (👩‍💻, 🏳️‍🌈);
// - ZWJ and ZWNJ (U+200C) between two non-ASCII letters (Persian, Indic scripts);
// - one variation selector right after a visible character (❤️, 1️⃣, ideographic variants);
// - tag characters inside an emoji subdivision flag (🏴 + tags + U+E007F).
//
// The result holds no C0 control (except `\n` in multiline mode), no DEL, no C1 control and no
// bidi control; plain printable text is returned unchanged; the function is idempotent.

export interface SanitizeOptions {
  /** Keep line breaks as `\n` (comment bodies); otherwise each becomes `⏎ ` (lists, tables). */
  multiline?: boolean;
}

/** Longest OSC/DCS/SOS/PM/APC payload removed as a sequence; longer ones are shown as text. */
export const MAX_CONTROL_STRING = 2048;

/** What a line break becomes in single-line mode. */
export const LINE_BREAK_MARK = '⏎ ';

const ESC = 0x1b;
const BEL = 0x07;
const ST = 0x9c;

// Anything pass 1 has to look at; text without it skips pass 1.
const NEEDS_PASS_1 = /[\x00-\x1f\x7f-\x9f\u2028\u2029\uD800-\uDFFF]/;
// Anything pass 2 has to look at.
const NEEDS_PASS_2 = /[\p{Default_Ignorable_Code_Point}\uFFF9-\uFFFB]/u;

export function sanitizeForTerminal(text: string, opts: SanitizeOptions = {}): string {
  const lineBreak = opts.multiline === true ? '\n' : LINE_BREAK_MARK;
  const stripped = NEEDS_PASS_1.test(text) ? stripControls(text, lineBreak) : text;
  return NEEDS_PASS_2.test(stripped) ? stripInvisibles(stripped) : stripped;
}

/** Index just past a CSI whose parameters start at `from`, or -1 when it has no final byte. */
function endOfCsi(text: string, from: number): number {
  let k = from;
  while (k < text.length && isBetween(text.charCodeAt(k), 0x30, 0x3f)) k++;
  while (k < text.length && isBetween(text.charCodeAt(k), 0x20, 0x2f)) k++;
  return k < text.length && isBetween(text.charCodeAt(k), 0x40, 0x7e) ? k + 1 : -1;
}

/** Index just past the terminator of a control string whose payload starts at `from`, or -1. */
function endOfControlString(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_CONTROL_STRING + 2);
  for (let k = from; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === BEL || c === ST) return k + 1;
    if (c === ESC) return text.charCodeAt(k + 1) === 0x5c /* \ */ ? k + 2 : -1;
    // Any other control (a line break included) ends the payload: the string is unterminated.
    if (c < 0x20 || isBetween(c, 0x7f, 0x9f)) return -1;
  }
  return -1;
}

function isBetween(c: number, low: number, high: number): boolean {
  return c >= low && c <= high;
}

function stripControls(text: string, lineBreak: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      // Copy the run of ordinary characters in one go.
      let j = i + 1;
      while (j < n && !NEEDS_PASS_1.test(text[j] as string)) j++;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === ESC) {
      i = skipEscape(text, i);
      continue;
    }
    if (c === 0x9b) {
      const end = endOfCsi(text, i + 1);
      i = end === -1 ? i + 1 : end;
      continue;
    }
    if (c === 0x90 || c === 0x98 || c === 0x9d || c === 0x9e || c === 0x9f) {
      const end = endOfControlString(text, i + 1);
      i = end === -1 ? i + 1 : end;
      continue;
    }
    if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029) {
      out += lineBreak;
      i++;
      continue;
    }
    if (c === 0x0d) {
      out += lineBreak;
      i += text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      continue;
    }
    if (c === 0x09 || c === 0x0b || c === 0x0c) {
      out += ' ';
      i++;
      continue;
    }
    if (c < 0x20 || isBetween(c, 0x7f, 0x9f)) {
      i++; // any other control: removed
      continue;
    }
    if (isBetween(c, 0xd800, 0xdbff) && isBetween(text.charCodeAt(i + 1), 0xdc00, 0xdfff)) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    out += isBetween(c, 0xd800, 0xdfff) ? '\uFFFD' : text[i];
    i++;
  }
  return out;
}

/** Index just past the escape sequence that starts with the ESC at `i`. */
function skipEscape(text: string, i: number): number {
  const d = text.charCodeAt(i + 1); // NaN at the end of the text
  if (d === 0x5b /* [ */) {
    const end = endOfCsi(text, i + 2);
    return end === -1 ? i + 2 : end;
  }
  if (d === 0x5d /* ] */ || d === 0x50 /* P */ || d === 0x58 /* X */ || d === 0x5e /* ^ */ || d === 0x5f /* _ */) {
    const end = endOfControlString(text, i + 2);
    return end === -1 ? i + 2 : end;
  }
  if (isBetween(d, 0x20, 0x2f)) {
    // nF: ESC intermediates final, e.g. ESC ( B, ESC # 8.
    let k = i + 1;
    while (k < text.length && isBetween(text.charCodeAt(k), 0x20, 0x2f)) k++;
    return k < text.length && isBetween(text.charCodeAt(k), 0x30, 0x7e) ? k + 1 : i + 1;
  }
  if (isBetween(d, 0x30, 0x7e)) return i + 2; // two-byte sequence: ESC 7, ESC c, ESC \ ...
  return i + 1; // a lone ESC: only it goes
}

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\uFFF9-\uFFFB]/u;
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u180B-\u180D\u180F\u{E0100}-\u{E01EF}]/u;
const EMOJI_BEFORE_ZWJ = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const NON_ASCII_LETTER_OR_MARK = /[^\x00-\x7f](?<=[\p{L}\p{M}])/u;
const NON_ASCII_LETTER = /[^\x00-\x7f](?<=\p{L})/u;
const WHITESPACE = /\s/u;
const SUBDIVISION_FLAG_TAGS = /[\u{E0020}-\u{E007E}]{1,12}\u{E007F}/uy;
const BLACK_FLAG = '\u{1F3F4}';

function stripInvisibles(text: string): string {
  const chars = Array.from(text); // code points
  let out = '';
  let prev: string | undefined; // last code point kept
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (!INVISIBLE.test(ch)) {
      out += ch;
      prev = ch;
      if (ch === BLACK_FLAG) {
        SUBDIVISION_FLAG_TAGS.lastIndex = 0;
        const rest = chars.slice(i + 1, i + 14).join('');
        const tags = SUBDIVISION_FLAG_TAGS.exec(rest);
        if (tags !== null) {
          out += tags[0];
          prev = '\u{E007F}';
          i += Array.from(tags[0]).length;
        }
      }
      continue;
    }
    if (keepInvisible(ch, prev, chars[i + 1])) {
      out += ch;
      prev = ch;
    }
  }
  return out;
}

function keepInvisible(ch: string, prev: string | undefined, next: string | undefined): boolean {
  if (prev === undefined) return false; // never first
  // 🏳️‍🌈: the ZWJ follows the kept variation selector.
  if (ch === '\u200D' && EMOJI_BEFORE_ZWJ.test(prev) && next !== undefined && PICTOGRAPH.test(next)) return true;
  if (INVISIBLE.test(prev)) return false; // otherwise never two in a row
  if (VARIATION_SELECTOR.test(ch)) return !WHITESPACE.test(prev);
  if (next === undefined) return false;
  if (ch === '\u200D' || ch === '\u200C') {
    // The next letter must be one that stays: a Hangul filler is a letter, but an invisible one.
    return NON_ASCII_LETTER_OR_MARK.test(prev) && NON_ASCII_LETTER.test(next) && !INVISIBLE.test(next);
  }
  return false;
}

/**
 * JSON for a terminal or a pipe. JSON.stringify already escapes C0 controls (ESC included), but it
 * leaves DEL, the C1 controls (U+009B is an 8-bit CSI) and bidi controls raw; this also writes
 * those as `\uXXXX`. Valid JSON that parses back to exactly the same value.
 */
export function stringifyJsonForTerminal(value: unknown, space?: string | number): string {
  const json = JSON.stringify(value, null, space) as string | undefined;
  if (json === undefined) throw new TypeError('value cannot be written as JSON');
  return json.replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
