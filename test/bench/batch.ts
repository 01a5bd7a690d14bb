// Batch close of 100,000 tickets (`ticketty close --where`) against a plain SQL UPDATE of the same
// rows, each on its own scratch copy, and the longest wait of a single-ticket action (a priority
// change through the real use case) made from this process while the batch runs in another.
//
// The demo database is mostly closed, so the copy is prepared first: `runs` disjoint sets of
// 100,000 tickets are made `solved` and tagged `bench-batch-N`; run N closes set N. Both copies
// are prepared alike, so the batch and the UPDATE work on the same rows of identical files.
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { BENCH_NOW, BIN, benchEnv, log, quantile, skipped, summarize, type Figure } from './measure.js';
import { copyDb, removeDb } from './demoDb.js';
import { chunkedWritesFloor } from './batchFloor.js';
import { openSqliteApp, type App } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { setPriority } from '../../src/app/tickets/ticketActions.js';
import { fixedClock } from '../../src/domain/clock.js';

export const BATCH_SIZE = 100_000;
const NOW_MS = Date.parse(BENCH_NOW);

/** Makes `sets` disjoint sets of `size` solved tickets, tagged bench-batch-1…N. */
export function prepareBatchSets(db: string, sets: number, size = BATCH_SIZE): void {
  const sqlite = new Database(db);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.transaction(() => {
      sqlite.exec(`CREATE TEMP TABLE bench_pick AS
        SELECT id, (row_number() OVER (ORDER BY id DESC) - 1) / ${size} + 1 AS s
        FROM tickets WHERE status IN ('solved', 'closed') ORDER BY id DESC LIMIT ${sets * size}`);
      sqlite.exec(`UPDATE tickets SET status = 'solved', closed_at = NULL, closing_reason = NULL,
        solved_at = coalesce(solved_at, updated_at), resolution = coalesce(resolution, 'bench'), status_since = updated_at
        WHERE id IN (SELECT id FROM bench_pick)`);
      sqlite.exec(`INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) SELECT id, 'bench-batch-' || s FROM bench_pick`);
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
}

/** The baseline: one UPDATE of the same rows (status, reason, times, version), committed. */
function plainUpdate(db: string, set: number): number {
  const sqlite = new Database(db);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    const update = sqlite.prepare(`UPDATE tickets SET status = 'closed', closing_reason = 'resolved', closed_at = ?, updated_at = ?,
      status_since = ?, version = version + 1 WHERE id IN (SELECT ticket_id FROM ticket_tags WHERE tag = ?)`);
    const started = performance.now();
    const changes = sqlite.transaction(() => update.run(NOW_MS, NOW_MS, NOW_MS, `bench-batch-${set}`).changes)();
    const ms = performance.now() - started;
    if (changes !== BATCH_SIZE) throw new Error(`the plain UPDATE changed ${changes} rows, expected ${BATCH_SIZE}`);
    return ms;
  } finally {
    sqlite.close();
  }
}

export interface ProbedClose {
  ms: number;
  /** The command's CPU (user + system, /usr/bin/time), when it is installed. */
  cpuSeconds: number | null;
  /** Each probe's wait, ms, and when it began, ms from the command's start. */
  waits: number[];
  at: number[];
}

/**
 * Runs the real CLI's `close --where tag=TAG` in a child while `probe`, another agent at work in
 * this process, changes an open ticket outside the batch every 20 ms through the use case: how
 * long the batch's chunks make that agent wait. `db` is a SQLite path or a PostgreSQL URL.
 */
export async function closeWithProbe(db: string, tag: string, probe: App, probeTicket: number): Promise<ProbedClose> {
  const actor = resolveActor(probe, 'admin');
  const args = [BIN, '--db', db, '--as', 'admin', '--json', 'close', '--where', `tag=${tag}`, '--yes'];
  const gnuTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;
  const [file, argv] = gnuTime ? ['/usr/bin/time', ['-f', 'cpu-seconds %U %S', process.execPath, ...args]] : [process.execPath, args];
  const waits: number[] = [];
  const at: number[] = [];
  const started = performance.now();
  const child = spawn(file, argv, { env: benchEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  let running = true;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => ((running = false), resolve(code))));
  let priority: 'P2' | 'P3' = 'P2';
  while (running) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (!running) break;
    priority = priority === 'P2' ? 'P3' : 'P2';
    const t = performance.now();
    setPriority(probe, actor, probeTicket, priority);
    waits.push(performance.now() - t);
    at.push(t - started);
  }
  const code = await exited;
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`close --where on ${db} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const cpu = /cpu-seconds ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { ms, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, waits, at };
}

/** A SQLite batch run: the probed close, then how many of its set are closed. */
async function closeSet(db: string, set: number, probeTicket: number): Promise<ProbedClose & { closed: number }> {
  const app = openSqliteApp(db, fixedClock(BENCH_NOW));
  let run: ProbedClose;
  try {
    run = await closeWithProbe(db, `bench-batch-${set}`, app, probeTicket);
  } finally {
    app.store.close();
  }
  const sqlite = new Database(db, { readonly: true });
  const closed =
    (sqlite
      .prepare("SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id AND g.tag = ? WHERE t.status = 'closed'")
      .pluck()
      .get(`bench-batch-${set}`) as number) ?? 0;
  sqlite.close();
  return { ...run, closed };
}

function hasCloseCommand(): boolean {
  const r = spawnSync(process.execPath, [BIN, 'close', '--help'], { encoding: 'utf8', env: benchEnv() });
  return r.status === 0 && /--where/.test(r.stdout);
}

/**
 * Both copies come from `prepared` (made by prepareBatchSets with `runs` sets); each run closes
 * its own set, so no copy is made per run.
 */
export async function batchClose(prepared: string, scratchDir: string, runs: number): Promise<Figure[]> {
  const target = '≤ 3×';
  if (!hasCloseCommand())
    return [
      skipped(
        'batch',
        `close --where of ${BATCH_SIZE.toLocaleString('en')} tickets`,
        'ticketty close --where has not landed yet (issue 8)',
        target,
      ),
    ];
  const batchDb = copyDb(prepared, `${scratchDir}/batch-close.db`);
  const sqlDb = copyDb(prepared, `${scratchDir}/batch-update.db`);
  const floorDb = copyDb(prepared, `${scratchDir}/batch-floor.db`);
  try {
    const probeTicket = (() => {
      const sqlite = new Database(batchDb, { readonly: true });
      const id = sqlite.prepare("SELECT id FROM tickets WHERE status = 'open' ORDER BY id DESC LIMIT 1").pluck().get() as number;
      sqlite.close();
      return id;
    })();
    const batch: number[] = [];
    const update: number[] = [];
    const floor: number[] = [];
    const floorCheckpoints: number[] = [];
    const waits: number[] = [];
    let closedNote = '';
    for (let set = 1; set <= runs; set++) {
      const run = await closeSet(batchDb, set, probeTicket);
      const longest = run.waits.indexOf(Math.max(...run.waits));
      const sorted = [...run.waits].sort((a, b) => a - b);
      // When in the run the longest wait began tells a start-up or a final step from the chunks.
      log(
        `batch close run ${set}: ${(run.ms / 1000).toFixed(1)} s, ${run.closed} closed, longest single-ticket wait ${run.waits[longest]!.toFixed(0)} ms at ${(run.at[longest]! / 1000).toFixed(1)} s; p99 ${quantile(sorted, 0.99).toFixed(0)} ms of ${sorted.length}`,
      );
      if (run.closed !== BATCH_SIZE) closedNote = `run ${set} closed ${run.closed} of ${BATCH_SIZE}`;
      batch.push(run.ms);
      waits.push(Math.max(...run.waits));
      update.push(plainUpdate(sqlDb, set));
      const bare = chunkedWritesFloor(floorDb, set);
      floor.push(bare.ms);
      floorCheckpoints.push(bare.checkpointMs);
    }
    const value = summarize(batch);
    const baseline = { name: 'plain SQL UPDATE of the same rows', value: summarize(update) };
    const ratio = value.median / baseline.value.median;
    const wait = summarize(waits);
    const floorValue = summarize(floor);
    const checkpoints = summarize(floorCheckpoints).median;
    return [
      {
        section: 'batch',
        name: `close --where of ${BATCH_SIZE.toLocaleString('en')} tickets (events, outbox)`,
        unit: 'ms',
        value,
        baseline,
        ratio,
        target,
        ok: ratio <= 3,
        note: closedNote || undefined,
      },
      {
        section: 'batch',
        name: 'longest wait of a concurrent single-ticket action',
        unit: 'ms',
        value: wait,
        target: '≈ 100 ms',
        ok: wait.median <= 150,
        note: 'per run: the slowest of the priority changes made every 20 ms during it',
      },
      {
        section: 'batch',
        name: 'for context: the same writes in bare SQL, 560-ticket transactions',
        unit: 'ms',
        value: floorValue,
        baseline,
        ratio: floorValue.median / baseline.value.median,
        note: `no target; of which ${checkpoints.toFixed(0)} ms checkpoints (without them ${((floorValue.median - checkpoints) / baseline.value.median).toFixed(2)}×): test/bench/batchFloor.ts`,
      },
    ];
  } finally {
    removeDb(batchDb);
    removeDb(sqlDb);
    removeDb(floorDb);
  }
}
