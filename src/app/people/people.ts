// Administration of users and organizations (SPEC 1 admin, SPEC 8 administration syntax).
import { SERVICE_HANDLE, type Actor } from '../../domain/permissions.js';
import { BadInput, NotFound } from '../../domain/errors.js';
import { isRole, tierOfRole, type Role } from '../../domain/types.js';
import type { OrgRow, UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../settings/dictionaries.js';
import { getPlan } from '../sla/slaSettings.js';
import { hasControlCharacters, isMailAddress } from '../../domain/mailAddress.js';

const HANDLE = /^[a-z0-9][a-z0-9._-]{0,39}$/i;

export interface AddUserInput {
  handle: string;
  role: string;
  email?: string | undefined;
  name?: string | undefined;
  org?: string | undefined;
  tier?: number | undefined;
}

export function validateEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (!isMailAddress(value)) throw new BadInput(`bad e-mail address '${email}'`);
  return value;
}

/** A person's name goes into mail headers: one line of printable text, at most 100 characters. */
export function validateName(name: string): string {
  if (hasControlCharacters(name)) throw new BadInput('a name is one line of printable text: no line breaks or control characters');
  const value = name.trim();
  if (value.length > 100) throw new BadInput('a name is at most 100 characters');
  return value;
}

function checkUserInput(
  ctx: AppContext,
  input: AddUserInput,
): { role: Role; orgId: number | null; tier: number | null; email: string | null } {
  if (!HANDLE.test(input.handle)) throw new BadInput(`bad handle '${input.handle}': letters, digits and . _ - (up to 40)`);
  if (input.handle.toLowerCase() === SERVICE_HANDLE)
    throw new BadInput(`the handle '${SERVICE_HANDLE}' is the service account's (ticketty automate --as ${SERVICE_HANDLE})`);
  if (!isRole(input.role)) throw new BadInput(`bad role '${input.role}': requester, superuser, agent, engineer or admin`);
  const role = input.role;
  if (input.name !== undefined) validateName(input.name);
  const email = input.email ? validateEmail(input.email) : null;
  if (email && ctx.people.userByEmail(email)) throw new BadInput(`the e-mail ${email} belongs to another user`);
  let orgId: number | null = null;
  if (input.org) {
    const org = ctx.people.orgByName(input.org);
    if (!org) throw new NotFound(`unknown organization '${input.org}': add it with 'ticketty org add ${JSON.stringify(input.org)}'`);
    orgId = org.id;
  }
  const defaultTier = tierOfRole(role);
  if (input.tier !== undefined && input.tier !== defaultTier) {
    throw new BadInput(`a ${role} ${defaultTier ? `handles level ${defaultTier}` : 'has no tier'}; --tier ${input.tier} does not fit`);
  }
  return { role, orgId, tier: defaultTier, email };
}

export function addUser(ctx: AppContext, actor: Actor | null, input: AddUserInput): UserRow {
  // `actor` is null only while bootstrapping an empty database (init --admin).
  if (actor) requireAdmin(actor, 'add users');
  const checked = checkUserInput(ctx, input);
  return ctx.store.write(() => {
    if (ctx.people.userByHandle(input.handle)) throw new BadInput(`the handle '${input.handle}' is taken`);
    return ctx.people.insertUser({
      handle: input.handle,
      name: input.name?.trim() || input.handle,
      email: checked.email,
      role: checked.role,
      tier: checked.tier,
      orgId: checked.orgId,
      createdAt: ctx.nowMs(),
    });
  });
}

export interface SetUserInput {
  away?: boolean | undefined;
  role?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  org?: string | null | undefined;
  notifyAll?: boolean | undefined;
}

/** Staff mark themselves away and back; everything else is an admin's. */
export function setUser(ctx: AppContext, actor: Actor, handle: string, input: SetUserInput): UserRow {
  const user = ctx.people.userByHandle(handle);
  if (!user) throw new NotFound(`unknown user '${handle}'`);
  const onlyAway =
    input.role === undefined &&
    input.email === undefined &&
    input.name === undefined &&
    input.org === undefined &&
    input.notifyAll === undefined;
  if (!(onlyAway && actor.id === user.id)) requireAdmin(actor, "change another user's settings");
  const fields: Partial<UserRow> = {};
  if (input.away !== undefined) fields.away = input.away;
  if (input.name !== undefined) fields.name = validateName(input.name) || user.handle;
  if (input.notifyAll !== undefined) fields.notifyAll = input.notifyAll;
  if (input.email !== undefined) {
    const email = validateEmail(input.email);
    const other = ctx.people.userByEmail(email);
    if (other && other.id !== user.id) throw new BadInput(`the e-mail ${email} belongs to another user`);
    fields.email = email;
  }
  if (input.role !== undefined) {
    if (!isRole(input.role)) throw new BadInput(`bad role '${input.role}': requester, superuser, agent, engineer or admin`);
    fields.role = input.role;
    fields.tier = tierOfRole(input.role);
  }
  if (input.org !== undefined) {
    if (input.org === null || input.org === 'none') fields.orgId = null;
    else {
      const org = ctx.people.orgByName(input.org);
      if (!org) throw new NotFound(`unknown organization '${input.org}'`);
      fields.orgId = org.id;
    }
  }
  return ctx.store.write(() => {
    if (user.role === 'admin' && fields.role !== undefined && fields.role !== 'admin' && ctx.people.countAdmins() <= 1) {
      throw new BadInput(`${user.handle} is the last admin: make someone else an admin first`);
    }
    ctx.people.updateUser(user.id, fields);
    return ctx.people.userById(user.id)!;
  });
}

export interface AddOrgInput {
  name: string;
  domains?: string[] | undefined;
  plan?: string | undefined;
}

export function addOrg(ctx: AppContext, actor: Actor | null, input: AddOrgInput): OrgRow {
  if (actor) requireAdmin(actor, 'add organizations');
  const name = input.name.trim();
  if (!name || name.length > 100 || /\p{Cc}/u.test(name)) throw new BadInput('an organization name is 1 to 100 printable characters');
  const domains = (input.domains ?? [])
    .flatMap((d) => d.split(','))
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  for (const d of domains) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(d)) throw new BadInput(`bad mail domain '${d}'`);
  }
  return ctx.store.write(() => {
    if (ctx.people.orgByName(name)) throw new BadInput(`the organization '${name}' exists already`);
    for (const d of domains) {
      if (ctx.people.domainOwner(d) !== undefined) throw new BadInput(`the mail domain ${d} belongs to another organization`);
    }
    const plan = input.plan ?? 'standard';
    getPlan(ctx, plan); // an unknown plan is refused (NotFound), not stored
    const org = ctx.people.insertOrg({ name, slaPlan: plan, createdAt: ctx.nowMs() });
    for (const d of domains) ctx.people.addOrgDomain(org.id, d);
    return org;
  });
}

/**
 * The requester behind a handle or an e-mail; an unknown e-mail creates a requester, whose
 * organization comes from `org` or from the organization that registered the mail domain.
 */
export function findOrCreateRequester(ctx: AppContext, who: string, org?: string): UserRow {
  const existing = ctx.people.userByHandle(who) ?? (who.includes('@') ? ctx.people.userByEmail(who) : undefined);
  if (existing) return existing;
  if (!who.includes('@')) throw new NotFound(`unknown requester '${who}': give an e-mail address to create one`);
  const email = validateEmail(who);
  const domain = email.split('@')[1]!;
  let orgId: number | null = ctx.people.orgByDomain(domain)?.id ?? null;
  if (org) {
    const row = ctx.people.orgByName(org);
    if (!row) throw new NotFound(`unknown organization '${org}'`);
    orgId = row.id;
  }
  return ctx.people.insertUser({
    handle: uniqueHandle(ctx, email.split('@')[0]!),
    name: email.split('@')[0]!,
    email,
    role: 'requester',
    tier: null,
    orgId,
    createdAt: ctx.nowMs(),
  });
}

/** A handle from an address's local part: accents folded (Émile → Emile), other letters dropped, starting with a letter or digit. */
function uniqueHandle(ctx: AppContext, base: string): string {
  const folded = base.normalize('NFKD').replace(/\p{M}/gu, '');
  const clean =
    folded
      .replace(/[^a-z0-9._-]/gi, '')
      .replace(/^[._-]+/, '')
      .slice(0, 30) || 'user';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? clean : `${clean}${n}`;
    if (candidate.toLowerCase() !== SERVICE_HANDLE && !ctx.people.userByHandle(candidate)) return candidate;
  }
}
