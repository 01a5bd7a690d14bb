// Keeping the WAL from growing without bound while other connections read.
//
// SQLite reuses the WAL from its start only at a write that finds it all copied back and no reader
// in it. wal_autocheckpoint copies it back (PASSIVE) but never waits for readers, so with several
// agents reading all the time the WAL can go on growing for many seconds: 175 MB was seen with 8
// processes on 2 busy cores (test/reliability/concurrency.test.ts).
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** journal_size_limit (db.ts): what a restarted WAL keeps on disk. */
export const WAL_KEPT_BYTES = 64 * 1024 * 1024;

/**
 * Copies what is left and restarts the WAL, so the next write goes to its first pages. RESTART
 * holds other writers off while it waits for readers: it waits a few ms at most, then gives up
 * for now. True when it restarted.
 */
export function restartWal(sqlite: Database.Database): boolean {
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 5');
  try {
    const [result] = sqlite.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>;
    return result?.busy === 0;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    return false;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/** After a failed restart, the WAL grows this much before the next try: a reader that holds it
 * back for long (a count of a million tickets) costs writers one try per 1 MB, not per commit. */
const RETRY_AFTER_BYTES = 1024 * 1024;
const failedAt = new WeakMap<Database.Database, number>();
/** Connections running a batch (batchPacing.ts), whose own pacing restarts the WAL between chunks. */
const pacedByBatch = new WeakSet<Database.Database>();

/** Marks `sqlite` as running a batch (true) or not: its commits leave the WAL to the batch's pacing. */
export function walPacedByBatch(sqlite: Database.Database, paced: boolean): void {
  if (paced) pacedByBatch.add(sqlite);
  else pacedByBatch.delete(sqlite);
}

/**
 * After a commit: a WAL file past WAL_KEPT_BYTES has not restarted since it grew past it (each
 * restart's first commit cuts the file back to that size), so this commit restarts it. One stat
 * per commit otherwise.
 */
export function restartWalPastLimit(sqlite: Database.Database, walPath: string): void {
  // A batch restarts it after its worker has copied the pages back (batchPacing.ts); a RESTART
  // here would copy a chunk's pages itself while holding other writers off.
  if (pacedByBatch.has(sqlite)) return;
  const size = statSync(walPath, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= WAL_KEPT_BYTES) return;
  const failed = failedAt.get(sqlite);
  if (failed !== undefined && size < failed + RETRY_AFTER_BYTES) return;
  if (restartWal(sqlite)) failedAt.delete(sqlite);
  else failedAt.set(sqlite, size);
}
