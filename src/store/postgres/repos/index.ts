// The PostgreSQL store's repositories, as the worker creates them over a pool or a transaction.
import { calendars, slaPlans } from '../schema/index.js';
import type { PgDb } from './db.js';
import { createPgPeopleRepo } from './people.js';
import { createPgConfigRepo, createPgDefinitionsRepo, createPgMacrosRepo } from './settings.js';
import { createPgTicketsRepo } from './tickets.js';

export function createPgRepos(db: PgDb) {
  return {
    people: createPgPeopleRepo(db),
    tickets: createPgTicketsRepo(db),
    config: createPgConfigRepo(db),
    macros: createPgMacrosRepo(db),
    slaPlans: createPgDefinitionsRepo(db, slaPlans),
    calendars: createPgDefinitionsRepo(db, calendars),
  };
}

export type PgRepos = ReturnType<typeof createPgRepos>;
