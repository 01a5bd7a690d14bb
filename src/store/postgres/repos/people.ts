// PostgreSQL twin of src/store/sqlite/repos/people.ts: the same methods, answers and order,
// asynchronous (they run in the worker; the store's main-thread side makes them synchronous).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { organizations, orgDomains, users } from '../schema/index.js';
import { valuesByOwner } from '../../port/lookups.js';
import { bytewise, first, type PgDb } from './db.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type OrgRow = typeof organizations.$inferSelect;

export function createPgPeopleRepo(db: PgDb) {
  return {
    userByHandle: async (handle: string): Promise<UserRow | undefined> =>
      first(await db.select().from(users).where(eq(users.handle, handle))),
    userById: async (id: number): Promise<UserRow | undefined> => first(await db.select().from(users).where(eq(users.id, id))),
    userByEmail: async (email: string): Promise<UserRow | undefined> =>
      first(
        await db
          .select()
          .from(users)
          .where(sql`lower(${users.email}) = lower(${email})`)
          .limit(1),
      ),
    usersByIds: async (ids: number[]): Promise<UserRow[]> =>
      ids.length ? db.select().from(users).where(inArray(users.id, ids)).orderBy(asc(users.id)) : [],
    insertUser: async (user: NewUser): Promise<UserRow> => (await db.insert(users).values(user).returning())[0]!,
    updateUser: async (id: number, fields: Partial<NewUser>): Promise<void> => {
      await db.update(users).set(fields).where(eq(users.id, id));
    },
    listUsers: async (): Promise<UserRow[]> =>
      db
        .select()
        .from(users)
        .orderBy(asc(bytewise(users.handle))),
    listUsersWhere: async (where: { orgId: number } | { id: number }): Promise<UserRow[]> =>
      db
        .select()
        .from(users)
        .where('orgId' in where ? eq(users.orgId, where.orgId) : eq(users.id, where.id))
        .orderBy(asc(bytewise(users.handle))),
    searchUsers: async (text: string, limit: number, orgId?: number): Promise<UserRow[]> => {
      const like = (pattern: string) => pattern.replace(/[\\%_]/g, (c) => `\\${c}`);
      // The text folded both ways, as the filters' names are (filterSql.ts lowered).
      const folded = (column: AnyPgColumn, pattern: string) =>
        sql`(lower(${column}) like lower(${pattern}) or lower(${column}) like ${pattern.toLowerCase()})`;
      const match = sql`(${folded(users.handle, `${like(text)}%`)} or ${folded(users.email, `${like(text)}%`)} or ${folded(users.name, `%${like(text)}%`)})`;
      return db
        .select()
        .from(users)
        .where(orgId === undefined ? match : and(match, eq(users.orgId, orgId)))
        .orderBy(asc(bytewise(users.handle)))
        .limit(limit);
    },
    countUsers: async (): Promise<number> => first(await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users))?.n ?? 0,
    countAdmins: async (): Promise<number> =>
      first(
        await db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(users)
          .where(eq(users.role, 'admin')),
      )?.n ?? 0,
    superuserIdsOfOrg: async (orgId: number): Promise<number[]> =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.orgId, orgId), eq(users.role, 'superuser')))
      ).map((r) => r.id),
    superuserIdsOfOrgs: async (orgIds: number[]): Promise<Map<number, number[]>> =>
      orgIds.length
        ? valuesByOwner(
            await db
              .select({ id: users.id, orgId: users.orgId })
              .from(users)
              .where(and(inArray(users.orgId, orgIds), eq(users.role, 'superuser')))
              .orderBy(asc(users.orgId), asc(users.id)),
            (r) => r.orgId!,
            (r) => r.id,
          )
        : new Map(),
    notifyAllAdminIds: async (): Promise<number[]> =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.notifyAll, true)))
      ).map((r) => r.id),

    orgByName: async (name: string): Promise<OrgRow | undefined> =>
      first(
        await db
          .select()
          .from(organizations)
          .where(sql`lower(${organizations.name}) = lower(${name})`)
          .limit(1),
      ),
    orgById: async (id: number): Promise<OrgRow | undefined> =>
      first(await db.select().from(organizations).where(eq(organizations.id, id))),
    orgsByIds: async (ids: number[]): Promise<OrgRow[]> =>
      ids.length ? db.select().from(organizations).where(inArray(organizations.id, ids)).orderBy(asc(organizations.id)) : [],
    orgByDomain: async (domain: string): Promise<OrgRow | undefined> =>
      first(
        await db
          .select({ org: organizations })
          .from(orgDomains)
          .innerJoin(organizations, eq(orgDomains.orgId, organizations.id))
          .where(eq(orgDomains.domain, domain.toLowerCase())),
      )?.org,
    insertOrg: async (org: typeof organizations.$inferInsert): Promise<OrgRow> =>
      (await db.insert(organizations).values(org).returning())[0]!,
    updateOrg: async (id: number, fields: Partial<typeof organizations.$inferInsert>): Promise<void> => {
      await db.update(organizations).set(fields).where(eq(organizations.id, id));
    },
    addOrgDomain: async (orgId: number, domain: string): Promise<void> => {
      await db.insert(orgDomains).values({ orgId, domain: domain.toLowerCase() });
    },
    domainOwner: async (domain: string): Promise<number | undefined> =>
      first(await db.select({ orgId: orgDomains.orgId }).from(orgDomains).where(eq(orgDomains.domain, domain.toLowerCase())))?.orgId,
    domainsOfOrgs: async (orgIds: number[]): Promise<Array<{ orgId: number; domain: string }>> =>
      orgIds.length
        ? db
            .select()
            .from(orgDomains)
            .where(inArray(orgDomains.orgId, orgIds))
            .orderBy(asc(bytewise(orgDomains.domain)))
        : [],
    listOrgs: async (): Promise<OrgRow[]> =>
      db
        .select()
        .from(organizations)
        .orderBy(asc(bytewise(organizations.name))),
  };
}

export type PgPeopleRepo = ReturnType<typeof createPgPeopleRepo>;
