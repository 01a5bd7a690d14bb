// Prints a tree back as normalized filter text: lower-case keywords, one space around `and`/`or`,
// no space around operators, quotes only where needed. parseFilter(describeFilter(t)) gives t
// back (positions aside), so the text is a faithful key for a filter.
import type { FilterComparison, FilterNode } from './ast.js';
import { FIELD_SPECS, printWord, type FieldSpec } from './fields.js';

export function describeFilter(node: FilterNode | null): string {
  return node === null ? '' : describeNode(node);
}

function describeNode(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      // A nested and/or is kept as a group (parenthesized) so the structure survives a round trip;
      // an `and` inside an `or` needs no parentheses since `and` binds tighter.
      return node.children
        .map((child) => {
          const bare = child.kind === 'cmp' || child.kind === 'not' || (node.kind === 'or' && child.kind === 'and');
          return bare ? describeNode(child) : `(${describeNode(child)})`;
        })
        .join(` ${node.kind} `);
    case 'not':
      return node.child.kind === 'and' || node.child.kind === 'or'
        ? `not (${describeNode(node.child)})`
        : `not ${describeNode(node.child)}`;
    case 'cmp':
      return describeComparison(node);
  }
}

function describeComparison(node: FilterComparison): string {
  const spec: FieldSpec<unknown> = FIELD_SPECS[node.field];
  if (node.op === '~') return `${node.field}~${printWord(node.value)}`;
  if (node.op === 'in') return `${node.field} in (${node.value.map((value) => spec.print(value)).join(', ')})`;
  return `${node.field}${node.op}${spec.print(node.value)}`;
}
