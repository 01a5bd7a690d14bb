// Once per run, before any worker starts: the bundle the tests run is the source's (rebuilt when a
// source file is newer, as `npm test`'s pretest does, so a plain `npx vitest` never tests an old
// build), the PostgreSQL stores opened in-process run the bundle's worker, the property tests' seed
// is printed (test/setup.ts applies it in every worker), and the run's copies of the test cast
// (test/helpers/cli.ts seedCli) are removed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAST_TEMPLATES } from './helpers/cli.js';
import { WORKER_SCRIPT_ENV } from '../src/store/postgres/bridge.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILT = ['dist/cli.cjs', 'dist/pg-worker.cjs', 'dist/mailgate.cjs'].map((file) => join(root, file));
/** What the bundle is built from (the migrations are read from drizzle/ as they are). */
const SOURCES = ['src', 'bin/build.mjs', 'bin/buildPatches.mjs', 'package-lock.json'].map((file) => join(root, file));

function newestChange(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || /\.test\.tsx?$/.test(path)) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function buildIfStale(): void {
  const built = Math.min(...BUILT.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  if (built >= Math.max(...SOURCES.map(newestChange))) return;
  console.info('the bundle is older than the source: node bin/build.mjs');
  const result = spawnSync(process.execPath, [join(root, 'bin', 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node bin/build.mjs failed (exit ${result.status})`);
}

export default function setup(): () => void {
  buildIfStale();
  // worker.ts from the source, through tsx in each new worker thread, cost every store opened
  // about 0.9 s of CPU; the bundle 0.1 s (src/store/postgres/bridge.ts startWorker).
  process.env[WORKER_SCRIPT_ENV] = join(root, 'dist', 'pg-worker.cjs');
  console.info(`property tests: seed ${process.env.TICKETTY_SEED ?? 20261206} (replay with TICKETTY_SEED=N)`);
  return () => rmSync(CAST_TEMPLATES(process.pid), { recursive: true, force: true });
}
