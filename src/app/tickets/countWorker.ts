// The count worker (queueCounter.ts): its own read-only connection to the SQLite file, answering
// one count at a time, so that a count of seconds never holds the TUI's render thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteApp } from '../createApp.js';
import type { CountAnswer, CountRequest, CountWorkerInput } from './queueCounter.js';
import { countQueue } from './queuePage.js';

const input = workerData as CountWorkerInput;
let nowMs = Date.now();
// Read-only and unmigrated: the TUI's own connection opened (and migrated) the file.
const app = openSqliteApp(
  input.path,
  { now: () => new Date(nowMs) },
  { readOnly: true, migrate: false, mustExist: true, cacheKiB: 16_000 },
);

parentPort!.on('message', (request: CountRequest) => {
  nowMs = request.nowMs;
  let answer: CountAnswer;
  try {
    answer = { id: request.id, ok: true, count: countQueue(app, request.actor, request.where) };
  } catch (error) {
    answer = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
