// The benchmark's demo database: built once with `ticketty demo` and cached under .bench/, keyed
// by the generator's version (a hash of its sources and of the migrations), the seed, the ticket
// count and the clock, so a changed generator or schema builds a fresh one.
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { BENCH_NOW, BIN, ROOT, benchEnv, loadAverage, log, timeProcessCpu } from './measure.js';

/** The files whose content defines what `ticketty demo` writes. */
const GENERATOR_SOURCES = [
  'src/store/sqlite/demoData.ts',
  'src/app/demo/demo.ts',
  'src/app/demo/demoCast.ts',
  'src/app/demo/demoLife.ts',
  'src/app/demo/demoSla.ts',
  'src/app/demo/demoStory.ts',
  'src/domain/demoText.ts',
  'src/domain/demoWords.ts',
  'drizzle/meta/_journal.json',
];

export const BENCH_DIR = join(ROOT, '.bench');

export function generatorVersion(): string {
  const hash = createHash('sha256');
  for (const file of GENERATOR_SOURCES) {
    const path = join(ROOT, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  for (const file of readdirSync(join(ROOT, 'src/app'))
    .filter((f) => /^demo.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort()) {
    if (!GENERATOR_SOURCES.includes(`src/app/${file}`)) hash.update(readFileSync(join(ROOT, 'src/app', file)));
  }
  return hash.digest('hex').slice(0, 12);
}

export interface DemoDb {
  path: string;
  tickets: number;
  seed: number;
  /** Seconds `ticketty demo` took, when it was built in this run (null: reused from the cache). */
  builtInSeconds: number | null;
  /** Its CPU seconds (user + system) and the load average after it, when built in this run. */
  cpuSeconds?: number | null;
  loadAverage?: number;
}

/** Returns the cached database for (generator version, seed, tickets), building it when missing. */
export function ensureDemoDb(tickets: number, seed: number): DemoDb {
  mkdirSync(BENCH_DIR, { recursive: true });
  const key = `demo-${generatorVersion()}-s${seed}-n${tickets}-${BENCH_NOW.slice(0, 10)}`;
  const path = join(BENCH_DIR, `${key}.db`);
  if (existsSync(path)) {
    log(`reusing ${path}`);
    return { path, tickets, seed, builtInSeconds: null };
  }
  // Other generator versions are only space now; this version's other sizes stay (a quick
  // `--tickets 20000` run must not delete the million-ticket database, a 10-minute build).
  const version = `demo-${generatorVersion()}-`;
  for (const f of readdirSync(BENCH_DIR))
    if ((/^demo-.*\.db(-wal|-shm)?$/.test(f) && !f.startsWith(version)) || f.startsWith('building-'))
      rmSync(join(BENCH_DIR, f), { force: true });
  const building = join(BENCH_DIR, `building-${key}.db`);
  log(`building a ${tickets.toLocaleString('en')}-ticket demo database (seed ${seed}) in ${path} …`);
  const t = timeProcessCpu(process.execPath, [BIN, 'demo', '--db', building, '--tickets', String(tickets), '--seed', String(seed)], {
    env: benchEnv(),
    // A million tickets on a loaded machine can take longer than the default 10 minutes.
    timeout: 0,
  });
  if (t.status !== 0) throw new Error(`ticketty demo failed (${t.status}): ${t.stdout} ${t.stderr}`);
  renameSync(building, path);
  log(`built in ${(t.ms / 1000).toFixed(1)} s (CPU ${t.cpuSeconds ?? '?'} s): ${t.stdout.trim()}`);
  return { path, tickets, seed, builtInSeconds: t.ms / 1000, cpuSeconds: t.cpuSeconds, loadAverage: loadAverage() };
}

/** A scratch copy of a database (for benchmarks that write), with its WAL if there is one. */
export function copyDb(from: string, to: string): string {
  removeDb(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) copyFileSync(`${from}-wal`, `${to}-wal`);
  // Written to disk now: a copy's gigabytes still in the page cache were flushed by the first
  // fsync of whatever ran next (the first commit of the batch bench's probe waited 1.2-1.6 s for
  // the copy, not for the batch).
  for (const file of [to, `${to}-wal`]) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return to;
}

export function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
