// `ticketty report sla --by priority` on the big database against a hand-written SQL aggregate of
// the same grouping (counts, met/breached, median and p90 business minutes, open at risk, first
// pickup within an hour), run by a bare node + better-sqlite3 process on the same file.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, benchEnv, compared, race, skipped, timeProcess, type Figure } from './measure.js';

const RAW_SQL = fileURLToPath(new URL('./rawSql.mjs', import.meta.url));
/** The demo spans the 182 days before BENCH_NOW: the window covers all of it. */
const SINCE = '2025-08-01';
const UNTIL = '2026-03-05';

export function hasSlaReport(): boolean {
  const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: benchEnv() });
  return /^\s*ticketty report\b/m.test(r.stdout);
}

export function slaReport(db: string, runs: number): Figure[] {
  const name = 'report sla --by priority over every ticket';
  if (!hasSlaReport())
    return [
      skipped(
        'sla',
        name,
        'ticketty report sla has not landed yet (issue 3); the SQL baseline is ready in test/bench/rawSql.mjs',
        '≤ 1.5×',
      ),
    ];
  const results = race(
    [
      {
        name: 'sql',
        run: () =>
          timeProcess(process.execPath, [RAW_SQL, db, 'sla-by-priority', String(Date.parse(SINCE)), String(Date.parse(UNTIL))], {
            env: benchEnv(),
          }),
      },
      {
        name: 'report',
        run: () =>
          timeProcess(
            process.execPath,
            [BIN, '--db', db, '--as', 'admin', 'report', 'sla', '--by', 'priority', '--since', SINCE, '--until', UNTIL, '--format', 'json'],
            { env: benchEnv() },
          ),
      },
    ],
    runs,
  );
  return [
    compared(
      'sla',
      name,
      results.get('report')!,
      { name: 'hand-written SQL aggregate (node + better-sqlite3)', value: results.get('sql')! },
      1.5,
    ),
  ];
}
