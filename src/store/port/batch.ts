// What the batch engine (app/batch) needs from a store beyond the ordinary repositories: its own
// queries, fast paths for a chunk's many small writes, read-only planning, and pacing between
// chunks (SQLite: checkpoints and WAL restarts; a server database: nothing).
import type { FilterCondition } from './filters.js';
import type { Scope, WorkflowRow } from './repos.js';
import type * as R from './rows.js';

/** What a batch targets: a filter condition, the reader's scope, and the pins recorded at its start. */
export interface BatchTarget {
  where: FilterCondition | undefined;
  scope: Scope;
  /** Tickets created after the batch started are not part of it. */
  maxId: number;
  /** Tickets that already carry an event of this batch are done (resuming after a crash). */
  batchId?: string | undefined;
  /** A selection (the TUI's): only these tickets, whatever the filter says. */
  ids?: readonly number[] | undefined;
}

export interface BatchRepo {
  /** Moves whenever anything is committed or written, by any connection: unmoved means nothing read changed. */
  changeMark(): string;
  insert(row: R.NewBatch): R.BatchRow;
  byId(id: string): R.BatchRow | undefined;
  /** Unfinished batches of one command, actor and filter: candidates for a resume. */
  unfinished(command: string, actorId: number, filter: string): R.BatchRow[];
  setDone(id: string, done: number): void;
  finish(id: string, done: number, at: number): void;
  maxTicketId(): number;
  countTargets(target: BatchTarget): number;
  /** Matching tickets left out because they are closed already (reported, never touched). */
  countClosed(target: BatchTarget): number;
  /** Every target's id, in id order: one read outside any write transaction. */
  targetIds(target: BatchTarget): number[];
  /** The tickets among `ids` that are still targets, in id order, read inside the chunk's write transaction. */
  targetsAmong(target: BatchTarget, ids: readonly number[]): R.TicketRow[];
  /** targetsAmong with only the columns the workflow rules read: a preview checks every target. */
  workflowAmong(target: BatchTarget, ids: readonly number[]): WorkflowRow[];
  /** The current version of each of these tickets (to see whether a planned change still fits). */
  versionsOf(ids: readonly number[]): Map<number, number>;
  eventCountOfBatch(batchId: string): number;
  /** Batches newest first, of one actor or everyone's, optionally only the unfinished ones. */
  recent(filter: { actorId?: number | undefined; unfinished: boolean; limit: number }): R.BatchRow[];
  /** Batches whose id starts with `prefix`, of one actor or anyone's. */
  byIdPrefix(prefix: string, actorId: number | undefined): R.BatchRow[];
  /** How many events of each action a batch wrote, and on how many tickets. */
  eventsOfBatch(batchId: string): { tickets: number; byAction: Array<{ action: string; n: number }> };
}

/** The writes a chunk makes many of, each as fast as the store can make it. */
/** One optimistic update: the columns set on ticket `id` if it is still at `version`. */
export interface TicketUpdate {
  id: number;
  version: number;
  fields: Partial<R.NewTicket>;
}

export interface BatchWrites {
  upsertLevel(row: R.NewLevel): void;
  /** The optimistic update of TicketsRepo; undefined when this path cannot take a value (the caller falls back). */
  updateTicket(id: number, version: number, fields: Partial<R.NewTicket>): boolean | undefined;
  /** updateTicket of many tickets in order, one result each (one round trip on PostgreSQL); undefined as updateTicket's. */
  updateTickets(updates: readonly TicketUpdate[]): (boolean | undefined)[];
  insertEvent(row: R.NewEvent): R.EventRow;
  /** Writes events in order and returns their ids. */
  insertEvents(rows: readonly R.NewEvent[]): number[];
  insertOutbox(rows: readonly R.NewOutbox[]): void;
  superuserIdsOfOrg(orgId: number): number[];
  /** Runs `fn` with every write refused by the database: nothing it does can write. */
  withoutWrites<T>(fn: () => T): T;
  /** Whether `error` is the database refusing a write inside withoutWrites (not a refusal of the rules). */
  isWriteRefused(error: unknown): boolean;
}

/** The store's part of pacing a batch: called around each chunk's write transaction. */
export interface BatchPacing {
  /** Before the pause between chunks: waits for work the store started after the last chunk. */
  settle(): Promise<void>;
  /** Right before a chunk's write: whatever keeps the chunk's commit short (SQLite: a WAL restart). */
  beforeWrite(): Promise<void>;
  /** After a chunk committed, when more follow: background upkeep (SQLite: a checkpoint in a worker). */
  afterWrite(): void;
  /** Ends the run's pacing: always called, also on failure. */
  close(): Promise<void>;
}
