// Queries on organizations and users. No policy here: typed rows in and out.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db.js';
import { valuesByOwner, type NewUser, type OrgRow, type PeopleRepo, type UserRow } from '../../port/index.js';
import { organizations, orgDomains, users } from '../schema/index.js';
import { idIn, rawRowReader } from './rawRows.js';

export function createPeopleRepo(db: Db): PeopleRepo {
  const byHandle = db
    .select()
    .from(users)
    .where(eq(users.handle, sql.placeholder('handle')))
    .prepare();
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  // Prepared once (a batch asks for a chunk's requesters), read raw (rawRows.ts), in id order.
  const usersByIds = db.select().from(users).where(idIn(users.id)).orderBy(asc(users.id)).prepare();
  const userFromRaw = rawRowReader<UserRow>(users);
  const superusersOfOrgs = db
    .select({ id: users.id, orgId: users.orgId })
    .from(users)
    .where(and(idIn(users.orgId), eq(users.role, 'superuser')))
    .orderBy(asc(users.orgId), asc(users.id))
    .prepare();
  const orgsByIds = db.select().from(organizations).where(idIn(organizations.id)).orderBy(asc(organizations.id)).prepare();
  // Prepared once: a queue page's SLA asks for each row's organization (building the query each
  // time cost more than running it).
  const orgById = db
    .select()
    .from(organizations)
    .where(eq(organizations.id, sql.placeholder('id')))
    .prepare();
  return {
    userByHandle: (handle: string): UserRow | undefined => byHandle.get({ handle }),
    userById: (id: number): UserRow | undefined => byId.get({ id }),
    userByEmail: (email: string): UserRow | undefined =>
      db
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = lower(${email})`)
        .get(),
    usersByIds: (ids: number[]): UserRow[] => (ids.length ? usersByIds.values({ ids: JSON.stringify(ids) }).map(userFromRaw) : []),
    insertUser: (user: NewUser): UserRow => db.insert(users).values(user).returning().get(),
    updateUser: (id: number, fields: Partial<NewUser>): void => {
      db.update(users).set(fields).where(eq(users.id, id)).run();
    },
    listUsers: (): UserRow[] => db.select().from(users).orderBy(asc(users.handle)).all(),
    /** The users of one organization, or one user (by id): the directory a bound superuser or a requester may read. */
    listUsersWhere: (where: { orgId: number } | { id: number }): UserRow[] =>
      db
        .select()
        .from(users)
        .where('orgId' in where ? eq(users.orgId, where.orgId) : eq(users.id, where.id))
        .orderBy(asc(users.handle))
        .all(),
    searchUsers: (text: string, limit: number, orgId?: number): UserRow[] => {
      const like = (pattern: string) => pattern.replace(/[\\%_]/g, (c) => `\\${c}`);
      // The text folded both ways: by lower() as the column is (ASCII: `Éric` finds `Éric`), and
      // by JavaScript (all of Unicode: `LÓPEZ` finds `López`), as on PostgreSQL.
      const folded = (column: SQLiteColumn, pattern: string) =>
        sql`(lower(${column}) like lower(${pattern}) escape '\\' or lower(${column}) like ${pattern.toLowerCase()} escape '\\')`;
      const match = sql`(${folded(users.handle, `${like(text)}%`)} or ${folded(users.email, `${like(text)}%`)} or ${folded(users.name, `%${like(text)}%`)})`;
      return db
        .select()
        .from(users)
        .where(orgId === undefined ? match : and(match, eq(users.orgId, orgId)))
        .orderBy(asc(users.handle))
        .limit(limit)
        .all();
    },
    countUsers: (): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()?.n ?? 0,
    countAdmins: (): number =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .where(eq(users.role, 'admin'))
        .get()?.n ?? 0,
    superuserIdsOfOrg: (orgId: number): number[] =>
      db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.role, 'superuser')))
        .all()
        .map((r) => r.id),
    superuserIdsOfOrgs: (orgIds: number[]): Map<number, number[]> =>
      orgIds.length
        ? valuesByOwner(
            superusersOfOrgs.all({ ids: JSON.stringify(orgIds) }),
            (r) => r.orgId!,
            (r) => r.id,
          )
        : new Map(),
    notifyAllAdminIds: (): number[] =>
      db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.notifyAll, true)))
        .all()
        .map((r) => r.id),

    orgByName: (name: string): OrgRow | undefined =>
      db
        .select()
        .from(organizations)
        .where(sql`lower(${organizations.name}) = lower(${name})`)
        .get(),
    orgById: (id: number): OrgRow | undefined => orgById.get({ id }),
    orgsByIds: (ids: number[]): OrgRow[] => (ids.length ? orgsByIds.all({ ids: JSON.stringify(ids) }) : []),
    orgByDomain: (domain: string): OrgRow | undefined =>
      db
        .select({ org: organizations })
        .from(orgDomains)
        .innerJoin(organizations, eq(orgDomains.orgId, organizations.id))
        .where(eq(orgDomains.domain, domain.toLowerCase()))
        .get()?.org,
    insertOrg: (org: typeof organizations.$inferInsert): OrgRow => db.insert(organizations).values(org).returning().get(),
    updateOrg: (id: number, fields: Partial<typeof organizations.$inferInsert>): void => {
      db.update(organizations).set(fields).where(eq(organizations.id, id)).run();
    },
    addOrgDomain: (orgId: number, domain: string): void => {
      db.insert(orgDomains).values({ orgId, domain: domain.toLowerCase() }).run();
    },
    domainOwner: (domain: string): number | undefined =>
      db.select({ orgId: orgDomains.orgId }).from(orgDomains).where(eq(orgDomains.domain, domain.toLowerCase())).get()?.orgId,
    domainsOfOrgs: (orgIds: number[]): Array<{ orgId: number; domain: string }> =>
      orgIds.length ? db.select().from(orgDomains).where(inArray(orgDomains.orgId, orgIds)).orderBy(asc(orgDomains.domain)).all() : [],
    listOrgs: (): OrgRow[] => db.select().from(organizations).orderBy(asc(organizations.name)).all(),
  };
}
