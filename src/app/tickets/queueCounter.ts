// Counts, reports and the urgent page off the render thread (issue 20): on a million tickets a
// count (a text search on Closed) or the reports take seconds, the agent's urgent page (read after
// others' changes) a tenth of one, and the TUI must answer keys meanwhile. The port
// is a promise; it runs in a worker thread with its own connection (countWorker.ts): read-only on
// a SQLite file, a session of its own on PostgreSQL (cancelled on the server when made moot). An
// in-memory database has no second connection: there, on a later turn of the event loop. Front
// ends never see which.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Actor } from '../../domain/permissions.js';
import type { BackgroundSession } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { screenReports, type ScreenReports } from '../sla/screenReports.js';
import type { UrgentState } from '../../domain/urgentArrivals.js';
import { countQueueTelling } from './countProgress.js';
import { urgentInMyQueues } from './urgentQueues.js';

export interface QueueCounter {
  /**
   * How many tickets the filter `where` selects for `actor`; `onProgress` hears how many were
   * counted so far while a long count runs. Aborting `signal` drops the count: its promise rejects
   * with an AbortError and its answer, should one still come, is dropped.
   */
  count(actor: Actor, where: string | undefined, signal: AbortSignal, onProgress?: (countedSoFar: number) => void): Promise<number>;
  /** The reports screen's reports over `since` (undefined: all time); cancelled like a count. */
  reports(actor: Actor, since: string | undefined, signal: AbortSignal): Promise<ScreenReports>;
  /** The urgent tickets in the actor's own queues (urgentQueues.ts); cancelled like a count. */
  urgent(actor: Actor, signal: AbortSignal): Promise<UrgentState[]>;
  close(): void;
}

export type BackgroundJob =
  | { kind: 'count'; where: string | undefined }
  | { kind: 'reports'; since: string | undefined }
  | { kind: 'urgent' };

/** What the main thread posts to the worker, and what it answers (progress, then one answer). */
export interface CountRequest {
  id: number;
  actor: Actor;
  job: BackgroundJob;
  /** The clock of the asking app: relative dates in the filter mean the same in both threads. */
  nowMs: number;
}
/** Drops a job the worker has not started (one it is running is cancelled by ending the worker). */
export interface CancelRequest {
  cancel: number;
}
export type CountAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string }
  | { id: number; progress: number };
export interface CountWorkerInput {
  /** A SQLite file, or a PostgreSQL URL (a background session's). */
  db: string;
  /** Tickets between two progress messages (tests tell often). */
  progressEvery?: number | undefined;
}
export interface WorkerOptions {
  /** The worker script to run instead of the one found from this module (tests of the bundle). */
  script?: string;
  /** Tickets between two progress messages (tests tell often). */
  progressEvery?: number;
}

const aborted = () => new DOMException('the count was cancelled', 'AbortError');

/** The counter for this app: a worker thread with its own connection, the app's own thread for an in-memory database. */
export function openQueueCounter(ctx: AppContext): QueueCounter {
  const path = ctx.store.path;
  if (ctx.store.backgroundSession) return workerCounter(ctx, () => ctx.store.backgroundSession!());
  if (path === ':memory:' || path === '') return inProcessCounter(ctx);
  return workerCounter(ctx, path);
}

/** Runs one job on `ctx` (this thread or the worker's). */
export function runJob(
  ctx: AppContext,
  actor: Actor,
  job: BackgroundJob,
  onProgress?: (countedSoFar: number) => void,
  progressEvery?: number,
): unknown {
  if (job.kind === 'count') return countQueueTelling(ctx, actor, job.where, onProgress ?? (() => undefined), progressEvery);
  return job.kind === 'reports' ? screenReports(ctx, actor, job.since) : urgentInMyQueues(ctx, actor);
}

/** Runs each job on this thread, on a later macrotask (so the page it goes with is drawn first). */
export function inProcessCounter(ctx: AppContext): QueueCounter {
  const later = <T>(signal: AbortSignal, fn: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        if (signal.aborted) return reject(aborted());
        try {
          resolve(fn());
        } catch (error) {
          reject(error);
        }
      }),
    );
  return {
    count: (actor, where, signal) => later(signal, () => runJob(ctx, actor, { kind: 'count', where }) as number),
    reports: (actor, since, signal) => later(signal, () => screenReports(ctx, actor, since)),
    urgent: (actor, signal) => later(signal, () => urgentInMyQueues(ctx, actor)),
    close: () => undefined,
  };
}

interface Job {
  request: CountRequest;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: ((countedSoFar: number) => void) | undefined;
}

/**
 * One worker answering jobs in order. A cancelled job ends its worker (the next job starts a new
 * one, on a new session): better-sqlite3 cannot interrupt a running statement, so the old thread
 * finishes that statement and exits, and nobody waits for it; on PostgreSQL the session's
 * statement is cancelled on the server first.
 */
export function workerCounter(ctx: AppContext, db: string | (() => BackgroundSession), options: WorkerOptions = {}): QueueCounter {
  const session = typeof db === 'string' ? () => ({ db, cancel: () => 0 }) : db;
  let worker: { thread: Worker; session: BackgroundSession } | null = null;
  let nextId = 1;
  const jobs = new Map<number, Job>();
  const fail = (error: unknown) => {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
    worker = null;
  };
  const start = () => {
    const opened = session();
    const thread = startCountWorker({ db: opened.db, progressEvery: options.progressEvery } satisfies CountWorkerInput, options.script);
    const started = { thread, session: opened };
    thread.unref(); // a count never keeps the process alive
    thread.on('message', (answer: CountAnswer) => {
      const job = jobs.get(answer.id);
      if (!job || worker !== started) return;
      if ('progress' in answer) return job.onProgress?.(answer.progress);
      jobs.delete(answer.id);
      if (answer.ok) job.resolve(answer.value);
      else job.reject(new Error(answer.message));
    });
    thread.on('error', (error) => worker === started && fail(error));
    thread.on('exit', (code) => worker === started && fail(new Error(`the count worker stopped (exit code ${code})`)));
    return started;
  };
  const letGo = () => {
    const old = worker;
    worker = null;
    if (!old) return;
    try {
      old.session.cancel();
    } catch {
      // The statement ends with its connection anyway; cancelling only makes that sooner.
    }
    void old.thread.terminate();
  };
  const run = <T>(actor: Actor, job: BackgroundJob, signal: AbortSignal, onProgress?: (countedSoFar: number) => void) =>
    new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(aborted());
      const request: CountRequest = { id: nextId++, actor, job, nowMs: ctx.nowMs() };
      jobs.set(request.id, { request, resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker ??= start();
      worker.thread.postMessage(request);
      signal.addEventListener(
        'abort',
        () => {
          // The worker answers in order: the first job still unanswered is the one it runs.
          const running = jobs.keys().next().value === request.id;
          if (!jobs.delete(request.id)) return;
          reject(aborted());
          if (!running) return void worker?.thread.postMessage({ cancel: request.id } satisfies CancelRequest);
          // The worker is in the middle of this job: let it go, and give the jobs still waiting
          // to a new one (a count running before a moot report is never restarted for it).
          letGo();
          if (jobs.size) {
            worker = start();
            for (const waiting of jobs.values()) worker.thread.postMessage(waiting.request);
          }
        },
        { once: true },
      );
    });
  return {
    count: (actor, where, signal, onProgress) => run<number>(actor, { kind: 'count', where }, signal, onProgress),
    reports: (actor, since, signal) => run<ScreenReports>(actor, { kind: 'reports', since }, signal),
    urgent: (actor, signal) => run<UrgentState[]>(actor, { kind: 'urgent' }, signal),
    close: () => {
      jobs.clear();
      letGo();
    },
  };
}

/**
 * dist/count-worker.cjs beside the bundle (bin/build.mjs), or countWorker.ts from the source tree
 * (tests), loaded through tsx's loader (Node 20 applies no --import to a worker).
 */
function startCountWorker(workerData: CountWorkerInput, script: string | undefined): Worker {
  const here = fileURLToPath(import.meta.url);
  const options = { workerData, stdout: false, stderr: false };
  if (script) return new Worker(script, options);
  if (!here.endsWith('.ts')) {
    const bundled = join(dirname(here), 'count-worker.cjs');
    if (!existsSync(bundled)) throw new Error(`cannot find the count worker (${bundled}): run node bin/build.mjs`);
    return new Worker(bundled, options);
  }
  const requireHere = createRequire(import.meta.url);
  const tsxPackage = requireHere.resolve('tsx/package.json');
  const tsxExports = (requireHere('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsx = pathToFileURL(join(dirname(tsxPackage), tsxExports['./esm/api']!.import.default)).href;
  const entry = pathToFileURL(join(dirname(here), 'countWorker.ts')).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}
