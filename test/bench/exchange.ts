// The export → import → export round trip (issue 21), standalone because it is long:
//   node bin/build.mjs && node --import tsx test/bench/exchange.ts [TICKETS=1000000] [SEED=1] [SOURCE.db]
// (SOURCE.db: export that database instead of building a demo, e.g. the bench's cached one; only read)
// Builds a demo of TICKETS, exports it (JSON), imports the file into an empty database
// (`init --admin admin`), exports that, and checks the two exports are the same bytes. Prints
// each step's wall and CPU time, the file's size and the load average.
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, benchEnv, loadAverage, timeProcessCpu } from './measure.js';

const tickets = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const given = process.argv[4];
const dir = mkdtempSync(join(tmpdir(), 'ticketty-exchange-bench-'));
const source = given ?? join(dir, 'source.db');
const target = join(dir, 'target.db');

function step(name: string, args: string[]): void {
  // No time limit: a million tickets' import takes longer than the helper's default 10 minutes.
  const t = timeProcessCpu('sh', ['-c', args.join(' ')], { env: { ...benchEnv(), TICKETTY_NOW: '2026-03-02T10:00:00Z' }, timeout: 0 });
  if (t.status !== 0) throw new Error(`${name} failed (${t.status}): ${t.stderr}`);
  const cpu = t.cpuSeconds === null ? '' : `, CPU ${t.cpuSeconds.toFixed(1)} s`;
  console.log(`${name.padEnd(10)} ${(t.ms / 1000).toFixed(1)} s${cpu}, load average ${loadAverage()}`);
}

async function sha(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

try {
  const node = `"${process.execPath}" "${BIN}"`;
  console.log(`round trip of a ${tickets.toLocaleString('en')}-ticket demo (seed ${seed})`);
  if (given) console.log(`source     ${given}`);
  else step('demo', [node, '--db', source, 'demo', '--tickets', String(tickets), '--seed', String(seed), '>/dev/null']);
  step('export', [node, '--db', source, '--as', 'admin', 'export', '--output', join(dir, 'first.json'), '2>/dev/null']);
  console.log(`file       ${(statSync(join(dir, 'first.json')).size / 1e6).toFixed(0)} MB`);
  step('init', [node, '--db', target, 'init', '--admin', 'admin', '>/dev/null']);
  step('import', [node, '--db', target, '--as', 'admin', 'import', join(dir, 'first.json'), '>/dev/null']);
  step('export', [node, '--db', target, '--as', 'admin', 'export', '--output', join(dir, 'second.json'), '2>/dev/null']);
  const same = (await sha(join(dir, 'first.json'))) === (await sha(join(dir, 'second.json')));
  console.log(same ? 'the two exports are identical' : 'THE EXPORTS DIFFER');
  process.exitCode = same ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
