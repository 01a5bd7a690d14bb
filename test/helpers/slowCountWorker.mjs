// The real count worker (dist/count-worker.cjs, app/tickets/queueCounter.ts) made slow for tests,
// as a million tickets make it: its thread is held, as a long SQLite statement holds it, after
// each progress message and before each answer. The holds come from `<db>.slow.json`
// ({ countMs, reportsMs, urgentMs, progressMs }); each answer it gives is logged to `<db>.jobs.log`
// ("answered count 3"), so a test sees that a cancelled job never answered. Nothing in the
// product slows down: only a test starts this script (WorkerOptions.script, or slowWorkerPreload.cjs).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const db = workerData.db;
const slow = existsSync(`${db}.slow.json`) ? JSON.parse(readFileSync(`${db}.slow.json`, 'utf8')) : {};
const cell = new Int32Array(new SharedArrayBuffer(4));
/** Holds the thread `ms` milliseconds, in short waits: terminate() ends it between two. */
const hold = (ms) => {
  for (const end = Date.now() + (ms ?? 0); Date.now() < end; ) Atomics.wait(cell, 0, 0, Math.min(20, end - Date.now()));
};
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (answer) => {
  if ('progress' in answer) {
    post(answer);
    return hold(slow.progressMs);
  }
  const kind = !answer.ok ? 'failed' : typeof answer.value === 'number' ? 'count' : Array.isArray(answer.value) ? 'urgent' : 'reports';
  hold(slow[`${kind}Ms`]);
  appendFileSync(`${db}.jobs.log`, `answered ${kind} ${answer.id}\n`);
  post(answer);
};
createRequire(import.meta.url)(new URL('../../dist/count-worker.cjs', import.meta.url).pathname);
