// Identity: from a handle to the Actor the domain rules reason about.
import type { Actor } from '../../domain/permissions.js';
import { NotFound } from '../../domain/errors.js';
import { isLevel, tierOfRole, type Level, type Role } from '../../domain/types.js';
import type { UserRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';

export function actorFromUser(user: UserRow): Actor {
  const role = user.role as Role;
  const tier: Level | null = user.tier !== null && isLevel(user.tier) ? user.tier : tierOfRole(role);
  return { id: user.id, handle: user.handle, role, tier: role === 'admin' || role === 'requester' ? null : tier, orgId: user.orgId };
}

export function resolveActor(ctx: AppContext, handle: string): Actor {
  const user = ctx.people.userByHandle(handle);
  if (!user) {
    throw new NotFound(`unknown user '${handle}': add it with 'ticketty user add ${handle} --role ROLE' (or pass --as HANDLE)`);
  }
  return actorFromUser(user);
}
