// The README's PostgreSQL backups and read replica, done for real against the private server:
// pg_dump a demo helpdesk, pg_restore it into a new database (`audit verify` passes, every table's
// count and `report sla` match), and a hot standby made with `pg_basebackup -R` on another loopback
// port serves `report sla --db <standby>` (no migration write, no advisory lock) and refuses a
// write in one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runCli } from '../helpers/cli.js';
import { postgresBinDir, startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { openPostgresStore } from '../../src/store/postgres/db.js';

const NOW = '2026-03-04T15:00:00Z';
const TABLES = [
  'organizations',
  'users',
  'tickets',
  'ticket_levels',
  'comments',
  'events',
  'outbox',
  'report_days',
  'report_minutes',
  'report_backlog',
];
const asRoot = process.getuid?.() === 0;
let server: PrivatePostgres;
let primary: string;
let scratch: string;
let stopStandby: (() => void) | undefined;

/** A PostgreSQL tool from the server's bin directory; as root, run as the postgres user (who owns the clusters). */
function tool(name: string, args: string[], options: { asPostgres?: boolean } = {}): string {
  const path = join(postgresBinDir()!, name);
  const [file, argv] = asRoot && options.asPostgres ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  return execFileSync(file, argv, { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const counts = (url: string): Record<string, number> => {
  const store = openPostgresStore(url, { migrate: false });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, Number(store.query<{ n: string }>(`select count(*) as n from ${t}`)[0]!.n)]));
  } finally {
    store.close();
  }
};

beforeAll(async () => {
  server = await startPostgres();
  primary = server.createDatabase('helpdesk');
  scratch = mkdtempSync(join(tmpdir(), 'ticketty-pgbackup-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(scratch, id('-u'), id('-g'));
  }
  const demo = runCli({ db: primary, now: NOW }, ['demo', '--tickets', '150', '--seed', '3']);
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  stopStandby?.();
  server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('PostgreSQL backups and a read replica, as the README says', () => {
  it('pg_dump, then pg_restore into a new database: audit verify passes, counts and report sla match', { timeout: 180_000 }, () => {
    const dump = join(scratch, 'ticketty.dump');
    tool('pg_dump', ['--format=custom', `--file=${dump}`, primary], { asPostgres: true });
    const restored = server.createDatabase('restored');
    tool('pg_restore', ['--no-owner', `--dbname=${restored}`, dump], { asPostgres: true });
    const before = counts(primary);
    expect(before.tickets).toBe(150);
    expect(counts(restored)).toEqual(before);
    const verify = runCli({ db: restored, now: NOW }, ['audit', 'verify'], { as: 'admin' });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const report = (db: string) => runCli({ db, now: NOW }, ['report', 'sla', '--by', 'priority', '--format', 'json'], { as: 'admin' });
    expect(report(restored).json()).toEqual(report(primary).json());
  });

  it('a hot standby from pg_basebackup -R serves report sla, and refuses a write in one line', { timeout: 180_000 }, async () => {
    const data = join(scratch, 'standby');
    tool(
      'pg_basebackup',
      ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'ticketty', '-D', data, '-R', '-X', 'stream', '--checkpoint=fast'],
      {
        asPostgres: true,
      },
    );
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const options = `-p ${port} -k ${scratch} -c listen_addresses=127.0.0.1 -c hot_standby=on`;
    tool('pg_ctl', ['-D', data, '-l', join(scratch, 'standby.log'), '-o', options, '-w', '-t', '60', 'start'], { asPostgres: true });
    stopStandby = () => tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], { asPostgres: true });
    const standby = `postgres://ticketty@127.0.0.1:${port}/helpdesk`;
    // A change on the primary reaches the standby by streaming.
    const created = runCli({ db: primary, now: NOW }, ['ticket', 'create', '--subject', 'Replicated', '--text', 'x', '--json'], {
      as: 'admin',
    });
    expect(created.code, created.stderr).toBe(0);
    const store = openPostgresStore(standby, { migrate: false });
    try {
      expect(store.query<{ standby: boolean }>('select pg_is_in_recovery() as standby')).toEqual([{ standby: true }]);
      for (let i = 0; i < 100 && Number(store.query<{ n: string }>('select count(*) as n from tickets')[0]!.n) < 151; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(Number(store.query<{ n: string }>('select count(*) as n from tickets')[0]!.n)).toBe(151);
    } finally {
      store.close();
    }
    const report = (db: string) => runCli({ db, now: NOW }, ['report', 'sla', '--by', 'agent', '--format', 'json'], { as: 'admin' });
    const fromStandby = report(standby);
    expect(fromStandby.code, fromStandby.stderr).toBe(0);
    expect(fromStandby.json()).toEqual(report(primary).json());
    const backlog = runCli({ db: standby, now: NOW }, ['report', 'backlog', '--format', 'json'], { as: 'admin' });
    expect(backlog.code, backlog.stderr).toBe(0);
    const write = runCli({ db: standby, now: NOW }, ['ticket', 'create', '--subject', 'Nope', '--text', 'x'], { as: 'admin' });
    expect(write.code).not.toBe(0);
    expect(write.stderr.trim().split('\n')).toHaveLength(1);
    expect(write.stderr).not.toMatch(/\n\s+at /);
    expect(counts(primary).tickets).toBe(151);
  });
});
