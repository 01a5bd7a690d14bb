// Views of users and organizations for listings (JSON and tables).
import type { UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { directoryScope, isStaff, type Actor } from '../../domain/permissions.js';
import { Forbidden } from '../../domain/errors.js';

/** The users an actor may read (SPEC 1): everyone for vendor staff, their organization's people for a bound superuser, themself for a requester. */
export function directoryFor(ctx: AppContext, actor: Actor): UserView[] {
  const scope = directoryScope(actor);
  const rows =
    scope.kind === 'all'
      ? ctx.people.listUsers()
      : ctx.people.listUsersWhere(scope.kind === 'org' ? { orgId: scope.orgId } : { id: actor.id });
  return listUsersView(ctx, rows);
}

/**
 * Who a ticket may be opened for (the TUI's requester search): at most `limit` people whose handle
 * or e-mail starts with `text` or whose name contains it, from the actor's directory. Staff only,
 * as creating on someone's behalf is (createTicket).
 */
export function searchRequesters(ctx: AppContext, actor: Actor, text: string, limit = 8): UserView[] {
  if (!isStaff(actor)) throw new Forbidden('only staff may create a ticket on behalf of someone else');
  const query = text.trim();
  if (!query) return [];
  const scope = directoryScope(actor);
  return listUsersView(ctx, ctx.people.searchUsers(query, limit, scope.kind === 'org' ? scope.orgId : undefined));
}

/** The organizations an actor may read: all for vendor staff, their own for a bound superuser or a requester. */
export function organizationsFor(ctx: AppContext, actor: Actor): OrgView[] {
  const scope = directoryScope(actor);
  if (scope.kind === 'all') return listOrgsView(ctx);
  return actor.orgId === null ? [] : listOrgsView(ctx).filter((o) => o.id === actor.orgId);
}

export interface UserView {
  handle: string;
  name: string;
  email: string | null;
  role: string;
  tier: number | null;
  organization: string | null;
  away: boolean;
}

export function listUsersView(ctx: AppContext, rows: UserRow[] = ctx.people.listUsers()): UserView[] {
  const orgs = new Map(
    ctx.people.orgsByIds([...new Set(rows.map((u) => u.orgId).filter((x): x is number => x !== null))]).map((o) => [o.id, o.name]),
  );
  return rows.map((u) => ({
    handle: u.handle,
    name: u.name,
    email: u.email,
    role: u.role,
    tier: u.tier,
    organization: u.orgId !== null ? (orgs.get(u.orgId) ?? null) : null,
    away: u.away,
  }));
}

export interface OrgView {
  id: number;
  name: string;
  domains: string[];
  plan: string;
}

export function listOrgsView(ctx: AppContext): OrgView[] {
  const orgs = ctx.people.listOrgs();
  const domains = ctx.people.domainsOfOrgs(orgs.map((o) => o.id));
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    plan: o.slaPlan,
    domains: domains.filter((d) => d.orgId === o.id).map((d) => d.domain),
  }));
}
