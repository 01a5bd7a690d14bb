// The real bin, spawned: a batch close killed mid-way and re-run; confirmation without a terminal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDb } from '../helpers/cli.js';
import { onPostgres } from '../helpers/testStore.js';
import { NOT_NULL, databaseRows, openRowSource, tableCount, tableRows, type RowSource } from '../helpers/tableRows.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';

const BIN = fileURLToPath(new URL('../../bin/ticketty', import.meta.url));
const NOW = '2026-03-02T10:00:00Z';
let tmp: ReturnType<typeof tempDb>;
let db: string;
beforeEach(() => {
  tmp = tempDb();
  db = tmp.db;
});
afterEach(() => tmp.cleanup());

function run(args: string[], input = '', file = db) {
  const r = spawnSync(process.execPath, [BIN, '--db', file, '--now', NOW, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const ok = (args: string[], file = db) => {
  const r = run(args, '', file);
  if (r.code !== 0) throw new Error(`ticketty ${args.join(' ')} → ${r.code}: ${r.err}`);
  return r.out;
};

/** Many solved tickets, written straight into the tables: the batch is what is under test. */
function seedSolved(count: number): void {
  ok(['init', '--admin', 'admin', '--free-clock']);
  ok(['--as', 'admin', 'user', 'add', 'ann', '--role', 'requester', '--email', 'ann@x.test']);
  const at = Date.parse('2026-03-01T10:00:00Z');
  if (onPostgres) {
    const store = openPostgresStorePort(db, { migrate: false });
    try {
      store.query(
        `with t as (
           insert into tickets (subject, description, requester_id, type, priority, status, level, channel, created_at, updated_at, status_since, solved_at, version)
           select 'ticket ' || i, 'd', (select id from users where handle = 'ann'), 'question', 'P3', 'solved', 1, 'cli', $1, $1, $1, $1, 1
           from generate_series(0, $2 - 1) i order by i returning id)
         insert into ticket_levels (ticket_id, level, entered_at) select id, 1, $1 from t`,
        [at, count],
      );
    } finally {
      store.close();
    }
    return;
  }
  const sqlite = new Database(db);
  const ann = (sqlite.prepare("select id from users where handle='ann'").get() as { id: number }).id;
  const ticket = sqlite.prepare(
    "insert into tickets (subject, description, requester_id, type, priority, status, level, channel, created_at, updated_at, status_since, solved_at, version) values (?, 'd', ?, 'question', 'P3', 'solved', 1, 'cli', ?, ?, ?, ?, 1)",
  );
  const level = sqlite.prepare('insert into ticket_levels (ticket_id, level, entered_at) values (?, 1, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) level.run(ticket.run(`ticket ${i}`, ann, at, at, at, at).lastInsertRowid, at);
  })();
  sqlite.close();
}

/** Events a batch wrote so far. */
const batchEvents = (watcher: RowSource) => tableCount(watcher, 'events', { batchId: NOT_NULL });
/** The same as `select count(*) n, count(distinct ticket_id) tickets, count(distinct batch_id) batches from events where action = 'close'`. */
function closeStats(watcher: RowSource) {
  const closes = tableRows(watcher, 'events', { action: 'close' });
  return {
    n: closes.length,
    tickets: new Set(closes.map((e) => e.ticketId)).size,
    batches: new Set(closes.map((e) => e.batchId).filter((b) => b !== null)).size,
  };
}

describe('ticketty close --where', () => {
  it('finishes after a SIGKILL mid-run without doubling a single event', async () => {
    const total = 4000;
    seedSolved(total);
    const child = spawn(
      process.execPath,
      [BIN, '--db', db, '--now', NOW, '--as', 'admin', 'close', '--where', 'status=solved', '--reason', 'resolved', '--yes'],
      { stdio: 'ignore' },
    );
    const watcher = openRowSource(db);
    const closedSoFar = () => batchEvents(watcher);
    let atKill = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const n = closedSoFar();
        if (n >= 200) {
          clearInterval(timer);
          child.kill('SIGKILL');
          atKill = n;
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        if (!atKill) reject(new Error('the run finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const afterKill = closedSoFar();
    expect(afterKill).toBeGreaterThanOrEqual(atKill);
    expect(afterKill).toBeLessThan(total);

    const preview = run(['--as', 'admin', 'close', '--where', 'status=solved', '--reason', 'resolved', '--dry-run', '--json']);
    const p = JSON.parse(preview.out) as { permitted: number; resuming: { done: number } };
    expect(p.resuming.done).toBe(afterKill);
    expect(p.permitted).toBe(total - afterKill);

    const again = JSON.parse(ok(['--as', 'admin', '--json', 'close', '--where', 'status=solved', '--reason', 'resolved', '--yes'])) as {
      changed: number;
      previouslyDone: number;
    };
    expect(again).toMatchObject({ changed: total - afterKill, previouslyDone: afterKill });
    expect(closeStats(watcher)).toEqual({ n: total, tickets: total, batches: 1 });
    expect(tableRows(watcher, 'tickets').filter((t) => t.status !== 'closed').length).toBe(0);
    expect(tableRows(watcher, 'batches').map((b) => ({ finished: b.finishedAt !== null, done: b.done }))).toEqual([
      { finished: true, done: total },
    ]);
    watcher.close();
  });

  it('stops after the chunk in progress on Ctrl-C (SIGINT): exit 130, what it did, and the same command finishes', async () => {
    const total = 4000;
    seedSolved(total);
    const args = ['--db', db, '--now', NOW, '--as', 'admin', '--json', 'close', '--where', 'status=solved', '--yes'];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const watcher = openRowSource(db);
    const closedSoFar = () => batchEvents(watcher);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let signalled = false;
    const timer = setInterval(() => {
      if (!signalled && closedSoFar() >= 200) {
        signalled = true;
        child.kill('SIGINT');
      }
    }, 5);
    const code = await exited;
    clearInterval(timer);
    expect(signalled).toBe(true);
    expect(code, `${out}\n${err}`).toBe(130);
    const result = JSON.parse(out) as { batchId: string; changed: number; interrupted?: boolean };
    expect(result.interrupted).toBe(true);
    expect(result.changed).toBe(closedSoFar()); // every chunk it started, it committed
    expect(result.changed).toBeLessThan(total);
    expect(err.trim()).toBe(
      `ticketty: interrupted: the rest is left as it was; run the same command again to finish batch ${result.batchId}`,
    );
    expect(tableRows(watcher, 'batches').map((b) => ({ finishedAt: b.finishedAt, done: b.done }))[0]).toEqual({
      finishedAt: null,
      done: result.changed,
    });
    const unfinished = JSON.parse(ok(['--as', 'admin', '--json', 'batch', 'list', '--unfinished'])) as Array<{
      id: string;
      done: number;
      total: number;
    }>;
    expect(unfinished).toMatchObject([{ id: result.batchId, done: result.changed, total }]);

    const again = JSON.parse(ok(args.slice(4))) as { batchId: string; changed: number; previouslyDone: number; interrupted?: boolean };
    expect(again).toMatchObject({ batchId: result.batchId, changed: total - result.changed, previouslyDone: result.changed });
    expect(again.interrupted).toBeUndefined();
    expect(ok(['--as', 'admin', 'batch', 'list', '--unfinished'])).toBe('no unfinished batches\n');
    const shown = ok(['--as', 'admin', 'batch', 'show', result.batchId.slice(0, 8)]).split('\n');
    expect(shown[0]).toMatch(new RegExp(`^batch ${result.batchId}: close by admin, started 2026-03-02 10:00, finished 2026-03-02 10:00$`));
    expect(shown.slice(1, 4)).toEqual(['where: status=solved', 'options: reason=resolved', `events: close ${total} on ${total} ticket(s)`]);
    expect(tableRows(watcher, 'tickets').filter((t) => t.status !== 'closed').length).toBe(0);
    watcher.close();
  });

  it('Ctrl-C during the preview changes nothing, even with --yes', async () => {
    seedSolved(20_000);
    const args = ['--db', db, '--now', NOW, '--as', 'admin', '--json', 'close', '--where', 'status=solved', '--yes'];
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TICKETTY_BATCH_TRACE: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      // The first of the preview's ten chunks is checked: the preview is under way.
      if (err.includes('batch: preview ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toContain('batch: chunk '); // no chunk of the run began
    expect(code, `${out}\n${err}`).toBe(130);
    expect(out).toBe('');
    expect(err.trim().split('\n').at(-1)).toBe('ticketty: interrupted: nothing changed');
    expect(databaseRows(db, 'tickets', { status: 'closed' }).length).toBe(0);
    expect(databaseRows(db, 'batches').length).toBe(0);
  });

  it('asks nobody when stdin is not a terminal: refuses without --yes; --dry-run changes nothing', () => {
    seedSolved(3);
    const dry = run(['--as', 'admin', 'close', '--where', 'status=solved', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^3 tickets to close/);
    const refused = run(['--as', 'admin', 'close', '--where', 'status=solved']);
    expect(refused.code).toBe(2);
    expect(refused.err.trim()).toBe('ticketty: refusing to close 3 ticket(s) without --yes: standard input is not a terminal');
    const bad = run(['--as', 'admin', 'close', '--where', 'status=solvd', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^ticketty: bad filter at column/);
    expect(databaseRows(db, 'tickets', { status: 'closed' }).length).toBe(0);
    expect(databaseRows(db, 'batches').length).toBe(0);
  });
});
