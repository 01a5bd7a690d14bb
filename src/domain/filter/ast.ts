// The typed tree of a filter (SPEC 8). Values are checked and normalized by the parser, so
// whoever consumes a tree (SQL compiler, TUI) never re-validates text.
import type { Channel, Level, Priority, Status, WaitingOn } from '../types.js';

export const FILTER_FIELDS = [
  'status',
  'level',
  'priority',
  'type',
  'assignee',
  'requester',
  'org',
  'tag',
  'channel',
  'waiting',
  'created',
  'updated',
  'idle',
  'age',
  'sla',
  'text',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FILTER_OPS = ['=', '!=', '<', '<=', '>', '>=', '~', 'in'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type EqualityOp = '=' | '!=';
export type RangeOp = '<' | '<=' | '>' | '>=';
export type OrderOp = EqualityOp | RangeOp;

/** What `sla=` can ask about a ticket's clocks. */
export const SLA_FILTER_STATES = ['breached', 'at_risk', 'running', 'met', 'paused', 'none'] as const;
export type SlaFilterState = (typeof SLA_FILTER_STATES)[number];

/** A person: bare `me` and `none` are keywords; any other word (or a quoted "me") is a handle/e-mail. */
export type PersonRef = { kind: 'me' } | { kind: 'none' } | { kind: 'user'; name: string };
/** An organization or tag: bare `none` means "has none"; anything else is a name. */
export type NameRef = { kind: 'none' } | { kind: 'name'; name: string };

export const DURATION_UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNIT_MS;
/** Kept as written (amount + unit) so that printing gives back what the user typed. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** A calendar day (UTC, `YYYY-MM-DD`) or an exact instant (ms since the epoch). */
export type DateRef = { kind: 'day'; day: string } | { kind: 'instant'; ms: number };

type Single<F extends FilterField, O extends FilterOp, V> = { kind: 'cmp'; field: F; op: O; value: V; pos: number };
type InList<F extends FilterField, V> = { kind: 'cmp'; field: F; op: 'in'; value: readonly V[]; pos: number };
type Contains<F extends FilterField> = { kind: 'cmp'; field: F; op: '~'; value: string; pos: number };

// Which ops each field takes is encoded here, so a compiler `switch` is exhaustive by type.
// `pos` is the 1-based column of the field name in the filter text (0 for built trees).
export type StatusComparison = Single<'status', EqualityOp, Status> | InList<'status', Status>;
export type LevelComparison = Single<'level', OrderOp, Level> | InList<'level', Level>;
/** Priorities order by number: `priority<P3` means P1 or P2, i.e. more urgent than P3. */
export type PriorityComparison = Single<'priority', OrderOp, Priority> | InList<'priority', Priority>;
export type TypeComparison = Single<'type', EqualityOp, string> | InList<'type', string>;
export type ChannelComparison = Single<'channel', EqualityOp, Channel> | InList<'channel', Channel>;
/** Whom a pending ticket waits on (`waiting=tier2`); a ticket that waits on nobody matches no value. */
export type WaitingComparison = Single<'waiting', EqualityOp, WaitingOn> | InList<'waiting', WaitingOn>;
export type AssigneeComparison = Single<'assignee', EqualityOp, PersonRef> | InList<'assignee', PersonRef> | Contains<'assignee'>;
export type RequesterComparison = Single<'requester', EqualityOp, PersonRef> | InList<'requester', PersonRef> | Contains<'requester'>;
export type OrgComparison = Single<'org', EqualityOp, NameRef> | InList<'org', NameRef> | Contains<'org'>;
export type TagComparison = Single<'tag', EqualityOp, NameRef> | InList<'tag', NameRef> | Contains<'tag'>;
export type CreatedComparison = Single<'created', OrderOp, DateRef>;
export type UpdatedComparison = Single<'updated', OrderOp, DateRef>;
/** `idle` is the time since the last update, `age` the time since creation. */
export type IdleComparison = Single<'idle', RangeOp, Duration>;
export type AgeComparison = Single<'age', RangeOp, Duration>;
export type SlaComparison = Single<'sla', EqualityOp, SlaFilterState> | InList<'sla', SlaFilterState>;
export type TextComparison = Contains<'text'>;

export type FilterComparison =
  | StatusComparison
  | LevelComparison
  | PriorityComparison
  | TypeComparison
  | ChannelComparison
  | WaitingComparison
  | AssigneeComparison
  | RequesterComparison
  | OrgComparison
  | TagComparison
  | CreatedComparison
  | UpdatedComparison
  | IdleComparison
  | AgeComparison
  | SlaComparison
  | TextComparison;

/** `and`/`or` hold at least two children; the parser keeps explicit parentheses as nesting. */
export interface FilterAnd {
  kind: 'and';
  children: FilterNode[];
}
export interface FilterOr {
  kind: 'or';
  children: FilterNode[];
}
export interface FilterNot {
  kind: 'not';
  child: FilterNode;
}
export type FilterNode = FilterAnd | FilterOr | FilterNot | FilterComparison;

export function durationMs(duration: Duration): number {
  return duration.amount * DURATION_UNIT_MS[duration.unit];
}

/** The half-open range [startMs, endMs) a date covers: a whole UTC day, or one millisecond. */
export function dateRangeMs(date: DateRef): { startMs: number; endMs: number } {
  if (date.kind === 'instant') return { startMs: date.ms, endMs: date.ms + 1 };
  const startMs = Date.parse(`${date.day}T00:00:00.000Z`);
  return { startMs, endMs: startMs + DURATION_UNIT_MS.d };
}
