// A synchronous call into the PostgreSQL worker (worker.ts): the main thread posts a request on a
// MessageChannel and blocks in Atomics.wait until the worker flags its answer in a
// SharedArrayBuffer, then takes it with receiveMessageOnPort. This keeps one synchronous
// application layer over both stores (README "PostgreSQL"). Hand-rolled rather than synckit: the
// worker here is stateful (an open transaction), errors must keep their SQLSTATE, and the bundle
// (bin/build.mjs) must point at dist/pg-worker.cjs — synckit's gain would be its TypeScript-runner
// detection, which one execArgv below covers.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import { ANSWERED, DEAD, WAITING } from './protocol.js';
import type { Request, Response, WireError, WorkerInput } from './protocol.js';

/** An error raised in the worker, with node-postgres's SQLSTATE (or errno code) when it had one. */
export class PostgresError extends Error {
  readonly code: string | undefined;
  /** Raised by an earlier posted write of the transaction, not by the request it answered. */
  readonly deferred: boolean;
  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name === 'Error' ? 'PostgresError' : wire.name;
    this.code = wire.code;
    this.deferred = wire.deferred === true;
  }
}

export interface BridgeOptions {
  /** How long one call may take before the bridge gives up (the worker may be stuck). */
  callTimeoutMs?: number;
  poolSize?: number;
  /** How long a statement waits for another session's lock before the server refuses it (55P03); default 5 s. */
  lockTimeoutMs?: number;
  /** The worker script to run instead of the one found from this module (tests of the bundle). */
  workerScript?: string;
}

export interface Bridge {
  call(request: Request): unknown;
  /** Sends a request the worker does not answer (`endRead`, a posted write): no wait, no round trip. */
  post(request: Request): void;
  /** How many calls crossed to the worker since the bridge opened: what a use case costs here. */
  roundTrips(): number;
  /** The change notifications the worker has heard (after a `changes` call started its LISTEN): read without a round trip. */
  changesHeard(): number;
  close(): void;
}

export function openBridge(url: string, options: BridgeOptions = {}): Bridge {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const changes = new Int32Array(new SharedArrayBuffer(4));
  const { port1: port, port2: workerPort } = new MessageChannel();
  const workerData: WorkerInput = {
    url,
    signal,
    changes,
    port: workerPort,
    poolSize: options.poolSize ?? 2,
    lockTimeoutMs: options.lockTimeoutMs ?? 5000,
  };
  const worker = startWorker(workerData, workerPort, options.workerScript);
  // Neither keeps the process alive: a command ends when its work does (close() ends the pool).
  worker.unref();
  port.unref();
  const timeoutMs = options.callTimeoutMs ?? 60_000;
  let closed = false;
  let roundTrips = 0;
  /**
   * Answers still to come for calls that timed out: the worker answers in order, so the next call's
   * first answers are theirs and are dropped (taken as its own, every later answer would be paired
   * with the request before it).
   */
  let owed = 0;

  /** The worker ended between calls (its uncaught error, posted as its last message): said now, not after the timeout. */
  const endedBetweenCalls = (): never => {
    closed = true;
    let last: Response | undefined;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) last = m.message as Response;
    throw new PostgresError(last && !last.ok ? last.error : { name: 'Error', message: 'the PostgreSQL worker stopped' });
  };

  const call = (request: Request): unknown => {
    if (closed) throw new Error('the PostgreSQL store is closed');
    roundTrips++;
    // Back to WAITING only from ANSWERED: a DEAD the worker flagged since the last answer must not
    // be overwritten (the call would wait for an answer that never comes, or take its last words
    // for this request's answer and pair every later answer with the wrong request).
    if (Atomics.compareExchange(signal, 0, ANSWERED, WAITING) === DEAD) endedBetweenCalls();
    port.postMessage(request);
    const deadline = Date.now() + timeoutMs;
    let message: Response | undefined;
    for (;;) {
      const queued = receiveMessageOnPort(port)?.message as Response | undefined;
      if (queued && Atomics.load(signal, 0) === DEAD) {
        // The worker's last words come last.
        message = queued;
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) message = m.message as Response;
        break;
      }
      if (queued && owed > 0) owed--;
      else if (queued) {
        message = queued;
        break;
      } else if (Atomics.load(signal, 0) === ANSWERED) {
        // Flagged for an answer already taken (a dropped one): the worker posts before it flags, so
        // this call's answer, if flagged meanwhile, is on the port for the next look.
        Atomics.compareExchange(signal, 0, ANSWERED, WAITING);
      } else if (Atomics.load(signal, 0) === DEAD) {
        throw new PostgresError({ name: 'Error', message: 'the PostgreSQL worker stopped' });
      } else {
        const left = deadline - Date.now();
        if (left <= 0 || Atomics.wait(signal, 0, WAITING, left) === 'timed-out') {
          owed++;
          throw new PostgresError({
            name: 'Error',
            message: `no answer from the PostgreSQL worker within ${timeoutMs} ms`,
            code: 'TICKETTY_TIMEOUT',
          });
        }
      }
    }
    if (Atomics.load(signal, 0) === DEAD) closed = true;
    if (!message.ok) throw new PostgresError(message.error);
    return message.value;
  };

  return {
    call,
    post: (request) => {
      if (closed) throw new Error('the PostgreSQL store is closed');
      port.postMessage(request);
    },
    roundTrips: () => roundTrips,
    changesHeard: () => Atomics.load(changes, 0),
    close: () => {
      if (closed) return void worker.terminate();
      try {
        call({ op: 'close' });
      } finally {
        closed = true;
        port.close();
        void worker.terminate();
      }
    },
  };
}

/** Run from the source tree, the worker bundle to start instead of worker.ts (the tests: the build's). */
export const WORKER_SCRIPT_ENV = 'TICKETTY_PG_WORKER_SCRIPT';

/**
 * Starts the worker: dist/pg-worker.cjs beside the bundle (bin/build.mjs); from the source tree,
 * the bundle TICKETTY_PG_WORKER_SCRIPT names, or worker.ts loaded through tsx's loader (Node 20
 * applies no --import to a worker). The tests name the build's bundle: worker.ts through tsx cost
 * each store opened about 0.9 s of CPU (transforming and loading its modules in a fresh thread),
 * the bundle 0.1 s.
 */
function startWorker(workerData: WorkerInput, port: MessagePort, script: string | undefined): Worker {
  const here = fileURLToPath(import.meta.url);
  const options = { workerData, transferList: [port], stdout: false, stderr: false };
  if (script) return startScript(script, options);
  const named = here.endsWith('.ts') ? process.env[WORKER_SCRIPT_ENV] : undefined;
  if (named) return startScript(named, options);
  if (!here.endsWith('.ts')) {
    const bundled = join(dirname(here), 'pg-worker.cjs');
    if (!existsSync(bundled)) throw new Error(`cannot find the PostgreSQL worker (${bundled}): run node bin/build.mjs`);
    return startScript(bundled, options);
  }
  // tsx's ESM entry (require.resolve would give its CommonJS one, which cannot register hooks here).
  const requireHere = createRequire(import.meta.url);
  const tsxPackage = requireHere.resolve('tsx/package.json');
  const tsxExports = (requireHere('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsx = pathToFileURL(join(dirname(tsxPackage), tsxExports['./esm/api']!.import.default)).href;
  const entry = pathToFileURL(join(dirname(here), 'worker.ts')).href;
  const code = `
    const { workerData } = require('node:worker_threads');
    import(${JSON.stringify(tsx)})
      .then((api) => { api.register(); return import(${JSON.stringify(entry)}); })
      .catch((error) => {
        workerData.port.postMessage({ ok: false, error: { name: 'Error', message: 'the PostgreSQL worker did not start: ' + error.message } });
        Atomics.store(workerData.signal, 0, ${DEAD});
        Atomics.notify(workerData.signal, 0);
      });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * A script of the build (bin/build.mjs writeScript: wrapped, named by its build id) runs through
 * bin/codeCache.cjs with its V8 code cache, as the CLI's own scripts do: compiling the worker's
 * 460 KB was about 20 ms of every PostgreSQL command's start. Any other script runs as it is.
 */
function startScript(file: string, options: WorkerOptions): Worker {
  const head = Buffer.alloc(18);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== '// ticketty-build ') return new Worker(file, options);
  const loader = join(dirname(file), '..', 'bin', 'codeCache.cjs');
  if (!existsSync(loader)) throw new Error(`cannot find ${loader}, which runs the PostgreSQL worker ${file}`);
  return new Worker(`require(${JSON.stringify(loader)}).runWorkerScript(${JSON.stringify(file)})`, { ...options, eval: true });
}

/** The drizzle-kit output folder of the PostgreSQL migrations (drizzle/pg), found from this module. */
export function pgMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle', 'pg');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find the drizzle/pg/ migrations folder');
}
