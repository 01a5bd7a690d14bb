// What an imported text may hold: what the write path leaves in the database (mail intake keeps
// line breaks and tabs and drops other controls), so a hostile file cannot plant escape sequences.

/** One-line fields: no control character at all (line breaks included). */
const ONE_LINE = /[\p{Cc}\u2028\u2029]/u;
/** Multi-line texts: line breaks and tabs, no other C0 control or DEL. */
const MULTI_LINE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` may not be imported, or undefined. */
export function controlProblem(text: string, multiline: boolean): string | undefined {
  const found = (multiline ? MULTI_LINE : ONE_LINE).exec(text);
  if (found) {
    const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `a control character (U+${code}) at position ${found.index + 1}${multiline ? '' : '; this field is one line of text'}`;
  }
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate (not text)';
  return undefined;
}
