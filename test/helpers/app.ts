// A real app on a fresh database with the real migrations, and a movable clock: in memory on
// SQLite, a copy of the migrated template on the run's PostgreSQL (testStore.ts).
import { openStore } from '../../src/store/sqlite/db.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';
import { migratedPostgresDatabase, onPostgres } from './testStore.js';
import { createApp, type App, type SqliteApp } from '../../src/app/createApp.js';
import { join } from 'node:path';
import type { Clock } from '../../src/domain/clock.js';
import { FREE_CLOCK_KEY } from '../../src/app/context.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { addOrg, addUser } from '../../src/app/people/people.js';
import type { Actor } from '../../src/domain/permissions.js';

export interface TestWorld {
  app: SqliteApp;
  setNow(iso: string): void;
  advance(minutes: number): void;
  actor(handle: string): Actor;
  close(): void;
}

export function testWorld(startIso = '2026-03-02T10:00:00Z'): TestWorld {
  let now = new Date(startIso).getTime();
  const clock = { now: () => new Date(now) };
  // On PostgreSQL the app is typed as SQLite's for the tests that read its connection: those are
  // SQLite-only (test/stores.ts).
  const store = onPostgres ? openPostgresStorePort(migratedPostgresDatabase()) : openStore(':memory:');
  const app = 'repos' in store ? (createApp(store, clock) as SqliteApp) : createApp(store, clock);
  app.config.set(FREE_CLOCK_KEY, true); // tests move the clock freely (init --free-clock)
  return {
    app,
    setNow: (iso) => {
      now = new Date(iso).getTime();
    },
    advance: (minutes) => {
      now += minutes * 60_000;
    },
    actor: (handle) => {
      const user = app.people.userByHandle(handle);
      if (!user) throw new Error(`no user ${handle}`);
      return actorFromUser(user);
    },
    close: () => store.close(),
  };
}

/**
 * The cast used across tests: ACME (with a superuser) and Globex (without), their requesters,
 * an unbound superuser, two agents, an engineer and an admin.
 */
export function seedPeople(world: TestWorld): void {
  const { app } = world;
  addUser(app, null, { handle: 'admin', role: 'admin' });
  addOrg(app, null, { name: 'ACME', domains: ['acme.test'] });
  addOrg(app, null, { name: 'Globex', domains: ['globex.test'] });
  addUser(app, null, { handle: 'ann', role: 'requester', org: 'ACME', email: 'ann@acme.test', name: 'Ann Archer' });
  addUser(app, null, { handle: 'abe', role: 'requester', org: 'ACME', email: 'abe@acme.test' });
  addUser(app, null, { handle: 'gus', role: 'requester', org: 'Globex', email: 'gus@globex.test' });
  addUser(app, null, { handle: 'sam', role: 'superuser', org: 'ACME', email: 'sam@acme.test' });
  addUser(app, null, { handle: 'una', role: 'superuser', email: 'una@vendor.test' });
  addUser(app, null, { handle: 'bob', role: 'agent', email: 'bob@vendor.test' });
  addUser(app, null, { handle: 'bea', role: 'agent', email: 'bea@vendor.test' });
  addUser(app, null, { handle: 'eve', role: 'engineer', email: 'eve@vendor.test' });
}

/**
 * Two apps on one database, as two processes on one host or two hosts: the same SQLite file in
 * `dir` opened twice, or one PostgreSQL database (a copy of the run's template) opened twice.
 */
export function twoApps(dir: string, clock: Clock): { mine: App; theirs: App } {
  if (onPostgres) {
    const url = migratedPostgresDatabase();
    return { mine: createApp(openPostgresStorePort(url), clock), theirs: createApp(openPostgresStorePort(url, { migrate: false }), clock) };
  }
  const path = join(dir, 't.db');
  return { mine: createApp(openStore(path), clock), theirs: createApp(openStore(path), clock) };
}
