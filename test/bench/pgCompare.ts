// The same work on PostgreSQL and on the SQLite demo it was copied from, in the same run: a queue
// page through the app layer (in process, as the TUI reads it), `report sla` and a batch close
// (`close --where`, the CLI as a user runs it).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openApp, openSqliteApp, type App } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { loadQueueWindow } from '../../src/app/tickets/queuePage.js';
import { queueTabs } from '../../src/app/tickets/queueTabs.js';
import { fixedClock } from '../../src/domain/clock.js';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { closeWithProbe, prepareBatchSets, type ProbedClose } from './batch.js';
import { copyDb, removeDb } from './demoDb.js';
import { BENCH_NOW, BIN, benchEnv, compared, log, quantile, race, summarize, timeProcessCpu, type Figure } from './measure.js';

/** A queue page as the TUI's first frame reads it: 40 rows of a tab, by SLA. Wall and CPU milliseconds of this process (its threads). */
function queuePage(app: App, handle: string, tabId: string): () => [number, number] {
  const actor = resolveActor(app, handle);
  const tab = queueTabs(actor).find((t) => t.id === tabId)!;
  return () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const page = loadQueueWindow(app, actor, { where: tab.filter, sort: { key: 'sla', descending: false }, size: 40 }, { kind: 'first' });
    if (!page.rows.length) throw new Error(`the ${tab.title} tab of ${handle} is empty`);
    const used = process.cpuUsage(cpu);
    return [performance.now() - started, (used.user + used.system) / 1000];
  };
}

export async function queuePages(url: string, sqlitePath: string, runs: number): Promise<Figure[]> {
  const clock = fixedClock(BENCH_NOW);
  const pg = await openApp(url, clock, { mustExist: true });
  const sqlite = openSqliteApp(sqlitePath, clock);
  try {
    const agent = sqlite.people.listUsers().find((u) => u.role === 'agent')!.handle;
    const figures: Figure[] = [];
    for (const [handle, tabId, title] of [
      ['admin', 'open', 'All open, admin'],
      [agent, 'mine', `Mine, agent ${agent}`],
      [agent, 'unassigned', `Unassigned L1, agent ${agent}`],
    ] as const) {
      const onPg = queuePage(pg, handle, tabId);
      const onSqlite = queuePage(sqlite, handle, tabId);
      const times: number[][] = [[], [], [], []];
      for (let round = -3; round < runs; round++) {
        const a = onPg();
        const b = onSqlite();
        if (round < 0) continue;
        [a[0], b[0], a[1], b[1]].forEach((ms, i) => times[i]!.push(ms));
      }
      const [pgMs, sqliteMs, pgCpu, sqliteCpu] = times.map((list) => summarize(list));
      figures.push({
        ...compared(
          'pg',
          `PG queue page (40 rows by SLA): ${title}`,
          pgMs!,
          { name: 'the same page on SQLite', value: sqliteMs! },
          undefined,
          `CPU of this process per page (main thread and the store's worker; not the server's): PG ${pgCpu!.median.toFixed(1)} ms, SQLite ${sqliteCpu!.median.toFixed(1)} ms`,
        ),
        target: '≤ 20 ms',
        ok: pgMs!.median <= 20,
      });
    }
    return figures;
  } finally {
    pg.store.close();
    sqlite.store.close();
  }
}

const SINCE = '2025-08-01';
const UNTIL = '2026-03-05';

export function slaReports(url: string, sqlitePath: string, runs: number): Figure[] {
  const report = (db: string) => () =>
    timeProcessCpu(
      process.execPath,
      [BIN, '--db', db, '--as', 'admin', 'report', 'sla', '--by', 'priority', '--since', SINCE, '--until', UNTIL, '--format', 'json'],
      {
        env: benchEnv(),
      },
    );
  const results = race(
    [
      { name: 'sqlite', run: report(sqlitePath) },
      { name: 'pg', run: report(url) },
    ],
    runs,
  );
  return [
    compared(
      'pg',
      'PG `report sla --by priority`',
      results.get('pg')!,
      { name: 'the same report on SQLite', value: results.get('sqlite')! },
      2,
    ),
  ];
}

/** Makes `size` closed or solved tickets `solved` and tags them bench-batch-1, as prepareBatchSets does on SQLite. */
function preparePgBatch(url: string, size: number): void {
  const store = openPostgresStore(url, { migrate: false });
  try {
    store.query(
      `with pick as (select id from tickets where status in ('solved', 'closed') order by id desc limit $1),
       changed as (update tickets t set status = 'solved', closed_at = null, closing_reason = null,
         solved_at = coalesce(t.solved_at, t.updated_at), resolution = coalesce(t.resolution, 'bench'), status_since = t.updated_at
         from pick where t.id = pick.id returning t.id)
       insert into ticket_tags (ticket_id, tag) select id, 'bench-batch-1' from changed on conflict do nothing`,
      [size],
    );
    store.query('analyze tickets');
  } finally {
    store.close();
  }
}

function closedCount(url: string): number {
  const store = openPostgresStore(url, { migrate: false });
  try {
    return Number(
      store.query<{ n: string }>(
        "select count(*) as n from tickets t join ticket_tags g on g.ticket_id = t.id and g.tag = 'bench-batch-1' where t.status = 'closed'",
      )[0]!.n,
    );
  } finally {
    store.close();
  }
}

const NEWEST_OPEN = "select id from tickets where status = 'open' order by id desc limit 1";

function newestOpenOnPg(url: string): number {
  const store = openPostgresStore(url, { migrate: false });
  try {
    return Number(store.query<{ id: string | number }>(NEWEST_OPEN)[0]!.id);
  } finally {
    store.close();
  }
}

/**
 * One `close --where` of `size` tickets on each store (a batch changes its rows: one run each),
 * each with another agent's writes probing it.
 */
export async function batchCloses(url: string, sqlitePath: string, scratchDir: string, size: number): Promise<Figure[]> {
  const scratch = copyDb(sqlitePath, join(scratchDir, 'pg-compare-batch.db'));
  const clock = fixedClock(BENCH_NOW);
  try {
    prepareBatchSets(scratch, 1, size);
    preparePgBatch(url, size);
    const sqliteProbe = openSqliteApp(scratch, clock);
    const onSqlite = await (async () => {
      try {
        const reader = new Database(scratch, { readonly: true });
        const ticket = reader.prepare(NEWEST_OPEN).pluck().get() as number;
        reader.close();
        return await closeWithProbe(scratch, 'bench-batch-1', sqliteProbe, ticket);
      } finally {
        sqliteProbe.store.close();
      }
    })();
    const pgProbe = await openApp(url, clock, { mustExist: true });
    const onPg = await (async () => {
      try {
        return await closeWithProbe(url, 'bench-batch-1', pgProbe, newestOpenOnPg(url));
      } finally {
        pgProbe.store.close();
      }
    })();
    const sqlite = new Database(scratch, { readonly: true });
    const closedSqlite = sqlite
      .prepare(
        "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id AND g.tag = 'bench-batch-1' WHERE t.status = 'closed'",
      )
      .pluck()
      .get() as number;
    sqlite.close();
    const closedPg = closedCount(url);
    log(
      `batch close of ${size}: SQLite ${(onSqlite.ms / 1000).toFixed(1)} s (${closedSqlite} closed), PG ${(onPg.ms / 1000).toFixed(1)} s (${closedPg} closed)`,
    );
    const one = (ms: number) => summarize([ms]);
    const longest = (run: ProbedClose) => Math.max(...run.waits, 0);
    const p99 = (run: ProbedClose) =>
      run.waits.length
        ? quantile(
            [...run.waits].sort((a, b) => a - b),
            0.99,
          ).toFixed(1)
        : '–';
    return [
      {
        ...compared(
          'pg',
          `PG \`close --where\` of ${size.toLocaleString('en')} tickets`,
          one(onPg.ms),
          { name: 'the same batch on SQLite', value: one(onSqlite.ms) },
          2,
          `CPU of the command: PG ${onPg.cpuSeconds?.toFixed(1) ?? '?'} s, SQLite ${onSqlite.cpuSeconds?.toFixed(1) ?? '?'} s; closed: PG ${closedPg}, SQLite ${closedSqlite}; each with the probe below`,
        ),
        ...(closedPg !== size || closedSqlite !== size ? { ok: false } : {}),
      },
      {
        section: 'pg',
        name: "PG, another agent's write during that close: longest wait",
        unit: 'ms',
        value: one(longest(onPg)),
        baseline: { name: 'the same on SQLite', value: one(longest(onSqlite)) },
        ratio: longest(onPg) / longest(onSqlite),
        target: '≈ 100 ms',
        ok: longest(onPg) <= 150,
        note: `a priority change of an open ticket outside the batch every 20 ms through the use case: PG p99 ${p99(onPg)} ms of ${onPg.waits.length}, SQLite p99 ${p99(onSqlite)} ms of ${onSqlite.waits.length}`,
      },
    ];
  } finally {
    removeDb(scratch);
  }
}
