// The store port: everything src/app knows about a database. A store (store/sqlite; PostgreSQL
// next) implements StorePort; the composition root (app/createApp.ts) opens one and wires the
// use cases on it. Use cases are synchronous: write() and read() run their callback in one
// transaction and return its result (docs: README "Architecture", the store port).
import type { BatchPacing, BatchRepo, BatchWrites } from './batch.js';
import type { DemoLoader } from './demo.js';
import type { FilterCompiler } from './filters.js';
import type { AgentReportRepo, SlaReportRepo } from './reports.js';
import type * as Repos from './repos.js';

export type * from './rows.js';
export type * from './repos.js';
export type * from './filters.js';
export type * from './reports.js';
export type * from './demo.js';
export type { BatchPacing, BatchRepo, BatchTarget, BatchWrites, TicketUpdate } from './batch.js';
export { MAX_ROW_ID, SORT_KEYS, sortValue } from './repos.js';
export { NO_DUE } from './rows.js';
export { definedFields, plainValues, rowAfterUpdate } from './rowAfterUpdate.js';
export { rolledBack } from './preview.js';
export {
  chunkLookupsFrom,
  conversationFrom,
  notificationLookupsFrom,
  summaryLookupsFrom,
  valuesByOwner,
  valuesByTicket,
} from './lookups.js';
export type { ChunkLookups, Conversation, NotificationKeys, NotificationLookups, SummaryKeys, SummaryLookups } from './lookups.js';
export { REPORT_DIMENSIONS } from './reports.js';
export { TICKET_COLUMNS } from './demo.js';

export interface Store {
  /** Where the data lives, as people name it: a file path (SQLite), or the server URL without its password. */
  readonly path: string;
  /** Runs `fn` in a write transaction that holds its write lock from the start (so a read-then-write never fails midway). */
  write<T>(fn: () => T): T;
  /** Runs `fn` in a read transaction: one consistent snapshot. */
  read<T>(fn: () => T): T;
  /** Runs `fn` in a write transaction and rolls it back: a preview computed by the write's own code. */
  preview<T>(fn: () => T): T;
  /** Cheap change detection: a number that changes when another connection commits. */
  dataVersion(): number;
  /**
   * A value that changes when the settings (config, SLA plans, calendars) may have changed, for
   * caches of what is derived from them; where absent, `dataVersion`. PostgreSQL: the settings'
   * fingerprint, never stale (store/postgres/settingsCache.ts).
   */
  settingsVersion?(): number | string;
  close(): void;
  /**
   * Takes the lock of one kind of run (`automate`, `notify`) until close, so that only one runs at
   * a time across hosts; false when another run holds it. SQLite: always true (its runs are safe at
   * once: each step fires once per stay, each notification is leased).
   */
  holdLock(name: 'automate' | 'notify'): boolean;
  /** Migrations applied when this store opened, when the store counts them (PostgreSQL: init reports it). */
  readonly migrationsApplied?: number;
  /**
   * A connection of its own for long reads off the render thread (counts, reports), which this
   * store can cancel: `db` opens it (a PostgreSQL URL naming the session), `cancel()` stops the
   * statement it runs, if any. Absent where a read cannot be cancelled but its thread can be let go (SQLite).
   */
  backgroundSession?(): BackgroundSession;
  /**
   * Folds what concurrent writers appended to the report rollups into one row per key, in a
   * transaction of its own; how many keys it folded. PostgreSQL's rollups take each change as rows
   * of their own (no row that every writer updates); the readers sum them either way, so this only
   * keeps them few (automate runs it). Housekeeping that stamps no time. Absent where the rollups
   * are updated in place (SQLite: one writer at a time).
   */
  foldReportRollups?(): number;
}

export interface BackgroundSession {
  db: string;
  /** Cancels the statement the session is running; how many it cancelled. */
  cancel(): number;
}

export interface Repositories {
  tickets: Repos.TicketsRepo;
  people: Repos.PeopleRepo;
  config: Repos.ConfigRepo;
  macros: Repos.MacrosRepo;
  drafts: Repos.DraftsRepo;
  automation: Repos.AutomationRepo;
  routing: Repos.RoutingRepo;
  slaSettings: Repos.SlaSettingsRepo;
  slaReport: SlaReportRepo;
  agentReport: AgentReportRepo;
  mail: Repos.MailRepo;
  exchange: Repos.ExchangeRepo;
  audit: Repos.AuditRepo;
  batch: BatchRepo;
}

export interface BackupCheck {
  path: string;
  bytes: number;
  /** How many migrations the copy has applied. */
  schemaVersion: number;
  tickets: number;
  events: number;
  users: number;
}

export interface StorePort extends Store {
  repos: Repositories;
  filters: FilterCompiler;
  /** The fast writes of one batch run (prepared once per run). */
  batchWrites(): BatchWrites;
  /** The pacing of one batch run between its chunks. */
  batchPacing(): BatchPacing;
  demo: DemoLoader;
  /** An online copy of the whole database into `dest`, checked before it gets its name. */
  backup(dest: string, options?: { force?: boolean }): Promise<BackupCheck>;
}
