// The bundled worker (dist/pg-worker.cjs, bin/build.mjs) runs on its own: node-postgres and
// drizzle's dialect are inside it, and it finds and applies drizzle/pg from the built tree. A
// command's worker runs it with a V8 code cache (bin/codeCache.cjs), as the CLI runs its scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { runCli } from '../helpers/cli.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = join(ROOT, 'dist', 'pg-worker.cjs');
let server: PrivatePostgres;
beforeAll(async () => {
  // `npm test` builds first; a lone run of this file builds when there is no worker yet.
  if (!existsSync(WORKER)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
  }
  server = await startPostgres();
});
afterAll(() => server?.stop());

describe('the bundled PostgreSQL worker', () => {
  it('migrates a fresh database and answers repository calls', () => {
    // Without the code cache: this process's V8 flags are not bin/ticketty's (--no-memory-reducer),
    // and a cache written here would be refused by the next command (which writes it again).
    const before = process.env.TICKETTY_CODE_CACHE;
    process.env.TICKETTY_CODE_CACHE = '0';
    const store = openPostgresStore(server.url, { workerScript: WORKER });
    // The worker took its copy of the environment.
    if (before === undefined) delete process.env.TICKETTY_CODE_CACHE;
    else process.env.TICKETTY_CODE_CACHE = before;
    try {
      const ann = store.write(() =>
        store.repos.people.insertUser({ handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 1_764_000_000_000 }),
      );
      expect(store.repos.people.userByHandle('ann')).toEqual(ann);
      expect(ann.createdAt).toBe(1_764_000_000_000);
      const journal = JSON.parse(readFileSync(new URL('../../drizzle/pg/meta/_journal.json', import.meta.url), 'utf8')) as {
        entries: unknown[];
      };
      expect(store.query(`select count(*)::int as n from drizzle.__drizzle_migrations`)).toEqual([{ n: journal.entries.length }]);
    } finally {
      store.close();
    }
  });

  it('runs with a code cache: a command without one writes it as its worker closes, and the next start accepts it', () => {
    const caches = (...args: string[]) =>
      execFileSync(process.execPath, [fileURLToPath(new URL('../helpers/refusedCodeCaches.mjs', import.meta.url)), ...args], {
        encoding: 'utf8',
      });
    const build = /^\/\/ ticketty-build ([0-9a-f]+)\n/.exec(readFileSync(WORKER, 'latin1').slice(0, 64))?.[1];
    expect(build, 'dist/pg-worker.cjs is a script of the build').toBeDefined();
    const cacheFiles = () =>
      readdirSync(join(ROOT, 'dist')).filter((f) => f.startsWith(`pg-worker-${build}-node`) && f.endsWith('.v8cache'));
    caches('--forget', 'pg-worker.cjs');
    expect(cacheFiles()).toEqual([]);
    const list = runCli({ db: server.url }, ['user', 'list'], { as: 'ann' });
    expect(list.code, list.stderr).toBe(0);
    expect(cacheFiles()).toHaveLength(1);
    expect(caches()).not.toMatch(/refused pg-worker\.cjs/);
    expect(runCli({ db: server.url }, ['user', 'list'], { as: 'ann' }).stdout).toBe(list.stdout);
    expect(list.stdout).toContain('ann');
  });

  // mailgate's runs on SQLite keep V8's young generation small under a flag, and caches of their
  // own (bin/ticketty); V8 drops that flag when the worker thread's heap is set up, so on
  // PostgreSQL mailgate runs as every command does. Before, its caches were refused at every start.
  it('mailgate on PostgreSQL leaves code caches that the next start accepts', () => {
    const caches = (...args: string[]) =>
      execFileSync(process.execPath, [fileURLToPath(new URL('../helpers/refusedCodeCaches.mjs', import.meta.url)), ...args], {
        encoding: 'utf8',
      });
    for (const file of ['pg-worker.cjs', 'mailgate.cjs', 'vendor-mailparser.cjs']) {
      caches('--forget', file);
      caches('--mailgate', '--forget', file);
    }
    const mail = (id: string) =>
      `From: Ann <ann@acme.test>\r\nTo: s@example.com\r\nSubject: Printer\r\nMessage-ID: <${id}@acme.test>\r\n\r\nBlank pages.\r\n`;
    const db = server.createDatabase('bundle_mailgate');
    const init = runCli({ db }, ['init', '--admin', 'admin']);
    expect(init.code, init.stderr).toBe(0);
    for (const id of ['bundle-mail-1', 'bundle-mail-2']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/ticketty'), 'mailgate', '--db', db], {
        input: mail(id),
        encoding: 'utf8',
        env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
      });
      expect(r.status, r.stderr).toBe(0);
    }
    expect(caches()).not.toMatch(/^refused (pg-worker|mailgate|vendor-mailparser)\.cjs$/m);
    expect(caches('--mailgate')).not.toMatch(/\bpg-worker\.cjs\b/);
  });
});
