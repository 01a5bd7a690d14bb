// The messages between the PostgreSQL store (main thread, synchronous) and its worker (which owns
// the node-postgres pool). One request at a time: the main thread waits for each answer.
export type Request =
  | { op: 'migrate'; folder: string }
  | { op: 'begin'; mode: 'write' | 'read' }
  | { op: 'savepoint' | 'release' | 'rollbackTo'; name: string }
  | { op: 'commit' }
  | { op: 'rollback' }
  | { op: 'call'; repo: string; method: string; args: unknown[] }
  | { op: 'query'; text: string; params: unknown[] }
  /** While on, each repository call in a transaction runs in its own savepoint: a refused one leaves the transaction usable. */
  | { op: 'guard'; on: boolean }
  | { op: 'ping' }
  | { op: 'close' };

export type Response = { ok: true; value: unknown } | { ok: false; error: WireError };

/** An error as it crosses threads: node-postgres's SQLSTATE or Node's errno code kept. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export interface WorkerInput {
  url: string;
  /** WAITING while a request runs; ANSWERED once its answer is posted; DEAD if the worker failed. */
  signal: Int32Array;
  port: import('node:worker_threads').MessagePort;
  poolSize: number;
}

export const WAITING = 0;
export const ANSWERED = 1;
export const DEAD = 2;
