// The PostgreSQL store's worker thread: owns the node-postgres pool, runs drizzle's node-postgres
// dialect, and answers the main thread's requests (protocol.ts) one at a time, in order. A
// transaction is a client checked out at `begin` and released at `commit`/`rollback`/`endRead`;
// repository calls in between run on it, others on the pool.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema/index.js';
import { createPgRepos, type PgRepos } from './repos/index.js';
import { ANSWERED, CHANGES_CHANNEL, DEAD, type Request, type Response, type WireError, type WorkerInput } from './protocol.js';
import type { Began, Begin, SettingsSnapshot } from './protocol.js';
import { readSettings, SETTINGS_FINGERPRINT } from './settingsSql.js';

const input = workerData as WorkerInput;
// A server that does not answer fails the call (then Busy) rather than the bridge's timeout. One
// connection stays open for the process's life (node-postgres closes idle ones after 10 s): an
// agent's TUI pauses longer than that between keys, and a new session costs its next key a connect
// and a fresh backend's catalog caches. The second closes when idle, so idle TUIs hold one each.
const pool = new pg.Pool({ connectionString: input.url, max: input.poolSize, min: 1, connectionTimeoutMillis: 10_000 });
pool.on('error', () => {});
pool.on('connect', (client) => client.on('error', () => {}));
const poolDb = drizzle(pool, { schema });
const poolRepos = createPgRepos(poolDb);
let tx: { client: pg.PoolClient; repos: PgRepos } | undefined;
/** Calls in a transaction run in a savepoint each (protocol 'guard'). */
let guarded = false;
/** Connections that hold a session advisory lock until close (one `automate`, one `notify`). */
const lockHolders: pg.Client[] = [];
/** The LISTEN connection (started on the first `changes`); it counts notifications in `input.changes`. */
let listener: pg.Client | undefined;
/** A lost LISTEN connection is being replaced (see listen). */
let relistening = false;
/** The store is closing: a LISTEN connection that ends is not replaced. */
let closing = false;

/**
 * Starts the LISTEN connection. When it ends (a server restart, a failover, a network blip, an
 * idle_session_timeout), another is started, retried every 1-10 s: without it the TUI's live
 * refresh stopped for good and nothing said so. The count moves once when a new one listens,
 * since commits made while nobody listened were not heard: the TUI reads again.
 */
async function listen(): Promise<void> {
  const client = await dedicatedClient();
  client.on('notification', () => void Atomics.add(input.changes, 0, 1));
  client.on('end', () => {
    if (listener !== client || closing) return;
    listener = undefined;
    relisten(1_000);
  });
  try {
    await client.query(`listen ${CHANGES_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  // Closed while this one was connecting (a replacement's timer): not kept open.
  if (closing) return void (await client.end().catch(() => {}));
  listener = client;
}

function relisten(delayMs: number): void {
  relistening = true;
  setTimeout(() => {
    if (closing) return;
    listen().then(
      () => {
        relistening = false;
        Atomics.add(input.changes, 0, 1);
      },
      () => relisten(Math.min(delayMs * 2, 10_000)),
    );
  }, delayMs);
}

/** A connection of its own, outside the pool (locks and LISTEN must outlive any transaction). */
async function dedicatedClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: input.url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Repository methods that are one plain SELECT: a read-only transaction never refuses them, so the
 * guard's savepoint (two more statements a call) protects nothing there. Any method not listed
 * keeps it (batch planning's calls: ticket levels, organizations, a company's superusers).
 */
const PLAIN_READS = new Set([
  ...['userByHandle', 'userById', 'userByEmail', 'usersByIds', 'superuserIdsOfOrg', 'superuserIdsOfOrgs', 'notifyAllAdminIds'].map(
    (m) => `people.${m}`,
  ),
  ...['orgByName', 'orgById', 'orgsByIds', 'orgByDomain', 'domainOwner', 'domainsOfOrgs'].map((m) => `people.${m}`),
  ...['ticketById', 'tagsOf', 'watchersOf', 'mutedOf', 'mutedOfTickets', 'level', 'levelsOf', 'levelsOfTickets'].map((m) => `tickets.${m}`),
  ...[
    'commentsOf',
    'lastCommentsOf',
    'attachmentsOf',
    'eventsOf',
    'summaryLookups',
    'notificationLookups',
    'chunkLookups',
    'conversationOf',
  ].map((m) => `tickets.${m}`),
  'batchWrites.superuserIdsOfOrg',
  'automation.presentStaffIdsOfTier',
  'config.get',
  'config.all',
  'slaPlans.get',
  'calendars.get',
]);

/** Serializes the migrations of processes that open one database at once. */
const MIGRATION_LOCK = 0x7469636b; // "tick"

async function handle(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'migrate': {
      const client = await pool.connect();
      try {
        // Up to date: nothing written and no lock taken, so a read-only hot standby opens too.
        const wanted = (JSON.parse(readFileSync(join(request.folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries
          .length;
        const before = await appliedMigrations(client);
        if (before >= wanted) return 0;
        if ((await client.query('select pg_is_in_recovery() as standby')).rows[0]?.standby === true) {
          throw Object.assign(new Error('this server is a read-only standby and its schema is behind: run ticketty init on the primary'), {
            code: '25006',
          });
        }
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          const locked = await appliedMigrations(client);
          await migrate(drizzle(client, { schema }), { migrationsFolder: request.folder });
          return (await appliedMigrations(client)) - locked;
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        }
      } finally {
        client.release();
      }
    }
    case 'hasSchema':
      return (await pool.query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)).rows[0]?.present === true;
    case 'repoMethods':
      // Each repository's method names, so the main thread builds plain objects (spreadable, as
      // the app's wrappers spread them) rather than proxies.
      return Object.fromEntries(Object.entries(poolRepos).map(([name, repo]) => [name, Object.keys(repo as object)]));
    case 'tryLock': {
      const client = await dedicatedClient();
      const held = (await client.query('select pg_try_advisory_lock($1) as held', [request.key])).rows[0]?.held === true;
      if (held) lockHolders.push(client);
      else await client.end();
      return held;
    }
    case 'changes':
      if (!listener && !relistening) await listen();
      return Atomics.load(input.changes, 0);
    case 'begin':
      await begin(request.mode);
      return null;
    case 'settings': {
      if (request.begin) return began(request.begin, async () => null);
      const client = tx?.client ?? pool;
      return settingsSnapshot(client, (await client.query(SETTINGS_FINGERPRINT)).rows[0]?.fingerprint as string, request.expect);
    }
    case 'savepoint': {
      const named = () =>
        current()
          .client.query(`savepoint ${request.name}`)
          .then(() => null);
      return request.begin ? began(request.begin, named) : named();
    }
    case 'release':
    case 'rollbackTo': {
      const verb = { release: 'release savepoint', rollbackTo: 'rollback to savepoint' }[request.op];
      await current().client.query(`${verb} ${request.name}`);
      return null;
    }
    case 'commit':
    case 'rollback': {
      const open = tx;
      if (!open) return null;
      tx = undefined;
      try {
        // NOTIFY is transactional: listeners hear of the write only once it is committed. Both in
        // one simple query: one round trip to the server.
        await open.client.query(request.op === 'commit' && request.notify ? `notify ${CHANGES_CHANNEL}; commit` : request.op);
        open.client.release();
      } catch (error) {
        // The server refused the commit (a serialization failure found at commit, which the main
        // thread reruns): the session is fine, and a new one would cost the rerun a connect and a
        // fresh backend's caches. A rollback makes sure it is idle (NOTIFY failing first would
        // leave it in an aborted transaction). Anything else may have broken it: dropped.
        const refused =
          error instanceof pg.DatabaseError &&
          (await open.client.query('rollback').then(
            () => true,
            () => false,
          ));
        open.client.release(refused ? undefined : true);
        throw error;
      }
      return null;
    }
    case 'endRead': {
      const open = tx;
      if (!open) return null;
      tx = undefined;
      // Nobody waits for this answer: a read-only commit changes nothing, and a connection that
      // failed it is dropped (the next transaction takes another).
      await open.client.query('commit').then(
        () => open.client.release(),
        () => open.client.release(true),
      );
      return null;
    }
    case 'call': {
      if (request.begin) {
        const { begin: b, ...call } = request;
        return began(b, () => handle(call));
      }
      const repos = (tx?.repos ?? poolRepos) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
      const method = repos[request.repo]?.[request.method];
      if (!method) throw new Error(`no repository method ${request.repo}.${request.method}`);
      if (!guarded || !tx || PLAIN_READS.has(`${request.repo}.${request.method}`)) return await method(...request.args);
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
      if (request.begin) {
        const { begin: b, ...query } = request;
        return began(b, () => handle(query));
      }
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
      // Ending these connections releases their locks and their LISTEN (not heard again: closing).
      closing = true;
      const ending = listener;
      listener = undefined;
      await Promise.all([...lockHolders.splice(0), ...(ending ? [ending] : [])].map((client) => client.end().catch(() => {})));
      await pool.end();
      // A first run of this build's script writes its code cache now (bin/codeCache.cjs): a
      // terminated thread runs no exit handlers.
      (globalThis as { ticketty_saveCodeCache?: () => void }).ticketty_saveCodeCache?.();
      return null;
    }
  }
}

// Writes are serializable (a read-then-write is checked as if alone, like SQLite's IMMEDIATE; a
// conflict is retried by the main thread); reads are one snapshot. The settings' fingerprint is
// read in the same statement batch, as the snapshot's first read.
const BEGIN = {
  write: 'begin isolation level serializable',
  read: 'begin isolation level repeatable read read only',
};

// A lock another session holds (an admin's LOCK TABLE or VACUUM FULL, a psql session left open
// after an UPDATE, a migration) ends the wait after the busy timeout with 55P03, which is Busy, as
// SQLite's busy_timeout does. Without it a write waited until the bridge's own timeout, with the
// main thread (a TUI's keys) blocked all along. SET takes no snapshot: the fingerprint stays first.
const LOCK_TIMEOUT = `set local lock_timeout = ${Math.max(1, Math.round(input.lockTimeoutMs))}`;

/** Opens the transaction; returns the settings' fingerprint in its snapshot. */
async function begin(mode: 'write' | 'read'): Promise<string> {
  if (tx) throw new Error('a transaction is already open');
  const client = await pool.connect();
  let fingerprint: string;
  try {
    const results = (await client.query(`${BEGIN[mode]}; ${LOCK_TIMEOUT}; ${SETTINGS_FINGERPRINT}`)) as unknown as pg.QueryResult[];
    fingerprint = results[2]!.rows[0]!.fingerprint as string;
  } catch (error) {
    client.release(true);
    throw error;
  }
  tx = { client, repos: reposOf(client) };
  return fingerprint;
}

/**
 * A pooled connection's repositories, built once per connection: drizzle() walks the whole schema
 * to build its relational config, about half a millisecond of every transaction if done per begin.
 */
const reposByClient = new WeakMap<pg.PoolClient, PgRepos>();
function reposOf(client: pg.PoolClient): PgRepos {
  let repos = reposByClient.get(client);
  if (!repos) {
    repos = createPgRepos(drizzle(client, { schema }) as NodePgDatabase<typeof schema>);
    reposByClient.set(client, repos);
  }
  return repos;
}

/** Begins, checks the settings, then runs `run` unless the main thread's settings were stale. */
async function began(b: Begin, run: () => Promise<unknown>): Promise<Began> {
  const settings = await settingsSnapshot(null, await begin(b.mode), b.expect);
  if (settings.rows && b.strict) return { settings, stale: true };
  return { settings, value: await run() };
}

async function settingsSnapshot(
  client: pg.PoolClient | pg.Pool | null,
  fingerprint: string,
  expect: string | null,
): Promise<SettingsSnapshot> {
  if (fingerprint === expect) return { fingerprint };
  return { fingerprint, rows: await readSettings(client ?? current().client) };
}

/** The migrations recorded as applied (0 on an empty database). */
async function appliedMigrations(client: pg.PoolClient): Promise<number> {
  const present = (await client.query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)).rows[0]?.present;
  if (!present) return 0;
  return Number((await client.query('select count(*) as n from drizzle.__drizzle_migrations')).rows[0]?.n ?? 0);
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
  // The server's words first: a message is shown by its first line, and drizzle's own
  // ("Failed query: <the SQL>", then its parameters) said which statement but not why.
  const cause = (e as { cause?: { message?: string } } | null)?.cause?.message;
  if (cause) wire.message = `PostgreSQL: ${cause}${wire.code ? ` (SQLSTATE ${wire.code})` : ''}\n${wire.message}`;
  return wire;
}

// One request at a time, in the order sent: a request that follows an unanswered `endRead` waits
// here for its commit, not on the main thread.
let handling: Promise<void> = Promise.resolve();
/** The failure of a posted write, for the transaction's next answered request. */
let deferred: WireError | undefined;
input.port.on('message', (request: Request) => {
  const posted = request.op === 'call' && request.posted === true;
  const answered = request.op !== 'endRead' && !posted;
  handling = handling.then(() => {
    if (deferred && answered) {
      const error = deferred;
      deferred = undefined;
      // What undoes it runs; anything else (the commit included) is answered with it, not run.
      if (request.op !== 'rollback' && request.op !== 'rollbackTo' && request.op !== 'close') return void answer({ ok: false, error });
    }
    return handle(request).then(
      (value) => void (answered && answer({ ok: true, value })),
      (error: unknown) => {
        if (answered) answer({ ok: false, error: toWire(error) });
        else if (posted) deferred ??= { ...toWire(error), deferred: true };
      },
    );
  });
});

// Whatever escapes (a bug, a broken connection's event) ends the thread: say so, so that the main
// thread, blocked in Atomics.wait, fails now rather than at its timeout. It ends for real: a request
// still in hand would otherwise answer after it and turn DEAD back into ANSWERED. The server rolls
// back whatever transaction its connections had open.
process.on('uncaughtException', (error) => {
  input.port.postMessage({ ok: false, error: toWire(error) } satisfies Response);
  Atomics.store(input.signal, 0, DEAD);
  Atomics.notify(input.signal, 0);
  process.exit(1);
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
