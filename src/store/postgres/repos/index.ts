// The PostgreSQL store's repositories, as the worker creates them over a pool or a transaction.
import type { PgDb } from './db.js';
import { createPgPeopleRepo } from './people.js';
import { createPgTicketsRepo } from './tickets.js';

export function createPgRepos(db: PgDb) {
  return { people: createPgPeopleRepo(db), tickets: createPgTicketsRepo(db) };
}

export type PgRepos = ReturnType<typeof createPgRepos>;
