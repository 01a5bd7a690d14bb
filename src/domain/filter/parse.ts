// Recursive descent over the filter grammar (SPEC 8):
//   filter     := or?
//   or         := and ('or' and)*
//   and        := unary ('and' unary)*                 -- `and` binds tighter than `or`
//   unary      := 'not' unary | '(' or ')' | comparison
//   comparison := FIELD OP value | FIELD ['not'] 'in' '(' value (',' value)* ')'
// Keywords and field names are case-insensitive; a quoted word is never a keyword.
import { FILTER_FIELDS, type FilterComparison, type FilterField, type FilterNode, type FilterOp } from './ast.js';
import { FIELD_SPECS, type FieldSpec } from './fields.js';
import { filterError, quote, tokenize, type Token } from './lexer.js';
import { statusesForLabel, type StatusLabelDictionary, type StatusLabelMatch } from '../statusLabels.js';

export interface FilterOptions {
  /** The status labels in force: `status=<label>` then reads as the statuses (and levels) it names. */
  statusLabels?: StatusLabelDictionary | undefined;
}

/** Deeper nesting is refused rather than risking the stack (and nobody types it). */
export const MAX_FILTER_DEPTH = 64;
/** Comparisons plus list items: keeps the compiled SQL within any database's parameter limits. */
export const MAX_FILTER_VALUES = 1000;
/** Characters of a whole filter (a full list of long names fits). */
export const MAX_FILTER_LENGTH = 20_000;
/** Characters of a `~` pattern: a search is a few words, and SQLite bounds LIKE patterns too. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * Parses filter text into a typed tree; blank text means "everything" (null).
 * Throws BadInput naming the 1-based column and what was expected.
 */
export function parseFilter(text: string, options: FilterOptions = {}): FilterNode | null {
  const length = Array.from(text).length;
  if (length > MAX_FILTER_LENGTH)
    throw filterError(MAX_FILTER_LENGTH + 1, `filter too long (more than ${MAX_FILTER_LENGTH.toLocaleString('en')} characters)`);
  const parser = new FilterParser(tokenize(text), options.statusLabels);
  return parser.parseFilter();
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.type === 'word' && token.text.toLowerCase() === keyword;
}

function describeToken(token: Token): string {
  if (token.type === 'end') return 'the end of the filter';
  if (token.type === 'string') return quote(token.text);
  return `'${token.text}'`;
}

function isField(word: string): word is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(word);
}

class FilterParser {
  private index = 0;
  private valueCount = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly labels?: StatusLabelDictionary,
  ) {}

  parseFilter(): FilterNode | null {
    if (this.peek().type === 'end') return null;
    const node = this.parseOr(0);
    const token = this.peek();
    if (token.type === 'rparen') throw filterError(token.col, "unmatched ')'");
    if (token.type !== 'end') {
      throw filterError(token.col, `expected 'and', 'or' or the end of the filter, found ${describeToken(token)}`);
    }
    return node;
  }

  private peek(): Token {
    // The lexer always ends with an 'end' token, and the parser never moves past it.
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private parseOr(depth: number): FilterNode {
    const children = [this.parseAnd(depth)];
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(depth: number): FilterNode {
    const children = [this.parseUnary(depth)];
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      children.push(this.parseUnary(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseUnary(depth: number): FilterNode {
    const token = this.peek();
    if (depth > MAX_FILTER_DEPTH) {
      throw filterError(token.col, `filter nested too deeply (more than ${MAX_FILTER_DEPTH} levels)`);
    }
    if (isKeyword(token, 'not')) {
      this.next();
      return { kind: 'not', child: this.parseUnary(depth + 1) };
    }
    if (token.type === 'lparen') {
      this.next();
      const node = this.parseOr(depth + 1);
      const closing = this.next();
      if (closing.type !== 'rparen') {
        throw filterError(closing.col, `expected ')' to close the '(' at column ${token.col}, found ${describeToken(closing)}`);
      }
      return node;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const fieldToken = this.next();
    if (fieldToken.type !== 'word') {
      throw filterError(fieldToken.col, `expected a field (${FILTER_FIELDS.join(', ')}), found ${describeToken(fieldToken)}`);
    }
    const field = fieldToken.text.toLowerCase();
    if (!isField(field)) throw filterError(fieldToken.col, unknownFieldMessage(fieldToken.text));
    const spec: FieldSpec<unknown> = FIELD_SPECS[field];

    const opToken = this.next();
    let op: FilterOp;
    let negated = false;
    if (opToken.type === 'op') {
      op = opToken.text as FilterOp;
    } else if (isKeyword(opToken, 'in')) {
      op = 'in';
    } else if (isKeyword(opToken, 'not') && isKeyword(this.peek(), 'in')) {
      this.next();
      op = 'in';
      negated = true;
    } else {
      const ops = spec.ops.join(' ');
      throw filterError(opToken.col, `expected an operator (${ops}) after '${field}', found ${describeToken(opToken)}`);
    }
    if (!spec.ops.includes(op)) {
      throw filterError(opToken.col, `'${op}' does not apply to ${field} (${field} takes ${spec.ops.join(', ')})`);
    }

    if (field === 'status' && this.labels && (op === '=' || op === '!=' || op === 'in')) {
      const node = this.readStatusOrLabels(spec, op, fieldToken.col);
      return negated ? { kind: 'not', child: node } : node;
    }
    let value: unknown;
    if (op === 'in') value = this.readList(spec);
    else if (op === '~') value = this.readPattern(spec);
    else value = this.readValue(spec, op);
    // The table guarantees that `value` has the type this field and op take.
    const node = { kind: 'cmp', field, op, value, pos: fieldToken.col } as FilterComparison;
    return negated ? { kind: 'not', child: node } : node;
  }

  /** `status=` a status or a label: the statuses (and levels) named, as one node. */
  private readStatusOrLabels(spec: FieldSpec<unknown>, op: '=' | '!=' | 'in', pos: number): FilterNode {
    const matches: StatusLabelMatch[] = [];
    const readOne = (after: string) => {
      const token = this.readValueToken(spec, after);
      const status = spec.read(token.text, token.type === 'string') as StatusLabelMatch['status'] | undefined;
      const named = status ? [{ status }] : statusesForLabel(token.text, this.labels!);
      if (!named.length) throw filterError(token.col, `${describeToken(token)} is not ${spec.expected} or a status label`);
      matches.push(...named);
    };
    if (op === 'in') {
      const open = this.next();
      if (open.type !== 'lparen')
        throw filterError(open.col, `expected '(' after 'in' (e.g. status in (open, pending)), found ${describeToken(open)}`);
      readOne('in');
      for (;;) {
        const token = this.next();
        if (token.type === 'rparen') break;
        if (token.type !== 'comma') throw filterError(token.col, `expected ',' or ')' in the list, found ${describeToken(token)}`);
        readOne(',');
      }
    } else readOne(op);
    if (matches.every((m) => m.level === undefined)) {
      // Statuses only (canonical or labelled): the usual comparison, which the store reads by index.
      const statuses = [...new Set(matches.map((m) => m.status))];
      if (op !== 'in' && statuses.length === 1) return { kind: 'cmp', field: 'status', op, value: statuses[0]!, pos };
      const list: FilterNode = { kind: 'cmp', field: 'status', op: 'in', value: statuses, pos };
      return op === '!=' ? { kind: 'not', child: list } : list;
    }
    const nodes: FilterNode[] = matches.map((m) => {
      const status: FilterComparison = { kind: 'cmp', field: 'status', op: '=', value: m.status, pos };
      return m.level === undefined
        ? status
        : { kind: 'and', children: [status, { kind: 'cmp', field: 'level', op: '=', value: m.level, pos }] };
    });
    const node: FilterNode = nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
    return op === '!=' ? { kind: 'not', child: node } : node;
  }

  private readList(spec: FieldSpec<unknown>): unknown[] {
    const open = this.next();
    if (open.type !== 'lparen') {
      throw filterError(open.col, `expected '(' after 'in' (e.g. status in (open, pending)), found ${describeToken(open)}`);
    }
    const values = [this.readValue(spec, 'in')];
    for (;;) {
      const token = this.next();
      if (token.type === 'rparen') return values;
      if (token.type !== 'comma') throw filterError(token.col, `expected ',' or ')' in the list, found ${describeToken(token)}`);
      values.push(this.readValue(spec, ','));
    }
  }

  private readValueToken(spec: FieldSpec<unknown>, after: string): Token {
    const token = this.next();
    this.valueCount += 1;
    if (this.valueCount > MAX_FILTER_VALUES) {
      throw filterError(token.col, `filter too long (more than ${MAX_FILTER_VALUES} values)`);
    }
    if (token.type !== 'word' && token.type !== 'string') {
      throw filterError(token.col, `expected ${spec.expected} after '${after}', found ${describeToken(token)}`);
    }
    if (token.text === '') throw filterError(token.col, `empty value: expected ${spec.expected}`);
    return token;
  }

  private readPattern(spec: FieldSpec<unknown>): string {
    const token = this.readValueToken(spec, '~');
    if (Array.from(token.text).length > MAX_PATTERN_LENGTH) {
      throw filterError(token.col, `pattern too long (more than ${MAX_PATTERN_LENGTH} characters)`);
    }
    return token.text;
  }

  private readValue(spec: FieldSpec<unknown>, after: string): unknown {
    const token = this.readValueToken(spec, after);
    const value = spec.read(token.text, token.type === 'string');
    if (value === undefined) throw filterError(token.col, `${describeToken(token)} is not ${spec.expected}`);
    return value;
  }
}

function unknownFieldMessage(word: string): string {
  const lower = word.toLowerCase();
  const closest = FILTER_FIELDS.map((field) => ({ field, distance: editDistance(lower, field) })).sort(
    (a, b) => a.distance - b.distance,
  )[0];
  // Short words are too close to everything for a hint to help.
  const hint = closest && closest.distance <= Math.min(2, Math.floor(lower.length / 2)) ? ` — did you mean '${closest.field}'?` : '';
  return `unknown field '${word}'${hint} (fields: ${FILTER_FIELDS.join(', ')})`;
}

/** Levenshtein distance, for "did you mean" hints on short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
