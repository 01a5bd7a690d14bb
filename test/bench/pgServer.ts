// The benchmark's PostgreSQL: a private server on loopback (as test/helpers/postgres.ts starts one)
// holding the demo helpdesk, moved in once with `ticketty copy` and cached as a stopped data
// directory under .bench/, keyed by the SQLite demo's key and the PostgreSQL schema. Each run
// works on a copy of that directory, so what a run writes never reaches the cache.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { freePort, postgresBinDir, postgresUser } from '../helpers/postgres.js';
import { BENCH_DIR } from './demoDb.js';
import { BIN, ROOT, benchEnv, loadAverage, log, timeProcessCpu } from './measure.js';

/**
 * What a deployment on a dedicated machine would set (the defaults are sized for a small box):
 * the hot data (tickets and their indexes) in shared buffers, room for 50 agents' connections,
 * SSD costs. Durability stays on (fsync, synchronous_commit): commits pay for their flush.
 */
export const DEPLOYMENT_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  effective_cache_size: '4GB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  max_connections: '200',
  random_page_cost: '1.1',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
};
/** Only while loading the cache (a failed load is thrown away): as pg_restore guides suggest. */
const LOADING_SETTINGS: Record<string, string> = {
  ...DEPLOYMENT_SETTINGS,
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

export interface BenchPostgres {
  url: string;
  /** The settings it runs with, for the report. */
  settings: string;
  /** Seconds of this run's load into the cache (null: reused), its CPU seconds and what it moved. */
  load: { seconds: number; cpuSeconds: number | null; analyzeSeconds: number; summary: string; loadAverage: number } | null;
  /** Seconds to copy the cached data directory for this run. */
  cloneSeconds: number;
  /** The server's log (errors included: each serialization failure it refused). */
  logFile: string;
  stop(): void;
}

const asRoot = process.getuid?.() === 0;

function tool(name: string, args: string[]): string {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql, or run .ci/run');
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function own(dir: string): void {
  if (!asRoot) return;
  const { uid, gid } = postgresUser();
  chownSync(dir, uid, gid);
}

interface Running {
  url: string;
  port: number;
  stop(mode: 'fast' | 'immediate'): void;
}

async function start(dir: string, settings: Record<string, string>): Promise<Running> {
  const data = join(dir, 'data');
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
  tool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options.join(' '), '-w', '-t', '120', 'start']);
  return {
    url: `postgres://ticketty@127.0.0.1:${port}/ticketty`,
    port,
    stop: (mode) => void tool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '300', 'stop']),
  };
}

/** The cache key: the SQLite demo's file name (its generator, seed, size, clock) and the PostgreSQL migrations. */
export function postgresCacheKey(demoPath: string): string {
  const hash = createHash('sha256');
  const journal = join(ROOT, 'drizzle/pg/meta/_journal.json');
  if (existsSync(journal)) hash.update(readFileSync(journal));
  return `pg-${hash.digest('hex').slice(0, 8)}-${basename(demoPath, '.db')}`;
}

/** Initdb, `ticketty copy` from the demo, `vacuum analyze`, a clean stop; then renamed into the cache. */
async function load(demoPath: string, cached: string): Promise<NonNullable<BenchPostgres['load']>> {
  // Stale caches: of this demo under older migrations, or of a demo that is gone (rebuilt).
  for (const f of readdirSync(BENCH_DIR)) {
    const demo = /^pg-[0-9a-f]+-(.*)$/.exec(f)?.[1];
    if (demo && (demo === basename(demoPath, '.db') || !existsSync(join(BENCH_DIR, `${demo}.db`))))
      rmSync(join(BENCH_DIR, f), { recursive: true, force: true });
  }
  const building = join(BENCH_DIR, `building-${basename(cached)}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  own(building);
  tool('initdb', ['-D', join(building, 'data'), '-U', 'ticketty', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions']);
  const server = await start(building, LOADING_SETTINGS);
  try {
    tool('createdb', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'ticketty', 'ticketty']);
    log(`copying ${demoPath} into PostgreSQL (ticketty copy) …`);
    const copy = timeProcessCpu(process.execPath, [BIN, '--json', 'copy', '--from', demoPath, '--to', server.url], { env: benchEnv() });
    if (copy.status !== 0)
      throw new Error(`ticketty copy failed (${copy.status}): ${copy.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const tables = (JSON.parse(copy.stdout) as { tables: Array<{ table: string; rows: number }> }).tables;
    const summary = tables
      .filter((t) => ['tickets', 'comments', 'events', 'outbox'].includes(t.table))
      .map((t) => `${t.table} ${t.rows.toLocaleString('en')}`)
      .join(', ');
    const loadAverageAfter = loadAverage();
    log(`copied in ${(copy.ms / 1000).toFixed(1)} s (CPU ${copy.cpuSeconds ?? '?'} s): ${summary}`);
    // Fresh tables have no statistics until autovacuum gets to them: what a restore guide says to run.
    const started = performance.now();
    tool('psql', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'ticketty', '-d', 'ticketty', '-qc', 'vacuum analyze']);
    const analyzeSeconds = (performance.now() - started) / 1000;
    server.stop('fast');
    renameSync(building, cached);
    return { seconds: copy.ms / 1000, cpuSeconds: copy.cpuSeconds, analyzeSeconds, summary, loadAverage: loadAverageAfter };
  } catch (error) {
    try {
      server.stop('immediate');
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
    throw error;
  }
}

/** The cached data directory of the demo at `demoPath`, loaded when missing (then with its figures). */
export async function ensurePostgresCache(demoPath: string): Promise<{ cached: string; loaded: BenchPostgres['load'] }> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const cached = join(BENCH_DIR, postgresCacheKey(demoPath));
  if (existsSync(cached)) {
    log(`reusing ${cached}`);
    return { cached, loaded: null };
  }
  return { cached, loaded: await load(demoPath, cached) };
}

/** Starts a server on a copy of the cached demo (loading the cache first when missing). */
export async function benchPostgres(demoPath: string): Promise<BenchPostgres> {
  const { cached, loaded } = await ensurePostgresCache(demoPath);
  const run = join(BENCH_DIR, `scratch-${basename(cached)}`);
  rmSync(run, { recursive: true, force: true });
  const started = performance.now();
  cpSync(cached, run, { recursive: true, preserveTimestamps: true });
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', run]);
  const cloneSeconds = (performance.now() - started) / 1000;
  const server = await start(run, DEPLOYMENT_SETTINGS);
  let stopped = false;
  return {
    url: server.url,
    settings: Object.entries(DEPLOYMENT_SETTINGS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    load: loaded,
    cloneSeconds,
    logFile: join(run, 'server.log'),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        server.stop('immediate');
      } finally {
        rmSync(run, { recursive: true, force: true });
      }
    },
  };
}
