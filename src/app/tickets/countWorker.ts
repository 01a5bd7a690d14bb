// The count worker (queueCounter.ts): a connection of its own (read-only on a SQLite file, a
// background session on PostgreSQL), answering one job at a time (a count, with its progress, or
// the reports screen's reports), so that seconds of work never hold the TUI's render thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openApp } from '../createApp.js';
import type { CountAnswer, CountRequest, CountWorkerInput } from './queueCounter.js';
import { runJob } from './queueCounter.js';

const input = workerData as CountWorkerInput;
let nowMs = Date.now();
const post = (answer: CountAnswer) => parentPort!.postMessage(answer);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
// Read-only and unmigrated: the TUI's own connection opened (and migrated) the database.
const opened = openApp(input.db, { now: () => new Date(nowMs) }, { readOnly: true, migrate: false, mustExist: true, cacheKiB: 16_000 });

parentPort!.on('message', (request: CountRequest) => {
  void opened.then(
    (app) => {
      nowMs = request.nowMs;
      try {
        const value = runJob(app, request.actor, request.job, (progress) => post({ id: request.id, progress }), input.slices);
        post({ id: request.id, ok: true, value });
      } catch (error) {
        post({ id: request.id, ok: false, message: message(error) });
      }
    },
    (error: unknown) => post({ id: request.id, ok: false, message: message(error) }),
  );
});
