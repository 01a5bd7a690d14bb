// The PostgreSQL store: opens the server through the worker bridge (db.ts) and wires the store
// port (store/port) on it, as store/sqlite/index.ts does for a file. The composition root
// (app/createApp.ts) is its only user. A repository not yet written for PostgreSQL answers every
// call with one line (exit 2) before anything is written, so each command says what it lacks.
import { BadInput } from '../../domain/errors.js';
import type { BackgroundSession, Repositories, StorePort } from '../port/index.js';
import { postgresBatchPacing, postgresBatchWrites } from './batch.js';
import { openPostgresStore, type PostgresOpenOptions, type PostgresStore } from './db.js';
import { postgresFilters } from './filters.js';
import { postgresDemoLoader } from './demoData.js';

export type { PostgresOpenOptions };
/** The port, plus the PostgreSQL side the CLI and tests may use (migrations applied, raw queries). */
export type PostgresStorePort = StorePort & Pick<PostgresStore, 'migrationsApplied' | 'query' | 'url' | 'roundTrips'>;

export function openPostgresStorePort(url: string, options: PostgresOpenOptions = {}): PostgresStorePort {
  return postgresStorePort(openPostgresStore(url, options));
}

/** Refuses every call: the capability `what` has no PostgreSQL repository on this build yet. */
function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, key) =>
      typeof key === 'symbol' || key === 'then'
        ? undefined
        : () => {
            throw new BadInput(`${what}: not available on PostgreSQL yet`);
          },
  });
}

/** Session advisory lock keys (pg_try_advisory_lock), one per kind of run ("tt" + a number). */
const LOCK_KEYS: Record<'automate' | 'notify', number> = { automate: 0x74740001, notify: 0x74740002 };
const lockKey = (name: 'automate' | 'notify'): number => LOCK_KEYS[name];

export function postgresStorePort(store: PostgresStore): PostgresStorePort {
  const pg = store.repos as unknown as Record<string, unknown>;
  // Each slot: the worker's repository when this build has it, else a refusal naming the capability.
  const repo = <K extends keyof Repositories>(name: K, what: string): Repositories[K] =>
    (store.repoNames.includes(name) ? pg[name] : unavailable(what)) as Repositories[K];
  const repos: Repositories = {
    tickets: repo('tickets', 'tickets'),
    people: repo('people', 'people'),
    config: repo('config', 'settings'),
    macros: repo('macros', 'macros'),
    slaSettings: { plans: pg.slaPlans, calendars: pg.calendars } as Repositories['slaSettings'],
    drafts: repo('drafts', 'drafts'),
    automation: repo('automation', 'automations'),
    routing: repo('routing', 'routing'),
    slaReport: repo('slaReport', 'SLA reports'),
    mail: repo('mail', 'mail'),
    exchange: repo('exchange', 'export and import'),
    audit: repo('audit', 'audit'),
    batch: repo('batch', 'batch commands'),
    agentReport: repo('agentReport', 'agent reports'),
  };
  return {
    url: store.url,
    path: store.path,
    migrationsApplied: store.migrationsApplied,
    write: store.write,
    read: store.read,
    // Rolled back by the same helper as SQLite's (db.ts), each write waited for: nothing committed, so nothing notified either.
    preview: (fn) => store.preview(fn),
    dataVersion: store.dataVersion,
    settingsVersion: store.settingsVersion,
    close: store.close,
    query: store.query,
    roundTrips: store.roundTrips,
    holdLock: (name) => store.tryLock(lockKey(name)),
    backgroundSession: () => backgroundSession(store),
    foldReportRollups: () => foldReportRollups(store),
    repos,
    filters: postgresFilters,
    batchWrites: () => postgresBatchWrites(store),
    batchPacing: () => postgresBatchPacing(),
    demo: postgresDemoLoader(store),
    backup: () =>
      Promise.reject(
        new BadInput(`backup: on PostgreSQL, use pg_dump (e.g. pg_dump --format=custom --file=ticketty.dump '${store.path}')`),
      ),
  };
}

/** The rollups' appended rows, if any, folded (drizzle/pg/0007): a commit notifies every TUI, so none when there is nothing to fold. */
function foldReportRollups(store: PostgresStore): number {
  const appended = (table: string) => `exists (select from ${table} where slot <> 0)`;
  const pending = store.read(
    () =>
      store.query<{ pending: boolean }>(
        `select ${['report_days', 'report_minutes', 'report_backlog'].map(appended).join(' or ')} as pending`,
      )[0]!.pending,
  );
  return pending ? store.write(() => store.query<{ keys: number }>('select report_rollups_compact() as keys')[0]!.keys) : 0;
}

let sessions = 0;

/**
 * A session for the TUI's counts and reports (app/tickets/queueCounter.ts): its own connection,
 * told apart by its application_name, so that a count made moot is cancelled on the server
 * (pg_cancel_backend) instead of running on after its thread is let go.
 */
function backgroundSession(store: PostgresStore): BackgroundSession {
  const name = `ticketty-background-${process.pid}-${++sessions}`;
  const url = new URL(store.url);
  url.searchParams.set('application_name', name);
  return {
    db: url.toString(),
    cancel: () =>
      store
        .query<{
          cancelled: boolean;
        }>(`select pg_cancel_backend(pid) as cancelled from pg_stat_activity where application_name = $1 and state = 'active'`, [name])
        .filter((r) => r.cancelled).length,
  };
}
