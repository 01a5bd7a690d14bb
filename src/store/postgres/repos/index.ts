// The PostgreSQL store's repositories, as the worker creates them over a pool or a transaction.
import { calendars, slaPlans } from '../schema/index.js';
import { createPgAuditRepo } from './audit.js';
import { createPgAutomationRepo, createPgRoutingRepo } from './automation.js';
import { createPgBatchRepo } from './batch.js';
import { createPgBatchWritesRepo } from './batchWrites.js';
import type { PgDb } from './db.js';
import { createPgAgentReportRepo } from './agentReport.js';
import { createPgDraftsRepo } from './drafts.js';
import { createPgExchangeRepo } from './exchange.js';
import { createPgMailRepo } from './mail.js';
import { createPgPeopleRepo } from './people.js';
import { createPgConfigRepo, createPgDefinitionsRepo, createPgMacrosRepo } from './settings.js';
import { createPgFullSlaReportRepo, createPgSlaReportRepo } from './slaReport.js';
import { createPgTicketsRepo } from './tickets.js';
import { conversationOf, notificationLookups, summaryLookups } from './lookups.js';
import { namedOrgIds, partyIds, type ChunkLookups, type NotificationKeys, type SummaryKeys } from '../../port/lookups.js';

export function createPgRepos(db: PgDb) {
  const people = createPgPeopleRepo(db);
  const tickets = createPgTicketsRepo(db);
  return {
    people,
    tickets: {
      ...tickets,
      summaryLookups: (rows: SummaryKeys[]) => summaryLookups(db, rows),
      notificationLookups: (ticket: NotificationKeys) => notificationLookups(db, ticket),
      chunkLookups: (rows: readonly SummaryKeys[]) => pgChunkLookups(rows, tickets, people),
      conversationOf: (id: number, includeInternal: boolean) => conversationOf(db, id, includeInternal),
    },
    config: createPgConfigRepo(db),
    macros: createPgMacrosRepo(db),
    slaPlans: createPgDefinitionsRepo(db, slaPlans),
    calendars: createPgDefinitionsRepo(db, calendars),
    drafts: createPgDraftsRepo(db),
    automation: createPgAutomationRepo(db),
    routing: createPgRoutingRepo(db),
    mail: createPgMailRepo(db),
    audit: createPgAuditRepo(db),
    exchange: createPgExchangeRepo(db),
    slaReport: createPgSlaReportRepo(db),
    /** The reports computed from the tickets alone: what the rollups must equal (tests, tools). */
    slaReportFull: createPgFullSlaReportRepo(db),
    batch: createPgBatchRepo(db),
    batchWrites: createPgBatchWritesRepo(db),
    agentReport: createPgAgentReportRepo(db),
  };
}

/** The port's chunkLookups: SQLite's queries (store/port/lookups.ts), one round trip from the main thread. */
async function pgChunkLookups(
  rows: readonly SummaryKeys[],
  tickets: ReturnType<typeof createPgTicketsRepo>,
  people: ReturnType<typeof createPgPeopleRepo>,
): Promise<ChunkLookups> {
  const ids = rows.map((r) => r.id);
  const orgIds = namedOrgIds(rows);
  return {
    tags: await tickets.tagsOf(ids),
    watchers: await tickets.watchersOf(ids),
    levels: await tickets.levelsOfTickets(ids),
    mutedIds: await tickets.mutedOfTickets(ids),
    users: await people.usersByIds(partyIds(rows)),
    organizations: await people.orgsByIds(orgIds),
    superuserIds: await people.superuserIdsOfOrgs(orgIds),
    notifyAllAdminIds: await people.notifyAllAdminIds(),
  };
}

export type PgRepos = ReturnType<typeof createPgRepos>;
