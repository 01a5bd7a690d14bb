// Terminal display width of text: how many columns a terminal gives it.
//
// Rules (the same as string-width 8, which Ink uses, so the TUI and the CLI agree):
// - text is measured per grapheme cluster (what a terminal draws as one glyph);
// - clusters made only of invisible code points (controls, format characters, combining marks on
//   nothing) take 0 columns;
// - emoji clusters (RGI emoji, ZWJ sequences of pictographs, keycaps) take 2;
// - otherwise the East Asian Width of the first visible code point decides: Wide and Fullwidth
//   (CJK, Hangul, kana, fullwidth forms, emoji-presentation pictographs) take 2, everything else 1
//   (East Asian Ambiguous counts as narrow, as in every western terminal default).
//
// Callers measure *sanitized* text (see sanitize.ts): escape sequences are not understood here.

// East Asian Width = W, and F, as flat inclusive [start, end] pairs, sorted.
// From get-east-asian-width 1.7.0 (MIT, Sindre Sorhus), generated from Unicode's EastAsianWidth.txt.
const WIDE_RANGES: readonly number[] = [
  4352, 4447, 8986, 8987, 9001, 9002, 9193, 9196, 9200, 9200, 9203, 9203, 9725, 9726, 9748, 9749, 9776, 9783, 9800, 9811, 9855, 9855, 9866,
  9871, 9875, 9875, 9889, 9889, 9898, 9899, 9917, 9918, 9924, 9925, 9934, 9934, 9940, 9940, 9962, 9962, 9970, 9971, 9973, 9973, 9978, 9978,
  9981, 9981, 9989, 9989, 9994, 9995, 10024, 10024, 10060, 10060, 10062, 10062, 10067, 10069, 10071, 10071, 10133, 10135, 10160, 10160,
  10175, 10175, 11035, 11036, 11088, 11088, 11093, 11093, 11904, 11929, 11931, 12019, 12032, 12245, 12272, 12287, 12288, 12288, 12289,
  12350, 12353, 12438, 12441, 12543, 12549, 12591, 12593, 12686, 12688, 12773, 12783, 12830, 12832, 12871, 12880, 42124, 42128, 42182,
  43360, 43388, 44032, 55203, 63744, 64255, 65040, 65049, 65072, 65106, 65108, 65126, 65128, 65131, 65281, 65376, 65504, 65510, 94176,
  94180, 94192, 94198, 94208, 101594, 101631, 101664, 101760, 101874, 101888, 102801, 102816, 102866, 110576, 110579, 110581, 110587,
  110589, 110590, 110592, 110888, 110898, 110898, 110928, 110930, 110933, 110933, 110948, 110952, 110960, 111355, 119552, 119638, 119648,
  119670, 126980, 126980, 127183, 127183, 127374, 127374, 127377, 127386, 127406, 127406, 127488, 127490, 127504, 127547, 127552, 127560,
  127568, 127569, 127584, 127589, 127744, 127776, 127789, 127797, 127799, 127868, 127870, 127891, 127904, 127946, 127951, 127955, 127968,
  127984, 127988, 127988, 127992, 128062, 128064, 128064, 128066, 128252, 128255, 128317, 128331, 128334, 128336, 128359, 128378, 128378,
  128405, 128406, 128420, 128420, 128507, 128591, 128640, 128709, 128716, 128716, 128720, 128722, 128725, 128729, 128732, 128735, 128747,
  128748, 128756, 128764, 128986, 128986, 128992, 129003, 129008, 129008, 129292, 129338, 129340, 129349, 129351, 129535, 129648, 129660,
  129664, 129734, 129736, 129736, 129740, 129757, 129759, 129771, 129775, 129786, 131072, 196605, 196608, 262141,
];

function inRanges(ranges: readonly number[], codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = ranges[mid * 2] as number;
    const end = ranges[mid * 2 + 1] as number;
    if (codePoint < start) high = mid - 1;
    else if (codePoint > end) low = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one code point takes on its own: 2 for East Asian Wide/Fullwidth, else 1. */
export function codePointWidth(codePoint: number): 1 | 2 {
  return codePoint >= 0x1100 && inRanges(WIDE_RANGES, codePoint) ? 2 : 1;
}

// The segmenter and the emoji pattern are built on first use: together they cost ~15 ms of every
// start-up, and printable ASCII (most text) needs neither.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenter ??= new Intl.Segmenter()).segment(text);
// A single negated class on purpose: no quantifier, so no catastrophic backtracking on long clusters.
const VISIBLE = /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;
// `v` flag (Node 20 supports it); built at run time because the compile target is ES2023.
let rgiEmoji: RegExp | undefined;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/gu;
const KEYCAP = /^[\d#*]\uFE0F?\u20E3$/;
const SPACING_MARK = /\p{Spacing_Mark}/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function isEmojiCluster(cluster: string): boolean {
  if (cluster.length > 50) return false; // real emoji sequences are short; guard pathological input
  if ((rgiEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v')).test(cluster) || KEYCAP.test(cluster)) return true;
  if (cluster.includes('\u200D')) {
    const pictographs = cluster.match(PICTOGRAPHIC);
    return pictographs !== null && pictographs.length >= 2;
  }
  return false;
}

// Code points whose width depends on their neighbours (marks, joiners, selectors, emoji parts,
// conjoining Hangul jamo) or that are invisible. Text without any is measured code point by code point.
const NEEDS_SEGMENTS =
  /[\p{M}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\p{Surrogate}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uFF00-\uFFEF]/u;

const MAYBE_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;

function clusterWidth(cluster: string): number {
  if (cluster.length === 1) {
    const c = cluster.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
    if (!NEEDS_SEGMENTS.test(cluster)) return codePointWidth(c);
  }
  const start = cluster.search(VISIBLE);
  if (start === -1) return 0;
  if (MAYBE_EMOJI.test(cluster) && isEmojiCluster(cluster)) return 2;
  const visible = cluster.slice(start);
  let width = codePointWidth(visible.codePointAt(0) as number);
  // Trailing spacing marks and halfwidth/fullwidth forms (e.g. ﾞ) take their own cells.
  let first = true;
  for (const char of visible) {
    if (first) {
      first = false;
      continue;
    }
    if (SPACING_MARK.test(char) || (char >= '\uFF00' && char <= '\uFFEF')) {
      width += codePointWidth(char.codePointAt(0) as number);
    }
  }
  return width;
}

/** Columns `text` takes in a terminal (wide CJK and emoji count 2, invisible characters 0). */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (!NEEDS_SEGMENTS.test(text)) {
    let simple = 0;
    for (const char of text) simple += codePointWidth(char.codePointAt(0) as number);
    return simple;
  }
  let width = 0;
  for (const { segment } of graphemes(text)) width += clusterWidth(segment);
  return width;
}

/**
 * `text` cut to at most `width` columns, ending with `ellipsis` when something was cut. Cuts only
 * between grapheme clusters (never inside an emoji or a letter with its accents), so the result may
 * be one column narrower than `width` when a wide character does not fit.
 */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const ellipsisWidth = displayWidth(ellipsis);
  if (ellipsisWidth > width) return truncateToWidth(ellipsis, width, '');
  const budget = width - ellipsisWidth;
  let used = 0;
  let end = 0;
  const pieces = NEEDS_SEGMENTS.test(text) ? segments(text) : codePoints(text);
  for (const { segment, index } of pieces) {
    const w = clusterWidth(segment);
    if (used + w > budget) break;
    used += w;
    end = index + segment.length;
  }
  return text.slice(0, end) + ellipsis;
}

function* segments(text: string): Generator<{ segment: string; index: number }> {
  for (const { segment, index } of graphemes(text)) yield { segment, index };
}

function* codePoints(text: string): Generator<{ segment: string; index: number }> {
  let index = 0;
  for (const segment of text) {
    yield { segment, index };
    index += segment.length;
  }
}

/** `text` padded with spaces to `width` columns (on the right for 'left', on the left for 'right'). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = width - displayWidth(text);
  if (gap <= 0) return text;
  return align === 'left' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}
