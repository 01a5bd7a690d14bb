// `ticketty init`: create or migrate the database (migrations run on open) and bootstrap an admin.
import { BadInput } from '../../domain/errors.js';
import { FREE_CLOCK_KEY, type AppContext } from '../context.js';
import { addUser } from '../people/people.js';
import { installSlaDefaults } from '../sla/slaSettings.js';

export interface InitResult {
  path: string;
  createdAdmin: string | null;
  users: number;
  /** Whether writes may carry a clock ahead of the real time. */
  freeClock: boolean;
  /** Schema migrations this run applied, where the store counts them (PostgreSQL): 0 means up to date. */
  migrationsApplied?: number;
}

export interface InitOptions {
  /** Allow writes with a clock later than the real time (tests, rehearsals, demos): recorded as a setting. */
  freeClock?: boolean | undefined;
}

export function initDatabase(ctx: AppContext, adminHandle: string | undefined, options: InitOptions = {}): InitResult {
  let createdAdmin: string | null = null;
  ctx.store.write(() => {
    if (options.freeClock) ctx.config.set(FREE_CLOCK_KEY, true);
    if (adminHandle) {
      const existing = ctx.people.userByHandle(adminHandle);
      if (existing && existing.role !== 'admin') throw new BadInput(`'${adminHandle}' exists and is a ${existing.role}, not an admin`);
      if (!existing) {
        // Bootstrapping only: on a database with users, admins are added by an admin (user add).
        const users = ctx.people.countUsers();
        if (users > 0)
          throw new BadInput(
            `the database has ${users} users already: an admin adds '${adminHandle}' with 'ticketty user add ${adminHandle} --role admin'`,
          );
        addUser(ctx, null, { handle: adminHandle, role: 'admin', name: adminHandle });
        createdAdmin = adminHandle;
      }
    }
    installSlaDefaults(ctx);
  });
  const applied = ctx.store.migrationsApplied;
  return {
    path: ctx.store.path,
    createdAdmin,
    users: ctx.people.countUsers(),
    freeClock: ctx.config.get(FREE_CLOCK_KEY) === true,
    ...(applied === undefined ? {} : { migrationsApplied: applied }),
  };
}
