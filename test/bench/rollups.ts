// report sla over the whole history, in process on the big database: from the rollups (what the
// CLI and the TUI run for everyone's tickets) beside the full computation from the tickets table
// (the report before the rollups), interleaved. Then report backlog likewise. Target: 200 ms.
import { openStore } from '../../src/store/sqlite/db.js';
import { createFullSlaReportRepo, createSlaReportRepo } from '../../src/store/sqlite/repos/slaReport.js';
import type { ReportWindow } from '../../src/store/port/index.js';
import { BENCH_NOW, summarize, type Figure } from './measure.js';

const TARGET_MS = 200;

export function rollupReports(path: string, runs: number, tickets: number): Figure[] {
  const store = openStore(path, { migrate: false, mustExist: true });
  try {
    const rollups = createSlaReportRepo(store.db);
    const full = createFullSlaReportRepo(store.db);
    const w: ReportWindow = { sinceMs: null, untilMs: null, nowMs: Date.parse(BENCH_NOW), scope: undefined };
    const time = (fn: () => unknown) => {
      const started = performance.now();
      store.read(fn);
      return performance.now() - started;
    };
    const figure = (name: string, fast: () => unknown, slow: () => unknown): Figure => {
      const a: number[] = [];
      const b: number[] = [];
      for (let round = -1; round < runs; round++) {
        const x = time(fast);
        const y = time(slow);
        if (round < 0) continue; // the warm-up round
        a.push(x);
        b.push(y);
      }
      const value = summarize(a);
      const baseline = summarize(b);
      return {
        section: 'sla',
        name: `${name} over ${tickets.toLocaleString('en')} tickets (in process)`,
        unit: 'ms',
        value,
        baseline: { name: 'full computation from tickets (before the rollups)', value: baseline },
        ratio: value.median / baseline.median,
        target: `≤ ${TARGET_MS} ms`,
        ok: value.median <= TARGET_MS,
      };
    };
    return [
      figure(
        'report sla (whole history)',
        () => rollups.groups('all', w),
        () => full.groups('all', w),
      ),
      figure(
        'report sla --by agent (whole history)',
        () => rollups.groups('agent', w),
        () => full.groups('agent', w),
      ),
      figure(
        'report backlog (whole history)',
        () => [rollups.backlogByStatusLevel(w), rollups.backlogByAssignee(w)],
        () => [full.backlogByStatusLevel(w), full.backlogByAssignee(w)],
      ),
    ];
  } finally {
    store.close();
  }
}
