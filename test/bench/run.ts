// `npm run bench`: every performance figure of ticketty next to a baseline measured in the same run,
// on a cached 1,000,000-ticket demo database. Prints a table, writes .bench/results.json.
//
//   npm run bench -- [--runs 7] [--only cli,tui,keys,sla,filters,mail,batch,generator,pg,exchange] [--tickets 1000000]
//                    [--seed 1] [--batch-runs 3] [--keys 200] [--db PATH] [--agents 50] [--seconds 60] [--warm-up 30] [--think-ms 2000]
//                    [--pg-batch 1000] [--pg-steps queue,sla,agents,batch]
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, copyDb, ensureDemoDb, generatorVersion, removeDb, type DemoDb } from './demoDb.js';
import { loadAverage, log, type Figure } from './measure.js';
import { cliStartup, mailgateStartup } from './startup.js';
import { tuiFirstFrame, tuiKeystrokes, WIDE_NO_PANE, WIDE_TERM } from './tui.js';
import { tuiUnderLoad } from './tuiLoad.js';
import { slaReport } from './sla.js';
import { rollupReports } from './rollups.js';
import { filterTimes } from './filters.js';
import { batchClose, prepareBatchSets } from './batch.js';
import { formatTable } from './table.js';
import { generatorRun } from './generator.js';
import { postgresSection } from './pgSection.js';
import { exchangeRoundTrip } from './exchange.js';

const SECTIONS = ['cli', 'tui', 'keys', 'sla', 'filters', 'mail', 'batch', 'generator', 'pg', 'exchange'] as const;
/** Long sections run only when named (`--only`): a demo build, a million tickets' export and import. */
const ON_REQUEST = new Set(['generator', 'exchange']);

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    only: { type: 'string' },
    tickets: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    'batch-runs': { type: 'string', default: '3' },
    keys: { type: 'string', default: '200' },
    agents: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'think-ms': { type: 'string', default: '2000' },
    'warm-up': { type: 'string', default: '30' },
    'pg-batch': { type: 'string', default: '1000' },
    'pg-steps': { type: 'string' },
    // An existing demo database instead of the cached one (copied into .bench/ first; --tickets should say its size).
    db: { type: 'string' },
  },
});
const runs = Number(values.runs);
const tickets = Number(values.tickets);
const seed = Number(values.seed);
const batchRuns = Number(values['batch-runs']);
const only = new Set(values.only ? values.only.split(',') : SECTIONS.filter((s) => !ON_REQUEST.has(s)));
for (const s of only)
  if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section '${s}': choose from ${SECTIONS.join(', ')}`);

const figures: Figure[] = [];
const add = (section: string, produce: () => Figure[] | Promise<Figure[]>) => async () => {
  if (!only.has(section)) return;
  log(`measuring ${section} …`);
  try {
    figures.push(...(await produce()));
  } catch (error) {
    figures.push({
      section,
      name: `${section} (failed)`,
      unit: 'ms',
      value: null,
      note: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
  }
};

const started = Date.now();
mkdirSync(BENCH_DIR, { recursive: true });
// A given database is copied first: the TUI and the CLI open theirs for writing (WAL, migrations).
const demo: DemoDb = values.db
  ? { path: copyDb(values.db, join(BENCH_DIR, 'given.db')), tickets, seed, builtInSeconds: null }
  : ensureDemoDb(tickets, seed);
if (demo.builtInSeconds !== null) {
  figures.push({
    section: 'generator',
    name: `ticketty demo --tickets ${tickets.toLocaleString('en')} (this run's cache build)`,
    unit: 's',
    value: { median: demo.builtInSeconds, min: demo.builtInSeconds, max: demo.builtInSeconds, runs: 1 },
    target: '≤ 60 s',
    ok: demo.builtInSeconds <= 60,
    note: `CPU ${demo.cpuSeconds?.toFixed(0) ?? '?'} s (user + system); load average after it ${demo.loadAverage}`,
  });
}
await add('generator', () => generatorRun(tickets, seed, Math.min(runs, 3)))();
await add('cli', () => cliStartup(demo.path, runs))();
await add('tui', () => tuiFirstFrame(demo.path, runs))();
await add('tui', () => tuiFirstFrame(demo.path, runs, WIDE_NO_PANE))();
await add('tui', () => tuiFirstFrame(demo.path, runs, WIDE_TERM))();
await add('keys', () => tuiKeystrokes(demo.path, Number(values.keys)))();
await add('keys', () => tuiKeystrokes(demo.path, Number(values.keys), WIDE_NO_PANE))();
await add('keys', () => tuiKeystrokes(demo.path, Number(values.keys), WIDE_TERM))();
await add('keys', () => tuiUnderLoad(demo.path, join(BENCH_DIR, 'tui-scratch.db'), Number(values.keys)))();
await add('sla', () => slaReport(demo.path, runs))();
await add('sla', () => rollupReports(demo.path, runs, tickets))();
await add('filters', () => filterTimes(demo.path, runs))();
await add('exchange', () => exchangeRoundTrip(demo.path, tickets))();

await add('pg', () =>
  postgresSection(demo.path, {
    runs,
    agents: Number(values.agents),
    seconds: Number(values.seconds),
    thinkMs: Number(values['think-ms']),
    warmUpSeconds: Number(values['warm-up']),
    batchSize: Number(values['pg-batch']),
    steps: values['pg-steps']?.split(','),
  }),
)();

// Writing benchmarks work on one scratch copy: mail first, then the batch sets prepared on it.
if (only.has('mail') || only.has('batch')) {
  const scratch = join(BENCH_DIR, 'scratch.db');
  try {
    copyDb(demo.path, scratch);
    await add('mail', () => mailgateStartup(scratch, runs))();
    await add('batch', () => {
      prepareBatchSets(scratch, batchRuns);
      return batchClose(scratch, BENCH_DIR, batchRuns);
    })();
  } finally {
    removeDb(scratch);
  }
}

const machine = {
  loadAverageAtEnd: loadAverage(),
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const result = {
  at: new Date().toISOString(),
  machine,
  database: { tickets, seed, generatorVersion: generatorVersion(), path: demo.path },
  runs,
  seconds: Math.round((Date.now() - started) / 1000),
  figures,
};
mkdirSync(BENCH_DIR, { recursive: true });
const out = join(BENCH_DIR, 'results.json');
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${formatTable(figures)}\n`);
process.stdout.write(
  `\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverageAtEnd}; ${tickets.toLocaleString('en')} tickets; medians of ${runs} runs (spread min–max); ${result.seconds} s\nJSON: ${out}\n`,
);
if (values.db) removeDb(demo.path); // the copy of a given database
process.exitCode = figures.some((f) => f.ok === false) ? 1 : 0;
