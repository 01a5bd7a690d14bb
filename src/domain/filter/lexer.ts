// Splits filter text into tokens. Columns count code points, 1-based, as a terminal shows them.
import { BadInput } from '../errors.js';

export type TokenType = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
export interface Token {
  type: TokenType;
  /** The word, the unquoted string, or the operator. */
  text: string;
  col: number;
}

const OPERATORS = ['!=', '<=', '>=', '=', '<', '>', '~'] as const;
const PUNCTUATION: Record<string, TokenType> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };
/** Characters that end a bare word. Quotes may appear inside a word (o'brien), not first. */
const WORD_STOPPERS = new Set(['(', ')', ',', '=', '!', '<', '>', '~']);
const QUOTES = new Set(['"', "'"]);

export function filterError(col: number, message: string): BadInput {
  return new BadInput(`bad filter at column ${col}: ${message}`);
}

function isSpace(ch: string): boolean {
  return /^\s$/u.test(ch);
}

export function isWordChar(ch: string): boolean {
  return !isSpace(ch) && !WORD_STOPPERS.has(ch);
}

/** Whether `text` reads back as one bare word (otherwise it must be quoted). */
export function canBeBareWord(text: string): boolean {
  const chars = Array.from(text);
  return chars.length > 0 && !QUOTES.has(chars[0] ?? '') && chars.every(isWordChar);
}

/** A double-quoted string that the lexer reads back as `text`. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

export function tokenize(text: string): Token[] {
  const chars = Array.from(text);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    const col = i + 1;
    if (isSpace(ch)) {
      i += 1;
    } else if (PUNCTUATION[ch]) {
      tokens.push({ type: PUNCTUATION[ch], text: ch, col });
      i += 1;
    } else if (QUOTES.has(ch)) {
      i = readString(chars, i, tokens);
    } else if (WORD_STOPPERS.has(ch)) {
      const pair = ch + (chars[i + 1] ?? '');
      const op = OPERATORS.find((candidate) => candidate === pair) ?? OPERATORS.find((candidate) => candidate === ch);
      if (!op) throw filterError(col, `unexpected '${ch}' (did you mean '!='?)`);
      tokens.push({ type: 'op', text: op, col });
      i += op.length;
    } else {
      const start = i;
      while (i < chars.length && isWordChar(chars[i] ?? '')) i += 1;
      tokens.push({ type: 'word', text: chars.slice(start, i).join(''), col });
    }
  }
  tokens.push({ type: 'end', text: '', col: chars.length + 1 });
  return tokens;
}

/** Reads a quoted string starting at `start`; a backslash takes the next character literally. */
function readString(chars: string[], start: number, tokens: Token[]): number {
  const quoteChar = chars[start];
  let value = '';
  let i = start + 1;
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    if (ch === quoteChar) {
      tokens.push({ type: 'string', text: value, col: start + 1 });
      return i + 1;
    }
    if (ch === '\\' && i + 1 < chars.length) {
      value += chars[i + 1];
      i += 2;
    } else {
      value += ch;
      i += 1;
    }
  }
  throw filterError(start + 1, `unterminated string (missing closing ${quoteChar})`);
}
