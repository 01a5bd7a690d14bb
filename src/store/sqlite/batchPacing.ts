// How a batch run stays out of other agents' way on SQLite (the port's BatchPacing): checkpoints
// are taken between chunks by a worker (never inside a chunk's commit, so a chunk holds the lock
// only for its writes), and a WAL grown past RESTART_FRAMES restarts before the next chunk.
import type { BatchPacing } from '../port/index.js';
import { startCheckpointer } from './checkpointer.js';
import type { Store } from './db.js';
import { restartWal, walPacedByBatch } from './walRestart.js';

/**
 * Past this many WAL frames (24 MB) a chunk first restarts the WAL. SQLite restarts it at a write
 * that finds it all copied back; when another agent commits while the chunk's checkpoint runs,
 * that never happens and the WAL only grows (seen: 2.5 GB for 100,000 tickets, every write
 * extending the file). Kept below wal_autocheckpoint (db.ts), so that other agents' commits never
 * copy a batch's pages themselves.
 */
const RESTART_FRAMES = 6_000;

export function sqliteBatchPacing(store: Store): BatchPacing {
  const sqlite = store.sqlite;
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('wal_autocheckpoint = 0');
  walPacedByBatch(sqlite, true);
  const checkpointer = startCheckpointer(store.path, () => void sqlite.pragma('wal_checkpoint(PASSIVE)'));
  return {
    // The last chunk's checkpoint ends before the next write, so the WAL restarts small: a large
    // one makes other writers' commits checkpoint it themselves (seen as 450-560 ms waits).
    settle: () => checkpointer.settled(),
    beforeWrite: async () => {
      if (checkpointer.walFrames() <= RESTART_FRAMES) return;
      // The worker first copies what others committed meanwhile (syncing, without holding the
      // write lock), so the RESTART, which holds other writers off, has nearly nothing to do.
      checkpointer.request();
      await checkpointer.settled();
      restartWal(store.sqlite);
    },
    // Other agents' single-ticket actions get in now; the checkpoint runs in a worker meanwhile
    // (it never takes the write lock).
    afterWrite: () => checkpointer.request(),
    close: async () => {
      sqlite.pragma(`wal_autocheckpoint = ${before}`);
      walPacedByBatch(sqlite, false);
      await checkpointer.close();
    },
  };
}
