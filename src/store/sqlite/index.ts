// The SQLite store: opens the file (db.ts) and wires every repository once, as the store port
// (store/port) describes them. The app's composition root (app/createApp.ts) is its only user.
import { chunkLookupsFrom, conversationFrom, notificationLookupsFrom, summaryLookupsFrom, type StorePort } from '../port/index.js';
import { backupStore } from './backup.js';
import { sqliteBatchPacing } from './batchPacing.js';
import { openStore, type OpenOptions, type Store } from './db.js';
import { sqliteDemoLoader } from './demoData.js';
import { sqliteFilters } from './filters.js';
import { createAuditQueries } from './auditQueries.js';
import { createAutomationRepo } from './repos/automation.js';
import { createBatchRepo } from './repos/batch.js';
import { createPreparedBatchQueries } from './repos/batchPrepared.js';
import { createConfigRepo } from './repos/config.js';
import { createExchangeRepo } from './repos/exchange.js';
import { createMacrosRepo } from './repos/macros.js';
import { createDraftsRepo } from './repos/drafts.js';
import { createMailRepo } from './repos/mail.js';
import { createPeopleRepo } from './repos/people.js';
import { createRoutingRepo } from './repos/routing.js';
import { createSlaReportRepo } from './repos/slaReport.js';
import { createAgentReportRepo } from './repos/agentReport.js';
import { createSlaSettingsRepo } from './repos/slaSettings.js';
import { createTicketsRepo } from './repos/tickets.js';

export type { OpenOptions };
/** The port, plus the connection itself for SQLite-only tools and tests. */
export type SqliteStore = StorePort & Pick<Store, 'db' | 'sqlite'>;

export function openSqliteStore(path: string, options: OpenOptions = {}): SqliteStore {
  return sqliteStorePort(openStore(path, options));
}

/** Wires the repositories on an open connection. */
export function sqliteStorePort(store: Store): SqliteStore {
  const db = store.db;
  const tickets = createTicketsRepo(db);
  const people = createPeopleRepo(db);
  return {
    ...store,
    holdLock: () => true,
    repos: {
      tickets: {
        ...tickets,
        summaryLookups: (rows) => summaryLookupsFrom(rows, tickets, people),
        notificationLookups: (ticket) => notificationLookupsFrom(ticket, tickets, people),
        chunkLookups: (rows) => chunkLookupsFrom(rows, tickets, people),
        conversationOf: (id, includeInternal) => conversationFrom(id, includeInternal, tickets),
      },
      people,
      config: createConfigRepo(db),
      macros: createMacrosRepo(db),
      drafts: createDraftsRepo(db),
      automation: createAutomationRepo(db),
      routing: createRoutingRepo(db),
      slaSettings: createSlaSettingsRepo(db),
      slaReport: createSlaReportRepo(db),
      agentReport: createAgentReportRepo(db),
      mail: createMailRepo(db),
      exchange: createExchangeRepo(db),
      audit: createAuditQueries(db),
      batch: createBatchRepo(db),
    },
    filters: sqliteFilters,
    batchWrites: () => createPreparedBatchQueries(db),
    batchPacing: () => sqliteBatchPacing(store),
    demo: sqliteDemoLoader(store),
    backup: (dest, options) => backupStore(store, dest, options),
  };
}
