// The PostgreSQL store's worker thread: owns the node-postgres pool, runs drizzle's node-postgres
// dialect, and answers the main thread's requests (protocol.ts) one at a time. A transaction is a
// client checked out at `begin` and released at `commit`/`rollback`; repository calls in between
// run on it, others on the pool.
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema/index.js';
import { createPgRepos, type PgRepos } from './repos/index.js';
import { ANSWERED, DEAD, type Request, type Response, type WireError, type WorkerInput } from './protocol.js';

const input = workerData as WorkerInput;
// A server that does not answer fails the call (then Busy) rather than the bridge's timeout.
const pool = new pg.Pool({ connectionString: input.url, max: input.poolSize, connectionTimeoutMillis: 10_000 });
// A lost connection is also emitted as an 'error' event (on the pool when idle, on the client when
// checked out): without listeners it would end the thread. The query in flight fails anyway, and
// the next checkout opens a new connection.
pool.on('error', () => {});
pool.on('connect', (client) => client.on('error', () => {}));
const poolDb = drizzle(pool, { schema });
const poolRepos = createPgRepos(poolDb);
let tx: { client: pg.PoolClient; repos: PgRepos } | undefined;
/** Calls in a transaction run in a savepoint each (protocol 'guard'). */
let guarded = false;

/** Serializes the migrations of processes that open one database at once. */
const MIGRATION_LOCK = 0x7469636b; // "tick"

async function handle(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'migrate': {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(drizzle(client, { schema }), { migrationsFolder: request.folder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
      return null;
    }
    case 'begin': {
      if (tx) throw new Error('a transaction is already open');
      const client = await pool.connect();
      try {
        // Writes are serializable (a read-then-write is checked as if alone, like SQLite's
        // IMMEDIATE; a conflict is retried by the main thread); reads are one snapshot.
        await client.query(
          request.mode === 'write' ? 'begin isolation level serializable' : 'begin isolation level repeatable read read only',
        );
      } catch (error) {
        client.release(true);
        throw error;
      }
      tx = { client, repos: createPgRepos(drizzle(client, { schema }) as NodePgDatabase<typeof schema>) };
      return null;
    }
    case 'savepoint':
    case 'release':
    case 'rollbackTo': {
      const verb = { savepoint: 'savepoint', release: 'release savepoint', rollbackTo: 'rollback to savepoint' }[request.op];
      await current().client.query(`${verb} ${request.name}`);
      return null;
    }
    case 'commit':
    case 'rollback': {
      const open = tx;
      if (!open) return null;
      tx = undefined;
      try {
        await open.client.query(request.op);
        open.client.release();
      } catch (error) {
        // A client whose commit failed may be broken: do not return it to the pool.
        open.client.release(true);
        throw error;
      }
      return null;
    }
    case 'call': {
      const repos = (tx?.repos ?? poolRepos) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
      const method = repos[request.repo]?.[request.method];
      if (!method) throw new Error(`no repository method ${request.repo}.${request.method}`);
      if (!guarded || !tx) return await method(...request.args);
      const client = tx.client;
      await client.query('savepoint tt_guard');
      try {
        const value = await method(...request.args);
        await client.query('release savepoint tt_guard');
        return value;
      } catch (error) {
        await client.query('rollback to savepoint tt_guard');
        await client.query('release savepoint tt_guard');
        throw error;
      }
    }
    case 'guard': {
      guarded = request.on;
      return null;
    }
    case 'query': {
      const result = await (tx?.client ?? pool).query(request.text, request.params);
      return result.rows;
    }
    case 'ping':
      return null;
    case 'close': {
      if (tx) {
        tx.client.release(true);
        tx = undefined;
      }
      await pool.end();
      return null;
    }
  }
}

function current(): NonNullable<typeof tx> {
  if (!tx) throw new Error('no open transaction');
  return tx;
}

function toWire(error: unknown): WireError {
  const e = error as { name?: string; message?: string; code?: unknown } | null;
  const wire: WireError = { name: e?.name ?? 'Error', message: e?.message ?? String(error) };
  // drizzle wraps driver errors (DrizzleQueryError): the SQLSTATE is on the cause.
  const code = e?.code ?? (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string') wire.code = code;
  // node-postgres reports a lost connection in words, without a SQLSTATE: give it connection_failure.
  else if (
    /Connection terminated|connection error and is not queryable|Client was closed/i.test(
      `${e?.message} ${(e as { cause?: { message?: string } } | null)?.cause?.message}`,
    )
  )
    wire.code = '08006';
  const cause = (e as { cause?: { message?: string } } | null)?.cause?.message;
  if (cause) wire.message = `${wire.message}: ${cause}`;
  return wire;
}

input.port.on('message', (request: Request) => {
  handle(request).then(
    (value) => answer({ ok: true, value }),
    (error: unknown) => answer({ ok: false, error: toWire(error) }),
  );
});

// Whatever escapes (a bug, a broken connection's event) ends the thread: say so, so that the main
// thread, blocked in Atomics.wait, fails now rather than at its timeout.
process.on('uncaughtException', (error) => {
  input.port.postMessage({ ok: false, error: toWire(error) } satisfies Response);
  Atomics.store(input.signal, 0, DEAD);
  Atomics.notify(input.signal, 0);
});

function answer(response: Response): void {
  try {
    input.port.postMessage(response);
  } catch (error) {
    // A value that cannot be cloned still gets an answer, so the main thread never waits forever.
    input.port.postMessage({ ok: false, error: toWire(error) } satisfies Response);
  }
  Atomics.store(input.signal, 0, ANSWERED);
  Atomics.notify(input.signal, 0);
}
