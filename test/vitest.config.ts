import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { POSTGRES_SAMPLE, SQLITE_ONLY } from './stores.js';

const postgresScope = ((scope) => {
  if (scope === 'all' || scope === 'rest') return scope;
  if (scope) throw new Error(`TICKETTY_TEST_POSTGRES: 'all' or 'rest', not '${scope}'`);
  return 'sample';
})(process.env.TICKETTY_TEST_POSTGRES);

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, so the suite
    // ran file after file while most files wait on the processes they spawn (the CLI, tmux,
    // PostgreSQL, Postfix, Exim). A worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // A worker runs file after file in one process, its imports loaded once: a fresh process per
    // file cost each file Vitest's start and its imports again (Ink, React, the app), a quarter of
    // the workers' CPU on 2 cores, where the suite is CPU-bound. So a file must leave the process
    // as it found it: environment variables and module state put back (test/tui/fittedLine.test.tsx).
    isolate: false,
    setupFiles: ['test/setup.ts'],
    // The suite twice: on SQLite files, and on a private PostgreSQL (test/postgresSetup.ts) minus
    // what test/stores.ts lists. One of them: --project sqlite, --project postgres.
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'], globalSetup: ['test/globalSetup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          // In `npm test`, a sample that takes each kind of test through PostgreSQL (in-process use
          // cases, the CLI walkthrough, SLA and seed flows), so that the suite stays within 5 minutes
          // on 2 cores. TICKETTY_TEST_POSTGRES=all runs all of it; `rest`, all but the sample (what
          // .ci/run adds after `npm test` when the machine leaves time for it).
          include: postgresScope === 'sample' ? POSTGRES_SAMPLE : ['src/app/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: [...Object.keys(SQLITE_ONLY), ...(postgresScope === 'rest' ? POSTGRES_SAMPLE : [])],
          env: { TICKETTY_TEST_STORE: 'postgres' },
          // Each command starts the PostgreSQL worker (about twice SQLite's start-up), and a seeded
          // cast is a dozen commands: more time per test and per hook than on SQLite.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          globalSetup: ['test/globalSetup.ts', 'test/postgresSetup.ts'],
        },
      },
    ],
  },
});
