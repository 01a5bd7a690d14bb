// Import at any size (issue 21): 33,000 tickets (past SQLite's 32,766 bound parameters, which one
// statement over every id used to hit), killed halfway and finished by running it again; the
// export of the result is the imported file, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, runCli, tempDb } from '../helpers/cli.js';
import { writeBigExport } from '../helpers/bigExport.js';
import { databaseCount, databaseRows } from '../helpers/tableRows.js';

const TICKETS = 33_000;
const tmp = tempDb();
const file = join(tmp.dir, 'big.json');
const env = { db: tmp.db, now: '2026-03-02T10:00:00Z' };

beforeAll(async () => {
  await writeBigExport(file, { tickets: TICKETS, followUpEvery: 97 });
  expect(runCli(env, ['init', '--admin', 'admin']).code).toBe(0);
});
afterAll(() => tmp.cleanup());

function progress(): { tickets: number; done: number | null; finished: number | null } {
  const tickets = databaseCount(tmp.db, 'tickets');
  const run = databaseRows(tmp.db, 'batches', { command: 'import' })[0];
  return { tickets, done: run?.done ?? null, finished: run?.finishedAt ?? null };
}

describe('import at any size', () => {
  it('imports 33,000 tickets in chunks; killed, it finishes on the next run; the export gives the file back', async () => {
    const child = spawn(process.execPath, [BIN, '--db', tmp.db, '--as', 'admin', 'import', file], {
      env: { ...process.env, TICKETTY_NOW: env.now },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Killed once a few chunks are in, wherever it is then.
    let seen = progress();
    const deadline = Date.now() + 600_000;
    while ((seen.done ?? 0) < 500 && Date.now() < deadline) {
      await sleep(200);
      seen = progress();
    }
    child.kill('SIGKILL');
    await exited;
    const killed = progress();
    console.log(`killed with ${killed.tickets} of ${TICKETS} tickets written (run says ${killed.done})`);
    expect(killed.tickets).toBeGreaterThan(0);
    expect(killed.tickets).toBeLessThan(TICKETS);
    // Each chunk and its count commit together: the run's record says exactly what is in.
    expect(killed.done).toBe(killed.tickets);
    expect(killed.finished).toBeNull();

    const again = runCli(env, ['import', file], { as: 'admin' }, 900_000);
    expect(again.stderr).toBe(`finished an interrupted import of this file: ${killed.tickets} ticket(s) were in already\n`);
    expect(again.stdout).toBe(`imported ${TICKETS - killed.tickets} ticket(s), 0 new user(s), 0 new organization(s)\n`);
    expect(again.code).toBe(0);
    const done = progress();
    expect(done.tickets).toBe(TICKETS);
    expect(done.finished).not.toBeNull();

    const exported = runCli(env, ['export'], { as: 'admin' }, 600_000);
    expect(exported.code).toBe(0);
    expect(exported.stdout === readFileSync(file, 'utf8')).toBe(true);
    // New tickets continue after the imported ids.
    const created = runCli(env, ['ticket', 'create', '--subject', 'after', '--text', 'x', '--json'], { as: 'admin' });
    expect(created.json<{ id: number }>().id).toBe(TICKETS + 1);
  }, 1_800_000);
});
