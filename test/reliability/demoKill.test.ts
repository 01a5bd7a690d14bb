// A killed `ticketty demo` (issue 21): the half-built database is recognised on the next run,
// which says in one line what to do (exit 2) instead of "the database already has N tickets";
// done as it says, demo builds it whole.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BIN, runCli, tempDb } from '../helpers/cli.js';

const tmp = tempDb();
const env = { db: tmp.db, now: '2026-03-02T10:00:00Z' };
afterAll(() => tmp.cleanup());

function ticketCount(): number {
  if (!existsSync(tmp.db)) return 0;
  // Writable: after the kill the file has a hot rollback journal (the demo loads without a WAL),
  // which only a connection that may write rolls back.
  const db = new Database(tmp.db, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'tickets'").get() as { n: number }).n
      ? (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
      : 0;
  } catch {
    return 0; // not created yet
  } finally {
    db.close();
  }
}

describe('a killed demo', () => {
  it('is recognised, and the next run says what to do; done so, demo builds it', async () => {
    const child = spawn(process.execPath, [BIN, '--db', tmp.db, 'demo', '--tickets', '300000'], {
      env: { ...process.env, TICKETTY_NOW: env.now },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let ended = false;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    void exited.then(() => (ended = true));
    const deadline = Date.now() + 300_000;
    while (!ended && ticketCount() === 0 && Date.now() < deadline) await sleep(100);
    // A demo that stopped on its own before its first chunk says why here, not as "0 written".
    expect(ended ? `demo exited early: ${stderr}` : '').toBe('');
    child.kill('SIGKILL');
    await exited;
    const written = ticketCount();
    console.log(`killed with ${written} of 300000 demo tickets written`);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(300_000);

    const again = runCli(env, ['demo', '--tickets', '300'], {}, 120_000);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      `ticketty: ${tmp.db} holds a demo that was interrupted (${written} of 300000 tickets written), which demo cannot finish: ` +
        `delete ${tmp.db} (with ${tmp.db}-wal and ${tmp.db}-shm) and run 'ticketty demo' again\n`,
    );
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${tmp.db}${suffix}`, { force: true });
    const fresh = runCli(env, ['demo', '--tickets', '300'], {}, 120_000);
    expect(fresh.stderr).not.toMatch(/interrupted/);
    expect(fresh.code).toBe(0);
    // A finished demo carries no mark: a second run is refused as any filled database is.
    const third = runCli(env, ['demo', '--tickets', '300'], {}, 120_000);
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/^ticketty: the database already has 300 tickets; demo fills an empty database only/);
  }, 600_000);
});
