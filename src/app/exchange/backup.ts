// `ticketty backup FILE`: an online copy of the whole database (admins only: it holds everything),
// checked before it gets its name. `--check` verifies an existing backup without writing.
import type { Actor } from '../../domain/permissions.js';
import { type BackupCheck } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { checkBackupFile } from '../createApp.js';
import { requireAdmin } from '../settings/dictionaries.js';

export type { BackupCheck };

export async function backupDatabase(ctx: AppContext, actor: Actor, dest: string, options: { force?: boolean } = {}): Promise<BackupCheck> {
  requireAdmin(actor, 'back up the database');
  return ctx.store.backup(dest, options);
}

/** Checks a backup file; needs no database of its own. */
export function verifyBackup(path: string): BackupCheck {
  return checkBackupFile(path);
}
