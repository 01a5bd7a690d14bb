// Compile-time only: the PostgreSQL repositories, made synchronous by the store (db.ts), are the
// port's repositories (store/port): a method that drifts from the port fails `tsc` here.
import type * as Port from '../../port/index.js';
import type { Synchronous } from '../db.js';
import type { PgRepos } from './index.js';

type Sync<K extends keyof PgRepos> = Synchronous<PgRepos[K]>;
type Is<Actual extends Expected, Expected> = [Actual, Expected];

export type PortCheck = [
  Is<Sync<'drafts'>, Port.DraftsRepo>,
  Is<Sync<'mail'>, Port.MailRepo>,
  Is<Sync<'automation'>, Port.AutomationRepo>,
  Is<Sync<'routing'>, Port.RoutingRepo>,
  Is<Sync<'audit'>, Port.AuditRepo>,
  Is<Sync<'exchange'>, Port.ExchangeRepo>,
  Is<Sync<'slaReport'>, Port.SlaReportRepo>,
  Is<Sync<'slaReportFull'>, Port.SlaReportRepo>,
  Is<Sync<'batch'>, Port.BatchRepo>,
  Is<Sync<'agentReport'>, Port.AgentReportRepo>,
  Is<Sync<'config'>, Port.ConfigRepo>,
  Is<Sync<'macros'>, Port.MacrosRepo>,
  Is<Sync<'slaPlans'>, Port.DefinitionTable>,
  Is<Sync<'calendars'>, Port.DefinitionTable>,
];
