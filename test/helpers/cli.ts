// Spawns the real bin/ticketty, as a user or a script would.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase, keepPostgresDatabaseAs, onRunServer, postgresDatabaseExists, refillPostgresDatabase } from './testStore.js';

export const BIN = fileURLToPath(new URL('../../bin/ticketty', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

export interface CliEnv {
  db: string;
  now?: string;
  env?: Record<string, string>;
}

export function runCli(env: CliEnv, args: string[], options: { as?: string; input?: string } = {}, timeoutMs = 60_000): CliResult {
  const full = ['--db', env.db, ...(options.as ? ['--as', options.as] : []), ...args];
  const result = spawnSync(process.execPath, [BIN, ...full], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, TICKETTY_NOW: env.now ?? '2026-03-02T10:00:00Z', TICKETTY_USER: '', NO_COLOR: '1', ...env.env },
    timeout: timeoutMs,
    maxBuffer: 1 << 30,
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

/**
 * A temporary directory and a database nobody has opened yet, removed by `cleanup`: a file in the
 * directory on SQLite, an empty database on the run's server on PostgreSQL (testStore.ts).
 */
export function tempDb(): { dir: string; db: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-'));
  return { dir, db: freshDatabase(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Where this run keeps the cast's databases: one directory per vitest run (the workers' parent). */
export const CAST_TEMPLATES = (vitestPid = process.ppid) => join(tmpdir(), `ticketty-cast-${vitestPid}`);

/**
 * Creates the standard cast through the CLI itself. A new database gets a copy of the cast that
 * the first test of the run made with those commands (8 CLI processes, seconds on a loaded
 * machine): a copied file on SQLite, a database created from it on the run's PostgreSQL. The
 * commands a test is about are still spawned against its own copy.
 */
export function seedCli(env: CliEnv): void {
  const postgresUrl = /^postgres(ql)?:/.test(env.db);
  if (postgresUrl ? !onRunServer(env.db) : existsSync(env.db)) return seedCastByCli(env);
  const key = createHash('sha256')
    // The build's id too: a cast made by an older bundle (other migrations) is never reused.
    .update(JSON.stringify([env.now ?? null, env.env ?? null, buildId()]))
    .digest('hex')
    .slice(0, 16);
  if (postgresUrl) {
    const template = `cast_${key}`;
    if (!postgresDatabaseExists(template)) {
      const building = tempDb();
      seedCastByCli({ ...env, db: building.db });
      keepPostgresDatabaseAs(building.db, template); // a worker that built it at the same time wins or loses whole
      building.cleanup();
    }
    return refillPostgresDatabase(env.db, template);
  }
  const template = join(CAST_TEMPLATES(), `${key}.db`);
  if (!existsSync(template)) {
    mkdirSync(CAST_TEMPLATES(), { recursive: true });
    const building = mkdtempSync(join(CAST_TEMPLATES(), 'building-'));
    const db = join(building, 'cast.db');
    seedCastByCli({ ...env, db });
    // The last command closed the database cleanly: no WAL is left, the one file is the database.
    if (existsSync(`${db}-wal`)) throw new Error(`the cast database kept a WAL: ${db}-wal`);
    renameSync(db, template); // atomic: a worker building the same cast at the same time wins or loses whole
    rmSync(building, { recursive: true, force: true });
  }
  copyFileSync(template, env.db);
}

function buildId(): string {
  const bundle = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
  if (!existsSync(bundle)) return 'no bundle';
  const head = Buffer.alloc(64); // its first line: `// ticketty-build <hash>`
  const fd = openSync(bundle, 'r');
  readSync(fd, head, 0, 64, 0);
  closeSync(fd);
  return head.toString('latin1').split('\n')[0]!;
}

function seedCastByCli(env: CliEnv): void {
  const must = (args: string[], as?: string) => {
    const r = runCli(env, args, as ? { as } : {});
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  };
  must(['init', '--admin', 'admin', '--free-clock']); // tests move the clock freely
  must(['org', 'add', 'ACME', '--domain', 'acme.test'], 'admin');
  must(['org', 'add', 'Globex', '--domain', 'globex.test'], 'admin');
  for (const [handle, role, org] of [
    ['ann', 'requester', 'ACME'],
    ['gus', 'requester', 'Globex'],
    ['sam', 'superuser', 'ACME'],
    ['bob', 'agent', ''],
    ['eve', 'engineer', ''],
  ] as const) {
    must(
      [
        'user',
        'add',
        handle,
        '--role',
        role,
        '--email',
        `${handle}@${org ? `${org.toLowerCase()}.test` : 'vendor.test'}`,
        ...(org ? ['--org', org] : []),
      ],
      'admin',
    );
  }
}
