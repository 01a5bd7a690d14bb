// The count worker (queueCounter.ts): a connection of its own (read-only on a SQLite file, a
// background session on PostgreSQL), answering one job at a time (a count, with its progress, or
// the reports screen's reports), so that seconds of work never hold the TUI's render thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openApp, type App } from '../createApp.js';
import type { CancelRequest, CountAnswer, CountRequest, CountWorkerInput } from './queueCounter.js';
import { runJob } from './queueCounter.js';

const input = workerData as CountWorkerInput;
const port = parentPort!;
let nowMs = Date.now();
const post = (answer: CountAnswer) => port.postMessage(answer);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
// Read-only and unmigrated: the TUI's own connection opened (and migrated) the database.
const opened = openApp(input.db, { now: () => new Date(nowMs) }, { readOnly: true, migrate: false, mustExist: true, cacheKiB: 2_000 });

const queue: CountRequest[] = [];
const cancelled = new Set<number>();
const take = (received: CountRequest | CancelRequest) => {
  if ('cancel' in received) cancelled.add(received.cancel);
  else queue.push(received);
};
let scheduled = false;
const schedule = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    void opened.then(runNext, (error: unknown) => {
      for (const request of queue.splice(0)) post({ id: request.id, ok: false, message: message(error) });
    });
  });
};

function runNext(app: App): void {
  // Cancellations posted while the last job ran arrive before the next one starts.
  for (let received; (received = receiveMessageOnPort(port)); ) take(received.message as CountRequest | CancelRequest);
  const request = queue.shift();
  if (!request) return;
  if (cancelled.delete(request.id)) return schedule();
  nowMs = request.nowMs;
  try {
    const value = runJob(app, request.actor, request.job, (progress) => post({ id: request.id, progress }), input.progressEvery);
    post({ id: request.id, ok: true, value });
  } catch (error) {
    post({ id: request.id, ok: false, message: message(error) });
  }
  schedule();
}

port.on('message', (received: CountRequest | CancelRequest) => {
  take(received);
  schedule();
});
