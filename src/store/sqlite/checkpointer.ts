// WAL checkpoints off the main thread: a worker with its own connection copies the WAL back into
// the database (PASSIVE: it never takes the write lock nor waits for anyone) while the caller goes
// on writing. A checkpoint is mostly fsync; on the main thread it was a fifth of a 100,000-ticket
// batch close (6.3 of 29 s), in a worker it overlaps the next chunk's work.
//
// The worker is evaluated from a string rather than a file so the esbuild bundle needs no second
// entry; it loads the same better-sqlite3 the caller resolved.
import { createRequire } from 'node:module';
// Only the type: node:worker_threads loads when a batch starts one, not with every command.
import type { Worker as WorkerThread } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let error = null;
  let frames = 0;
  try {
    frames = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  } catch (e) {
    error = String(e && e.message);
  }
  parentPort.postMessage({ error, frames });
});
`;

export interface Checkpointer {
  /** Starts a checkpoint unless one is running (that one will copy what this one would have). */
  request(): void;
  /** Resolves when no checkpoint is running. */
  settled(): Promise<void>;
  /** How many frames the WAL held at the last checkpoint (0 before the first, or inline). */
  walFrames(): number;
  /** Waits for the running checkpoint, runs a last one, and stops the worker. */
  close(): Promise<void>;
}

/** A checkpointer for the database file at `path`; `inline` runs checkpoints on this thread instead. */
export function startCheckpointer(path: string, inline: () => void): Checkpointer {
  if (path === ':memory:' || path === '')
    return { request: inline, settled: async () => undefined, walFrames: () => 0, close: async () => inline() };
  const require = createRequire(import.meta.url);
  const driver = require.resolve('better-sqlite3');
  const { Worker } = require('node:worker_threads') as { Worker: typeof WorkerThread };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path } });
  // A batch must not fail for its checkpointer: a checkpoint is an optimisation (inline after an error).
  let running: Promise<void> | undefined;
  let failed = false;
  let frames = 0;
  worker.on('error', () => (failed = true));
  const once = () =>
    new Promise<void>((resolve) => {
      const done = (message?: { frames?: number }) => {
        worker.off('message', done).off('error', done).off('exit', done);
        if (typeof message?.frames === 'number') frames = message.frames;
        resolve();
      };
      worker.on('message', done);
      worker.on('error', done);
      worker.on('exit', done);
      worker.postMessage('checkpoint');
    });
  return {
    request: () => {
      if (failed) return inline();
      if (running) return;
      running = once().finally(() => (running = undefined));
    },
    settled: async () => void (await running),
    walFrames: () => frames,
    close: async () => {
      await running;
      if (failed) return inline();
      await once();
      if (!failed) await new Promise((resolve) => (worker.once('exit', resolve), worker.postMessage('close')));
    },
  };
}
