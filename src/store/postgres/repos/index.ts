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
import {
  namedOrgIds,
  namedUserIds,
  partyIds,
  type ChunkLookups,
  type Conversation,
  type NotificationKeys,
  type NotificationLookups,
  type SummaryKeys,
  type SummaryLookups,
} from '../../port/lookups.js';

export function createPgRepos(db: PgDb) {
  const people = createPgPeopleRepo(db);
  const tickets = createPgTicketsRepo(db);
  return {
    people,
    tickets: {
      ...tickets,
      summaryLookups: (rows: SummaryKeys[]) => pgSummaryLookups(rows, tickets, people),
      notificationLookups: (ticket: NotificationKeys) => pgNotificationLookups(ticket, tickets, people),
      chunkLookups: (rows: readonly SummaryKeys[]) => pgChunkLookups(rows, tickets, people),
      conversationOf: async (id: number, includeInternal: boolean): Promise<Conversation> => {
        const comments = await tickets.commentsOf(id, includeInternal);
        const all = includeInternal ? comments : await tickets.commentsOf(id, true);
        return {
          comments,
          internalCommentIds: all.filter((c) => c.internal).map((c) => c.id),
          events: await tickets.eventsOf(id),
          attachments: await tickets.attachmentsOf(comments.map((c) => c.id)),
        };
      },
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

/** The port's summaryLookups: the same queries as SQLite's (store/port/summaryLookups.ts), in one round trip from the main thread. */
async function pgSummaryLookups(
  rows: SummaryKeys[],
  tickets: ReturnType<typeof createPgTicketsRepo>,
  people: ReturnType<typeof createPgPeopleRepo>,
): Promise<SummaryLookups> {
  const ids = rows.map((r) => r.id);
  const watchers = await tickets.watchersOf(ids);
  return {
    tags: await tickets.tagsOf(ids),
    watchers,
    levels: await tickets.levelsOfTickets(ids),
    users: await people.usersByIds(namedUserIds(rows, watchers)),
    organizations: await people.orgsByIds(namedOrgIds(rows)),
  };
}

/** The port's notificationLookups: SQLite's queries (store/port/lookups.ts), one round trip from the main thread. */
async function pgNotificationLookups(
  ticket: NotificationKeys,
  tickets: ReturnType<typeof createPgTicketsRepo>,
  people: ReturnType<typeof createPgPeopleRepo>,
): Promise<NotificationLookups> {
  return {
    watcherIds: (await tickets.watchersOf([ticket.id])).get(ticket.id) ?? [],
    requester: await people.userById(ticket.requesterId),
    assignee: ticket.assigneeId !== null ? await people.userById(ticket.assigneeId) : undefined,
    organization: ticket.orgId !== null ? await people.orgById(ticket.orgId) : undefined,
    levels: await tickets.levelsOf(ticket.id),
    orgSuperuserIds: ticket.orgId !== null ? await people.superuserIdsOfOrg(ticket.orgId) : [],
    notifyAllAdminIds: await people.notifyAllAdminIds(),
    mutedIds: await tickets.mutedOf(ticket.id),
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
