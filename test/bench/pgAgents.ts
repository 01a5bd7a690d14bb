// Issue 19's load: `agents` simulated agents, each its own process (pgAgent.ts), working the
// helpdesk on PostgreSQL for `seconds` through the real app layer; then the check that nothing
// acknowledged was lost: every acknowledged action's version step is on its ticket's chain, the
// events written equal the acknowledged actions, and every acknowledged comment or reply is there.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import type { AgentAction, AgentReport } from './pgAgent.js';
import { BENCH_NOW, benchEnv, loadAverage, log, quantile, type Figure } from './measure.js';

const AGENT = fileURLToPath(new URL('./pgAgent.ts', import.meta.url));
const START_GROUP = 5;

export interface LoadOptions {
  agents: number;
  seconds: number;
  thinkMs: number;
}

/** The staff the simulated agents act as: the demo's agents and engineers, round robin. */
function staffHandles(url: string, count: number): string[] {
  const store = openPostgresStore(url, { migrate: false });
  try {
    const rows = store.query<{ handle: string }>("select handle from users where role in ('agent', 'engineer') order by role, id");
    if (!rows.length) throw new Error('the demo has no agents');
    return Array.from({ length: count }, (_, i) => rows[i % rows.length]!.handle);
  } finally {
    store.close();
  }
}

function startAgent(
  url: string,
  handle: string,
  seed: number,
  thinkMs: number,
): { child: ChildProcess; ready: Promise<void>; report: Promise<AgentReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', AGENT, url, handle, String(seed), String(thinkMs)], {
    env: benchEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    if (out.startsWith('ready\n')) signalReady();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const report = new Promise<AgentReport>((resolve, reject) =>
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as AgentReport);
      else {
        // Node ends an uncaught error's report with its version: name the error line instead.
        const why = err.split('\n').find((line) => /^\w*Error\b|^\s*(code|message):/.test(line)) ?? err.trim().split('\n')[0];
        reject(new Error(`agent ${handle} exited with ${code}: ${why}`));
      }
    }),
  );
  return { child, ready: Promise.race([ready, report.then(() => undefined)]), report };
}

interface Verification {
  lost: number;
  eventsWritten: number;
  textsMissing: number;
  problems: string[];
}

/** What the database says after the run, against what the agents were told. */
function verify(url: string, actions: AgentAction[], eventsBefore: number): Verification {
  const store = openPostgresStore(url, { migrate: false });
  const problems: string[] = [];
  try {
    const byTicket = new Map<number, AgentAction[]>();
    for (const a of actions) byTicket.set(a.ticket, [...(byTicket.get(a.ticket) ?? []), a]);
    const ids = [...byTicket.keys()];
    const versions = new Map(
      store
        .query<{ id: number; version: number }>('select id, version from tickets where id = any($1::int[])', [ids])
        .map((r) => [r.id, r.version]),
    );
    let lost = 0;
    for (const [id, list] of byTicket) {
      // Acknowledged steps of one ticket must chain: each made on the version the previous produced,
      // the last one the ticket's version now. A lost update breaks the chain or the end.
      list.sort((a, b) => a.from - b.from);
      for (let i = 0; i < list.length; i++) {
        const a = list[i]!;
        const chained = a.to === a.from + 1 && (i === 0 || list[i - 1]!.to === a.from);
        if (!chained) {
          lost++;
          problems.push(`ticket #${id}: ${a.kind} acknowledged ${a.from}→${a.to} off the chain`);
        }
      }
      if (versions.get(id) !== list[list.length - 1]!.to) {
        lost++;
        problems.push(`ticket #${id}: version ${versions.get(id)} but the last acknowledged change made ${list[list.length - 1]!.to}`);
      }
    }
    const eventsWritten = Number(store.query<{ n: string }>('select count(*) as n from events where id > $1', [eventsBefore])[0]!.n);
    const texts = actions.filter((a) => a.text).map((a) => a.text!);
    const found = Number(store.query<{ n: string }>('select count(*) as n from comments where body = any($1::text[])', [texts])[0]!.n);
    return { lost, eventsWritten, textsMissing: texts.length - found, problems };
  } finally {
    store.close();
  }
}

export async function agentLoad(url: string, options: LoadOptions): Promise<Figure[]> {
  const handles = staffHandles(url, options.agents);
  const probe = openPostgresStore(url, { migrate: false });
  const eventsBefore = Number(probe.query<{ n: string }>('select coalesce(max(id), 0) as n from events')[0]!.n);
  probe.close();
  log(`starting ${options.agents} agent processes …`);
  // Started a few at a time, each group once the previous is connected: 50 processes compiling
  // and connecting at once on two cores wait past the store's start-up timeout.
  const agents: Array<ReturnType<typeof startAgent>> = [];
  const failed: string[] = [];
  let reports: AgentReport[] = [];
  try {
    for (let i = 0; i < handles.length; i += START_GROUP) {
      const group = handles.slice(i, i + START_GROUP).map((handle, j) => startAgent(url, handle, i + j + 1, options.thinkMs));
      agents.push(...group);
      await Promise.all(group.map((a) => a.ready.catch(() => {})));
    }
    const start = Date.now() + 500;
    const end = start + options.seconds * 1000;
    log(`${agents.filter((a) => a.child.exitCode === null).length} of ${agents.length} ready; working for ${options.seconds} s …`);
    for (const a of agents) if (a.child.exitCode === null) a.child.stdin!.write(`go ${start} ${end}\n`);
    const settled = await Promise.allSettled(agents.map((a) => a.report));
    reports = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of settled) if (r.status === 'rejected') failed.push((r.reason as Error).message);
  } finally {
    for (const a of agents) if (a.child.exitCode === null) a.child.kill();
  }
  const load = loadAverage();
  const actions = reports.flatMap((r) => r.actions);
  const errors = [...failed.map((f) => `agent failed: ${f}`), ...reports.flatMap((r) => r.errors)];
  const conflicts = reports.reduce((sum, r) => sum + r.conflicts, 0);
  const check = verify(url, actions, eventsBefore);
  for (const p of [...check.problems, ...errors].slice(0, 10)) log(p);
  const ms = actions.map((a) => a.ms).sort((a, b) => a - b);
  const queue = reports.flatMap((r) => r.queueMs).sort((a, b) => a - b);
  const show = reports.flatMap((r) => r.showMs).sort((a, b) => a - b);
  const kinds = new Map<string, number>();
  for (const a of actions) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const mix = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  const p = (sorted: number[], q: number) => quantile(sorted, q);
  const under = `${options.agents} agent processes, ${options.seconds} s, think ${options.thinkMs} ms ±50%; load average ${load}`;
  const missing = check.eventsWritten - actions.length;
  return [
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: action latency p50 / p99`,
      unit: 'ms',
      value: { median: p(ms, 0.5), min: p(ms, 0.99), max: ms[ms.length - 1] ?? NaN, runs: ms.length },
      target: 'p99 ≤ 50 ms',
      ok: ms.length > 0 && p(ms, 0.99) <= 50,
      note: `${actions.length} acknowledged actions (${mix}); spread column: p99 and max; ${under}`,
    },
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: lost updates / errors surfaced`,
      unit: 'ms',
      value: null,
      target: '0 / 0',
      ok: check.lost === 0 && missing === 0 && check.textsMissing === 0 && errors.length === 0,
      note: `lost ${check.lost}, events ${check.eventsWritten} for ${actions.length} acknowledged actions, comments missing ${check.textsMissing}; errors ${errors.length}${errors[0] ? ` (first: ${errors[0]})` : ''}; conflicts ${conflicts} (refused with the current version, as --if-version does)`,
    },
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: queue page / open ticket p50 (p99) under the load`,
      unit: 'ms',
      value: { median: p(queue, 0.5), min: p(queue, 0.99), max: queue[queue.length - 1] ?? NaN, runs: queue.length },
      note: `queue page p99 ${p(queue, 0.99).toFixed(1)} ms; open ticket p50 ${p(show, 0.5).toFixed(1)} ms, p99 ${p(show, 0.99).toFixed(1)} ms; clock from ${BENCH_NOW}`,
    },
  ];
}
