// `--only generator`: times `ticketty demo` into a throw-away file (the cache is left alone).
import { join } from 'node:path';
import { BENCH_DIR, removeDb } from './demoDb.js';
import { BIN, benchEnv, loadAverage, summarize, timeProcessCpu, type Figure } from './measure.js';

export function generatorRun(tickets: number, seed: number, runs: number): Figure[] {
  const path = join(BENCH_DIR, 'generator-run.db');
  const seconds: number[] = [];
  const cpu: number[] = [];
  const loads: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      removeDb(path);
      const t = timeProcessCpu(process.execPath, [BIN, 'demo', '--db', path, '--tickets', String(tickets), '--seed', String(seed)], {
        env: benchEnv(),
      });
      if (t.status !== 0) throw new Error(`ticketty demo failed (${t.status}): ${t.stderr}`);
      seconds.push(t.ms / 1000);
      if (t.cpuSeconds !== null) cpu.push(t.cpuSeconds);
      loads.push(loadAverage());
    }
  } finally {
    removeDb(path);
  }
  const value = summarize(seconds);
  return [
    {
      section: 'generator',
      name: `ticketty demo --tickets ${tickets.toLocaleString('en')}`,
      unit: 's',
      value,
      target: tickets >= 1_000_000 ? '≤ 60 s' : undefined,
      ok: tickets >= 1_000_000 ? value.median <= 60 : undefined,
      note: `CPU ${cpu.map((c) => c.toFixed(0)).join(', ')} s (user + system); load average after each run ${loads.join(', ')}`,
    },
  ];
}
