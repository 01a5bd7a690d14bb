// One `automate` and one `notify` at a time across hosts (PostgreSQL: a session advisory lock held
// until the command ends). A second run stops in one line, exit 75 like a busy database: it is a
// failure that passes (cron's next run finds the lock free).
import { Busy } from '../domain/errors.js';
import type { AppContext } from './context.js';

export function holdSingleRun(ctx: AppContext, name: 'automate' | 'notify'): void {
  if (!ctx.store.holdLock(name)) {
    throw new Busy(`another 'ticketty ${name}' is running on ${ctx.store.path}; this one stops (that one does the work)`);
  }
}
