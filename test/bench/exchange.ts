// The export → import → export round trip (issue 21): `npm run bench -- --only exchange` (not in
// the default run: at a million tickets it takes most of an hour), or standalone:
//   node bin/build.mjs && node --import tsx test/bench/exchange.ts [TICKETS=1000000] [SEED=1] [SOURCE.db]
// (SOURCE.db: export that database instead of building a demo, e.g. the bench's cached one; only read)
// Exports the demo (JSON), imports the file into an empty database (`init --admin admin`),
// exports that, and checks the two exports are the same bytes. Prints each step's wall and CPU
// time, the file's size and the load average.
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, benchEnv, loadAverage, log, timeProcessCpu, type Figure } from './measure.js';

interface Step {
  name: string;
  seconds: number;
  cpuSeconds: number | null;
  loadAverage: number;
}

function step(name: string, args: string[]): Step {
  // No time limit: a million tickets' import takes longer than the helper's default 10 minutes.
  const t = timeProcessCpu('sh', ['-c', args.join(' ')], { env: { ...benchEnv(), TICKETTY_NOW: '2026-03-02T10:00:00Z' }, timeout: 0 });
  if (t.status !== 0) throw new Error(`${name} failed (${t.status}): ${t.stderr}`);
  const done = { name, seconds: t.ms / 1000, cpuSeconds: t.cpuSeconds, loadAverage: loadAverage() };
  const cpu = done.cpuSeconds === null ? '' : `, CPU ${done.cpuSeconds.toFixed(1)} s`;
  log(`${name.padEnd(10)} ${done.seconds.toFixed(1)} s${cpu}, load average ${done.loadAverage}`);
  return done;
}

async function sha(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The round trip of `source` (a demo database, only read): a figure per step, and whether the two exports are identical. */
export async function exchangeRoundTrip(source: string, tickets: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-exchange-bench-'));
  const target = join(dir, 'target.db');
  try {
    const node = `"${process.execPath}" "${BIN}"`;
    const exported = step('export', [
      node,
      '--db',
      `"${source}"`,
      '--as',
      'admin',
      'export',
      '--output',
      join(dir, 'first.json'),
      '2>/dev/null',
    ]);
    const megabytes = statSync(join(dir, 'first.json')).size / 1e6;
    log(`file       ${megabytes.toFixed(0)} MB`);
    step('init', [node, '--db', target, 'init', '--admin', 'admin', '>/dev/null']);
    const imported = step('import', [node, '--db', target, '--as', 'admin', 'import', join(dir, 'first.json'), '>/dev/null']);
    const again = step('export', [node, '--db', target, '--as', 'admin', 'export', '--output', join(dir, 'second.json'), '2>/dev/null']);
    const same = (await sha(join(dir, 'first.json'))) === (await sha(join(dir, 'second.json')));
    log(same ? 'the two exports are identical' : 'THE EXPORTS DIFFER');
    const label = `${tickets.toLocaleString('en')} tickets`;
    const figure = (s: Step, name: string, note: string): Figure => ({
      section: 'exchange',
      name,
      unit: 's',
      value: { median: s.seconds, min: s.seconds, max: s.seconds, runs: 1 },
      note: `CPU ${s.cpuSeconds?.toFixed(0) ?? '?'} s; load average ${s.loadAverage}${note}`,
    });
    return [
      figure(exported, `export of ${label} (JSON)`, `; ${megabytes.toFixed(0)} MB`),
      figure(imported, `import of that file into an empty database`, ''),
      {
        ...figure(again, `export again, compared byte for byte with the first`, ''),
        target: 'identical',
        ok: same,
        note: `${same ? 'identical' : 'THE EXPORTS DIFFER'}; CPU ${again.cpuSeconds?.toFixed(0) ?? '?'} s`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tickets = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 1);
  const given = process.argv[4];
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-exchange-demo-'));
  try {
    const source = given ?? join(dir, 'source.db');
    log(`round trip of a ${tickets.toLocaleString('en')}-ticket demo (seed ${seed})`);
    if (given) log(`source     ${given}`);
    else
      step('demo', [
        `"${process.execPath}" "${BIN}"`,
        '--db',
        source,
        'demo',
        '--tickets',
        String(tickets),
        '--seed',
        String(seed),
        '>/dev/null',
      ]);
    const figures = await exchangeRoundTrip(source, tickets);
    process.exitCode = figures.every((f) => f.ok !== false) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
