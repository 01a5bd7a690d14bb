// Counting a queue's tickets off the render thread (issue 20): on a million tickets a count (a
// text search on Closed) takes seconds, and the TUI must answer keys meanwhile. The port is a
// promise; on a SQLite file it runs in a worker thread with its own read-only connection
// (countWorker.ts), elsewhere (PostgreSQL, whose store already runs in a worker of its own; an
// in-memory database) on a later turn of the event loop. Front ends never see which.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { countQueue } from './queuePage.js';

export interface QueueCounter {
  /**
   * How many tickets the filter `where` selects for `actor`. Aborting `signal` drops the count:
   * its promise rejects with an AbortError and its answer, should one still come, is dropped.
   */
  count(actor: Actor, where: string | undefined, signal: AbortSignal): Promise<number>;
  close(): void;
}

/** What the main thread posts to the count worker, and what it answers. */
export interface CountRequest {
  id: number;
  actor: Actor;
  where: string | undefined;
  /** The clock of the asking app: relative dates in the filter mean the same in both threads. */
  nowMs: number;
}
export type CountAnswer = { id: number; ok: true; count: number } | { id: number; ok: false; message: string };
export interface CountWorkerInput {
  path: string;
}

const aborted = () => new DOMException('the count was cancelled', 'AbortError');

/** The counter for this app: a worker thread on a SQLite file, the app's own thread otherwise. */
export function openQueueCounter(ctx: AppContext): QueueCounter {
  const path = ctx.store.path;
  if (path === ':memory:' || path === '' || /^postgres(ql)?:\/\//i.test(path)) return inProcessCounter(ctx);
  return workerCounter(ctx, path);
}

/** Counts on this thread, each count on a later macrotask (so the page it goes with is drawn first). */
export function inProcessCounter(ctx: AppContext): QueueCounter {
  return {
    count: (actor, where, signal) =>
      new Promise((resolve, reject) =>
        setTimeout(() => {
          if (signal.aborted) return reject(aborted());
          try {
            resolve(countQueue(ctx, actor, where));
          } catch (error) {
            reject(error);
          }
        }),
      ),
    close: () => undefined,
  };
}

interface Job {
  request: CountRequest;
  resolve(count: number): void;
  reject(error: unknown): void;
}

/**
 * One worker answering counts in order. A cancelled count ends its worker (the next count starts
 * a new one): better-sqlite3 cannot interrupt a running statement, so the old thread finishes that
 * statement and exits, and nobody waits for it.
 */
export function workerCounter(ctx: AppContext, path: string, script?: string): QueueCounter {
  let worker: Worker | null = null;
  let nextId = 1;
  const jobs = new Map<number, Job>();
  const fail = (error: unknown) => {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
    worker = null;
  };
  const start = (): Worker => {
    const started = startCountWorker({ path } satisfies CountWorkerInput, script);
    started.unref(); // a count never keeps the process alive
    started.on('message', (answer: CountAnswer) => {
      const job = jobs.get(answer.id);
      if (!job || worker !== started) return;
      jobs.delete(answer.id);
      if (answer.ok) job.resolve(answer.count);
      else job.reject(new Error(answer.message));
    });
    started.on('error', (error) => worker === started && fail(error));
    started.on('exit', (code) => worker === started && fail(new Error(`the count worker stopped (exit code ${code})`)));
    return started;
  };
  return {
    count: (actor, where, signal) =>
      new Promise<number>((resolve, reject) => {
        if (signal.aborted) return reject(aborted());
        const request: CountRequest = { id: nextId++, actor, where, nowMs: ctx.nowMs() };
        jobs.set(request.id, { request, resolve, reject });
        worker ??= start();
        worker.postMessage(request);
        signal.addEventListener(
          'abort',
          () => {
            if (!jobs.delete(request.id)) return;
            reject(aborted());
            // The worker may be in the middle of this count: let it go, and give the counts
            // still waiting to a new one.
            const old = worker;
            worker = null;
            void old?.terminate();
            if (jobs.size) {
              worker = start();
              for (const job of jobs.values()) worker.postMessage(job.request);
            }
          },
          { once: true },
        );
      }),
    close: () => {
      const old = worker;
      worker = null;
      jobs.clear();
      void old?.terminate();
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
