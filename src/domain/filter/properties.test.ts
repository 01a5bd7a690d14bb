// Property tests: every tree survives print → parse, and no input breaks the parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadInput } from '../errors.js';
import { CHANNELS, LEVELS, PRIORITIES, STATUSES, WAITING_ON } from '../types.js';
import {
  DURATION_UNIT_MS,
  FILTER_FIELDS,
  SLA_FILTER_STATES,
  describeFilter,
  parseFilter,
  type DateRef,
  type DurationUnit,
  type FilterComparison,
  type FilterField,
  type FilterNode,
  type NameRef,
  type PersonRef,
} from './index.js';
import { FIELD_SPECS, type FieldValue } from './fields.js';

/** Any non-empty text, spiced with words that mean something to the lexer or parser. */
const name = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('me', 'none', 'AND', 'or', 'not', 'in', 'ACME Corp', 'alice@example.com', "o'brien", 'a"b\\c', '(', ' x '),
);
const person: fc.Arbitrary<PersonRef> = fc.oneof(
  fc.constant({ kind: 'me' as const }),
  fc.constant({ kind: 'none' as const }),
  name.map((text) => ({ kind: 'user' as const, name: text })),
);
const nameRef: fc.Arbitrary<NameRef> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  name.map((text) => ({ kind: 'name' as const, name: text })),
);
const duration = fc.record({
  amount: fc.integer({ min: 0, max: 999_999 }),
  unit: fc.constantFrom(...(Object.keys(DURATION_UNIT_MS) as DurationUnit[])),
});
// Four-digit years only: the printer writes ISO 8601 as Date does.
const instantMs = fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });
const date: fc.Arbitrary<DateRef> = fc.oneof(
  instantMs.map((ms) => ({ kind: 'instant' as const, ms })),
  instantMs.map((ms) => ({ kind: 'day' as const, day: new Date(ms).toISOString().slice(0, 10) })),
);

const VALUES: { [F in FilterField]: fc.Arbitrary<FieldValue<F>> } = {
  status: fc.constantFrom(...STATUSES),
  level: fc.constantFrom(...LEVELS),
  priority: fc.constantFrom(...PRIORITIES),
  type: name,
  assignee: person,
  requester: person,
  org: nameRef,
  tag: nameRef,
  channel: fc.constantFrom(...CHANNELS),
  waiting: fc.constantFrom(...WAITING_ON),
  created: date,
  updated: date,
  idle: duration,
  age: duration,
  sla: fc.constantFrom(...SLA_FILTER_STATES),
  text: fc.constant(undefined as never),
};

const comparison: fc.Arbitrary<FilterNode> = fc.constantFrom(...FILTER_FIELDS).chain((field) => {
  const values: fc.Arbitrary<unknown> = VALUES[field];
  return fc.constantFrom(...FIELD_SPECS[field].ops).chain((op) => {
    const value = op === 'in' ? fc.array(values, { minLength: 1, maxLength: 4 }) : op === '~' ? name : values;
    return value.map((v) => ({ kind: 'cmp', field, op, value: v, pos: 0 }) as FilterComparison);
  });
});

const tree = fc.letrec<{ node: FilterNode; not: FilterNode; and: FilterNode; or: FilterNode }>((tie) => ({
  node: fc.oneof({ maxDepth: 5, depthSize: 'small' }, comparison, tie('not'), tie('and'), tie('or')),
  not: tie('node').map((child) => ({ kind: 'not', child })),
  and: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((children) => ({ kind: 'and', children })),
  or: fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((children) => ({ kind: 'or', children })),
})).node;

/** The tree without source positions, which printing cannot keep. */
function withoutPositions(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map(withoutPositions) };
    case 'not':
      return { kind: 'not', child: withoutPositions(node.child) };
    case 'cmp':
      return { ...node, pos: 0 };
  }
}

/** Mostly filter-like token soup, so that garbage reaches deep into the parser. */
const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        ...FILTER_FIELDS,
        ...['=', '!=', '<', '<=', '>', '>=', '~', '!', 'in', 'not', 'and', 'OR', '(', ')', ',', '"', "'", '\\', ' ', '  '],
        ...['me', 'none', 'P1', 'p9', '7d', '1.5h', '2026-01-31', '2026-02-30', 'x@y.z', '😀', '\t', 'open', 'L2', '0'],
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
);

describe('filter properties', () => {
  it('parse(describe(tree)) gives the tree back', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const text = describeFilter(node);
        const parsed = parseFilter(text);
        expect(parsed).not.toBeNull();
        expect(withoutPositions(parsed!)).toEqual(node);
      }),
      { numRuns: 2_000 },
    );
  });

  it('garbage is either a filter or BadInput with a column inside the text', () => {
    fc.assert(
      fc.property(garbage, (text) => {
        let parsed: FilterNode | null;
        try {
          parsed = parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(BadInput);
          const match = /^bad filter at column (\d+): [^\n]+$/.exec((error as BadInput).message);
          expect(match).not.toBeNull();
          expect(Number(match![1])).toBeLessThanOrEqual(Array.from(text).length + 1);
          return;
        }
        // Whatever parses also round-trips.
        const again = parseFilter(describeFilter(parsed));
        expect(again && withoutPositions(again)).toEqual(parsed && withoutPositions(parsed));
      }),
      { numRuns: 5_000 },
    );
  });

  it('answers quickly on long hostile input', () => {
    const hostile = [
      '('.repeat(200_000),
      'not '.repeat(100_000),
      `${'status=open or '.repeat(20_000)}status=open`,
      `text~"${'\\'.repeat(100_000)}`,
      'x'.repeat(200_000),
    ];
    const started = Date.now();
    for (const text of hostile) {
      try {
        parseFilter(text);
      } catch (error) {
        expect(error).toBeInstanceOf(BadInput);
      }
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
