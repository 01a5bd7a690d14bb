// `ticketty init`: create or migrate the database (migrations run on open) and bootstrap an admin.
import { BadInput } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { addUser } from '../people/people.js';
import { installSlaDefaults } from '../sla/slaSettings.js';

export interface InitResult {
  path: string;
  createdAdmin: string | null;
  users: number;
}

export function initDatabase(ctx: AppContext, adminHandle: string | undefined): InitResult {
  let createdAdmin: string | null = null;
  if (adminHandle) {
    const existing = ctx.people.userByHandle(adminHandle);
    if (existing && existing.role !== 'admin') throw new BadInput(`'${adminHandle}' exists and is a ${existing.role}, not an admin`);
    if (!existing) {
      addUser(ctx, null, { handle: adminHandle, role: 'admin', name: adminHandle });
      createdAdmin = adminHandle;
    }
  }
  installSlaDefaults(ctx);
  return { path: ctx.store.path, createdAdmin, users: ctx.people.countUsers() };
}
