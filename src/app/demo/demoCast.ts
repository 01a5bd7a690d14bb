// The people of a demo database: organizations with mail domains, their superusers and
// requesters, requesters without organization, unbound superusers, agents, engineers, `admin`.
import { DemoRandom, domainOf, organizationNames, personName } from '../../domain/demoText.js';
import type { DemoPersonRow } from '../../store/port/index.js';

export interface DemoOrg {
  id: number;
  name: string;
  domain: string;
  superusers: number[];
  requesters: number[];
}

export interface DemoCast {
  orgs: DemoOrg[];
  orgRows: Array<{ id: number; name: string; domain: string; createdAt: number }>;
  /** New users to insert (the existing admin, when reused, is not among them). */
  people: DemoPersonRow[];
  /** Requesters without organization. */
  loneRequesters: number[];
  /** Superusers bound to no organization: they serve every organization at level 1. */
  freeSuperusers: number[];
  agents: number[];
  engineers: number[];
  adminId: number;
  handleOf: Map<number, string>;
}

export interface CastSizes {
  orgs: number;
  requestersPerOrg: number;
  superusersPerOrg: number;
  loneRequesters: number;
  freeSuperusers: number;
  agents: number;
  engineers: number;
}

/** Sizes that grow with the ticket count, roughly like a real support team's. */
export function castSizes(tickets: number): CastSizes {
  const orgs = Math.max(4, Math.min(300, Math.ceil(Math.sqrt(tickets) / 3)));
  const requesters = Math.max(orgs * 3, Math.ceil(tickets / 40));
  return {
    orgs,
    requestersPerOrg: Math.max(3, Math.ceil((requesters * 0.9) / orgs)),
    superusersPerOrg: 2,
    loneRequesters: Math.max(3, Math.ceil(requesters * 0.1)),
    freeSuperusers: Math.max(2, Math.ceil(orgs / 40)),
    agents: Math.max(3, Math.min(120, Math.ceil(tickets / 20_000))),
    engineers: Math.max(2, Math.min(40, Math.ceil(tickets / 60_000))),
  };
}

export interface CastInput {
  rng: DemoRandom;
  tickets: number;
  firstUserId: number;
  firstOrgId: number;
  /** The existing admin named `admin`, if the database has one. */
  existingAdminId: number | null;
  /** Handles and e-mails already taken in the database. */
  taken: Set<string>;
  createdAt: number;
}

export function buildCast(input: CastInput): DemoCast {
  const { rng, createdAt } = input;
  const sizes = castSizes(input.tickets);
  const people: DemoPersonRow[] = [];
  const handleOf = new Map<number, string>();
  const taken = input.taken;
  let nextId = input.firstUserId;
  const add = (role: string, tier: number | null, orgId: number | null, domain: string | null, fixedHandle?: string): number => {
    const { name, stem } = personName(rng);
    const mailDomain = domain ?? 'support.ticketty.example';
    let handle = fixedHandle ?? stem;
    for (let i = 2; taken.has(handle) || taken.has(`${handle}@${mailDomain}`); i++) handle = `${stem}${i}`;
    const email = `${handle}@${mailDomain}`;
    taken.add(handle);
    taken.add(email);
    const id = nextId++;
    people.push({ id, handle, name: fixedHandle ? 'Demo Admin' : name, email, role, tier, orgId, createdAt });
    handleOf.set(id, handle);
    return id;
  };

  let adminId = input.existingAdminId;
  if (adminId === null) adminId = add('admin', null, null, null, 'admin');
  else handleOf.set(adminId, 'admin');

  const orgs: DemoOrg[] = organizationNames(rng, sizes.orgs).map((name, i) => ({
    id: input.firstOrgId + i,
    name,
    domain: domainOf(name),
    superusers: [],
    requesters: [],
  }));
  // Organizations differ in size: a few big customers, many small ones.
  for (const org of orgs) {
    for (let i = 0; i < sizes.superusersPerOrg; i++) org.superusers.push(add('superuser', 1, org.id, org.domain));
    const count = Math.max(2, Math.round(sizes.requestersPerOrg * (0.3 + rng.exp(0.7))));
    for (let i = 0; i < count; i++) org.requesters.push(add('requester', null, org.id, org.domain));
  }
  const loneRequesters: number[] = [];
  for (let i = 0; i < sizes.loneRequesters; i++)
    loneRequesters.push(add('requester', null, null, rng.pick(['gmail.example', 'mail.example', 'outlook.example'])));
  const freeSuperusers: number[] = [];
  for (let i = 0; i < sizes.freeSuperusers; i++) freeSuperusers.push(add('superuser', 1, null, null));
  const agents: number[] = [];
  for (let i = 0; i < sizes.agents; i++) agents.push(add('agent', 2, null, null));
  const engineers: number[] = [];
  for (let i = 0; i < sizes.engineers; i++) engineers.push(add('engineer', 3, null, null));

  return {
    orgs,
    orgRows: orgs.map((o) => ({ id: o.id, name: o.name, domain: o.domain, createdAt })),
    people,
    loneRequesters,
    freeSuperusers,
    agents,
    engineers,
    adminId,
    handleOf,
  };
}
