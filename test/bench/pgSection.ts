// `npm run bench -- --only pg`: issue 19's figures on PostgreSQL on loopback, each beside SQLite's
// in the same run: the demo moved in with `ticketty copy` (cached), queue pages, `report sla`, a
// batch close, 50 agent processes at work on each store (pgAgents.ts).
import { postgresBinDir } from '../helpers/postgres.js';
import { join } from 'node:path';
import { BENCH_DIR, copyDb, removeDb } from './demoDb.js';
import { log, skipped, type Figure } from './measure.js';
import { agentLoad } from './pgAgents.js';
import { batchCloses, queuePages, slaReports } from './pgCompare.js';
import { benchPostgres } from './pgServer.js';

export interface PostgresSectionOptions {
  runs: number;
  agents: number;
  seconds: number;
  thinkMs: number;
  warmUpSeconds: number;
  batchSize: number;
  /** Which of queue, sla, agents, batch to run (default all). */
  steps?: string[] | undefined;
}

export async function postgresSection(demoPath: string, options: PostgresSectionOptions): Promise<Figure[]> {
  if (!postgresBinDir())
    return [skipped('pg', 'PostgreSQL figures', 'PostgreSQL is not installed (apt-get install postgresql, or .ci/run)')];
  const server = await benchPostgres(demoPath);
  const figures: Figure[] = [];
  const step = async (name: string, produce: () => Figure[] | Promise<Figure[]>) => {
    if (options.steps && !options.steps.includes(name)) return;
    log(`pg: ${name} …`);
    try {
      figures.push(...(await produce()));
    } catch (error) {
      figures.push(skipped('pg', `PG ${name} (failed)`, error instanceof Error ? error.message.split('\n')[0]! : String(error)));
    }
  };
  try {
    if (server.load) {
      const l = server.load;
      figures.push({
        section: 'pg',
        name: '`ticketty copy` of the demo into PostgreSQL (this run’s cache build)',
        unit: 's',
        value: { median: l.seconds, min: l.seconds, max: l.seconds, runs: 1 },
        note: `${l.summary}; CPU of the copy ${l.cpuSeconds?.toFixed(0) ?? '?'} s; then vacuum analyze ${l.analyzeSeconds.toFixed(0)} s; load average ${l.loadAverage}`,
      });
    }
    log(`pg: server on ${server.url} (${server.settings}); data directory cloned in ${server.cloneSeconds.toFixed(1)} s`);
    await step('queue', () => queuePages(server.url, demoPath, Math.max(options.runs, 20)));
    await step('sla', () => slaReports(server.url, demoPath, options.runs));
    // The batch before the agents: they change the PostgreSQL copy (a run of theirs left 915 of
    // the batch's 1,000 tickets to close), while the SQLite side closes on a fresh copy of the demo.
    await step('batch', () => batchCloses(server.url, demoPath, BENCH_DIR, options.batchSize));
    await step('agents', async () => {
      // The same agents on a scratch copy of the SQLite demo, which they change.
      const copy = copyDb(demoPath, join(BENCH_DIR, 'pg-compare-agents.db'));
      try {
        return await agentLoad(server.url, options, copy, server.logFile);
      } finally {
        removeDb(copy);
      }
    });
  } finally {
    server.stop();
  }
  return figures;
}
