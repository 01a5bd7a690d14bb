// Online backups with SQLite's backup API, and checks of a backup file. SQLite-specific, so here.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from './db.js';
import type { BackupCheck } from '../port/index.js';
import { BadInput } from '../../domain/errors.js';

/**
 * Copies the live database to `dest` while other connections keep writing. WAL lets the copy read
 * one consistent snapshot without blocking writers, so the whole copy is done in one backup step:
 * a step-by-step copy restarts whenever another process commits and may never finish under load.
 * The copy goes to a temporary name first and is renamed only once it is complete and checked,
 * so a crash or a failed check never leaves a half-written file under `dest`.
 */
export async function backupStore(store: Store, dest: string, options: { force?: boolean } = {}): Promise<BackupCheck> {
  const target = resolve(dest);
  if (store.path !== ':memory:' && target === resolve(store.path)) throw new BadInput('the backup file must not be the database itself');
  if (existsSync(target) && !options.force)
    throw new BadInput(`${dest} exists already: choose another name, or pass --force to replace it`);
  if (!existsSync(dirname(target))) throw new BadInput(`cannot write ${dest}: the folder ${dirname(target)} does not exist`);
  const temp = `${target}.partial-${process.pid}`;
  rmSync(temp, { force: true });
  try {
    await store.sqlite.backup(temp, { progress: ({ totalPages }) => Math.max(totalPages, 1) * 2 });
    // The copy's header still says WAL; make it a self-contained single file.
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkBackup(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    rmSync(`${temp}-wal`, { force: true });
    rmSync(`${temp}-shm`, { force: true });
    throw error;
  }
  return checkBackup(target);
}

/** Opens a backup read-only and checks it: SQLite's integrity check and the ticketty tables. */
export function checkBackup(path: string): BackupCheck {
  if (!existsSync(path)) throw new BadInput(`${path} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    throw new BadInput(`${path} is not a SQLite database`);
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch {
      throw new BadInput(`${path} is not a SQLite database`);
    }
    if (integrity.join() !== 'ok') throw new BadInput(`${path} fails the integrity check: ${integrity.slice(0, 3).join('; ')}`);
    const count = (table: string): number => {
      try {
        return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } catch {
        throw new BadInput(`${path} is not a ticketty database (no ${table} table)`);
      }
    };
    return {
      path,
      bytes: statSync(path).size,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      tickets: count('tickets'),
      events: count('events'),
      users: count('users'),
    };
  } finally {
    db.close();
  }
}
