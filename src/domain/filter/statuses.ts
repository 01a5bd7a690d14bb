// The status part of a filter, shared by both stores' compilers: the statuses a filter allows and
// its top-level conjuncts, so that the status stays an index key rather than a tested predicate.
import { STATUSES, type Status } from '../types.js';
import type { FilterNode } from './ast.js';

export function flattenAnd(nodes: FilterNode[]): FilterNode[] {
  return nodes.flatMap((n) => (n.kind === 'and' ? flattenAnd(n.children) : [n]));
}

export const isStatusComparison = (node: FilterNode): boolean =>
  (node.kind === 'cmp' && node.field === 'status') || (node.kind === 'not' && isStatusComparison(node.child));

/**
 * The statuses a ticket matching `node` can have (a superset, in STATUSES order), or null when
 * the filter does not restrict the status. Exact for status comparisons and their negations.
 */
export function statusesOf(node: FilterNode): Status[] | null {
  switch (node.kind) {
    case 'and': {
      const sets = node.children.map(statusesOf).filter((s): s is Status[] => s !== null);
      return sets.length ? STATUSES.filter((st) => sets.every((s) => s.includes(st))) : null;
    }
    case 'or': {
      const sets = node.children.map(statusesOf);
      if (!sets.length) return [];
      if (sets.some((s) => s === null)) return null;
      return STATUSES.filter((st) => sets.some((s) => s!.includes(st)));
    }
    case 'not': {
      // The complement of a superset is no superset: only a status comparison itself negates.
      if (!isStatusComparison(node.child)) return null;
      const excluded = statusesOf(node.child)!;
      return STATUSES.filter((st) => !excluded.includes(st));
    }
    case 'cmp':
      if (node.field !== 'status') return null;
      if (node.op === 'in') return STATUSES.filter((st) => node.value.includes(st));
      return STATUSES.filter((st) => (st === node.value) === (node.op === '='));
  }
}

/**
 * A filter split for the tickets repository: the statuses it allows (null: any), its conjuncts
 * (a flattened top-level `and`), and the rest once the status comparisons are taken out.
 */
export function splitStatuses(node: FilterNode): { statuses: Status[] | null; conjuncts: FilterNode[]; rest: FilterNode } {
  const statuses = statusesOf(node);
  const conjuncts = node.kind === 'and' ? flattenAnd(node.children) : [node];
  const kept = statuses === null ? conjuncts : conjuncts.filter((c) => !isStatusComparison(c));
  return { statuses, conjuncts, rest: kept.length === 1 ? kept[0]! : { kind: 'and', children: kept } };
}
