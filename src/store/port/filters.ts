// Filters (SPEC 8) cross the port as the domain's typed tree; each store compiles them to its own
// SQL, binding every value. What a repository receives is that store's compiled condition, opaque
// to src/app.
import type { FilterNode } from '../../domain/filter/index.js';
import type { Status } from '../../domain/types.js';

declare const compiled: unique symbol;
/** A filter compiled by a store for that store's repositories. */
export interface FilterCondition {
  readonly [compiled]: true;
}

export interface FilterContext {
  /** Who `me` is. */
  actorId: number;
  /** The clock for `idle`, `age` and `sla`. */
  nowMs: number;
  /** Whether `text~` searches internal notes too (staff only). */
  includeInternal: boolean;
  /**
   * A running clock is `at_risk` once under 25% of its target is left (`sla_risk_at`, kept by
   * app/sla/slaClocks.ts); with this window, also when it is due within it.
   */
  atRiskWithinMs?: number;
}

/**
 * A filter as the tickets repository reads it: a ticket matches exactly when its status is one
 * of `statuses` (null: any) and `where` holds, so the status stays an index key.
 */
export interface CompiledTicketFilter {
  where: FilterCondition;
  statuses: Status[] | null;
}

export interface FilterCompiler {
  condition(node: FilterNode, ctx: FilterContext): FilterCondition;
  ticketFilter(node: FilterNode, ctx: FilterContext): CompiledTicketFilter;
}
