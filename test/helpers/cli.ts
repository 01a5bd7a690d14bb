// Spawns the real bin/ticketty, as a user or a script would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from './testStore.js';

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

/** Creates the standard cast through the CLI itself. */
export function seedCli(env: CliEnv): void {
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
