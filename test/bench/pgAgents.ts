// Issue 19's load: `agents` simulated agents, each its own process (pgAgent.ts), working the
// helpdesk for `seconds` through the real app layer, on PostgreSQL; then the same statements sent
// by plain node-postgres processes (pgFloorAgent.ts: what the server and the wire cost without the
// app layer and the store's worker); then the same agents on a copy of the SQLite demo. After each,
// the check that nothing acknowledged was lost: every acknowledged action's version step is on its
// ticket's chain, the events written equal the acknowledged actions, and every acknowledged
// comment or reply is there.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import type { AgentAction, AgentReport } from './pgAgent.js';
import { BENCH_NOW, benchEnv, loadAverage, log, quantile, summarize, type Figure } from './measure.js';

const AGENT = fileURLToPath(new URL('./pgAgent.ts', import.meta.url));
const FLOOR_AGENT = fileURLToPath(new URL('./pgFloorAgent.ts', import.meta.url));
const START_GROUP = 5;

export interface LoadOptions {
  agents: number;
  seconds: number;
  thinkMs: number;
  /** Seconds of work before the measured `seconds` (each agent's code and server sessions warm). */
  warmUpSeconds: number;
}

/** The few reads the load makes around the agents, on either store (a URL or a SQLite file). */
interface Reader {
  handles(): string[];
  maxEventId(): number;
  versions(ids: number[]): Map<number, number>;
  eventsAfter(id: number): number;
  commentsFound(texts: string[]): number;
  close(): void;
}

const STAFF = "select handle from users where role in ('agent', 'engineer') order by role, id";

function readerOf(url: string): Reader {
  if (/^postgres(ql)?:/.test(url)) {
    const store = openPostgresStore(url, { migrate: false });
    const n = (text: string, params: unknown[] = []) => Number(store.query<{ n: string }>(text, params)[0]!.n);
    return {
      handles: () => store.query<{ handle: string }>(STAFF).map((r) => r.handle),
      maxEventId: () => n('select coalesce(max(id), 0) as n from events'),
      versions: (ids) =>
        new Map(
          store
            .query<{ id: number; version: number }>('select id, version from tickets where id = any($1::int[])', [ids])
            .map((r) => [r.id, r.version]),
        ),
      eventsAfter: (id) => n('select count(*) as n from events where id > $1', [id]),
      commentsFound: (texts) => n('select count(*) as n from comments where body = any($1::text[])', [texts]),
      close: () => store.close(),
    };
  }
  const db = new Database(url, { readonly: true });
  const n = (text: string, ...params: unknown[]) =>
    Number(
      db
        .prepare(text)
        .pluck()
        .get(...params),
    );
  return {
    handles: () => db.prepare(STAFF).pluck().all() as string[],
    maxEventId: () => n('select coalesce(max(id), 0) from events'),
    versions: (ids) =>
      new Map(
        (
          db.prepare('select id, version from tickets where id in (select value from json_each(?))').all(JSON.stringify(ids)) as Array<{
            id: number;
            version: number;
          }>
        ).map((r) => [r.id, r.version]),
      ),
    eventsAfter: (id) => n('select count(*) from events where id > ?', id),
    commentsFound: (texts) => n('select count(*) from comments where body in (select value from json_each(?))', JSON.stringify(texts)),
    close: () => db.close(),
  };
}

/** Clock ticks of /proc/PID/stat (USER_HZ: 100 on Linux builds). */
const TICK_MS = 10;

/**
 * CPU milliseconds the PostgreSQL server on `url`'s port has used so far: its postmaster, the
 * processes it runs now, and those that have exited (the postmaster's reaped children). Null when
 * `url` is not PostgreSQL or /proc is not there.
 */
export function serverCpuMs(url: string): number | null {
  const port = /^postgres(?:ql)?:\/\/[^/]*:(\d+)\//.exec(url)?.[1];
  if (!port) return null;
  try {
    const stats = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        try {
          // After the command's closing parenthesis: state, ppid, … utime (14), stime, cutime, cstime.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          if (!stat.includes('(postgres)')) return [];
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return [{ pid: Number(pid), ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) }];
        } catch {
          return []; // exited while we looked
        }
      });
    const master = stats.find((s) => {
      const args = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
      return args.some((a, i) => (a === '-p' && args[i + 1] === port) || a === `-p${port}`);
    });
    if (!master) return null;
    const children = stats.filter((s) => s.ppid === master.pid).reduce((sum, s) => sum + s.own, 0);
    return (master.own + master.reaped + children) * TICK_MS;
  } catch {
    return null;
  }
}

/** The staff the simulated agents act as: the demo's agents and engineers, round robin. */
function staffHandles(url: string, count: number): string[] {
  const reader = readerOf(url);
  try {
    const rows = reader.handles();
    if (!rows.length) throw new Error('the demo has no agents');
    return Array.from({ length: count }, (_, i) => rows[i % rows.length]!);
  } finally {
    reader.close();
  }
}

function startAgent(
  script: string,
  url: string,
  handle: string,
  seed: number,
  thinkMs: number,
): { child: ChildProcess; ready: Promise<void>; report: Promise<AgentReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, handle, String(seed), String(thinkMs)], {
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
  const reader = readerOf(url);
  const problems: string[] = [];
  try {
    const byTicket = new Map<number, AgentAction[]>();
    for (const a of actions) byTicket.set(a.ticket, [...(byTicket.get(a.ticket) ?? []), a]);
    const versions = reader.versions([...byTicket.keys()]);
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
    const texts = actions.filter((a) => a.text).map((a) => a.text!);
    return { lost, eventsWritten: reader.eventsAfter(eventsBefore), textsMissing: texts.length - reader.commentsFound(texts), problems };
  } finally {
    reader.close();
  }
}

/**
 * The agents' run on PostgreSQL (`url`), then the same run on `sqliteCopy` (a scratch copy of the
 * demo, which it changes): the SQLite figure is what the same processes cost on this machine.
 */
export async function agentLoad(url: string, options: LoadOptions, sqliteCopy?: string, serverLog?: string): Promise<Figure[]> {
  const pg = await agentRun(url, options, AGENT, serverLog);
  // The floor: the same statements from as many processes, without the app layer around them.
  log(`the same statements in plain node-postgres from ${options.agents} processes (pgFloorAgent.ts) …`);
  const floor = await agentRun(url, options, FLOOR_AGENT, serverLog);
  const floorLatency = floor.figures[0]!;
  const floorFigure: Figure = {
    ...floorLatency,
    name: `for context: the same statements in plain node-postgres, ${options.agents} processes: action p50 / p99`,
    target: undefined,
    ok: undefined,
    baseline: undefined,
    note: `${floorLatency.note}; ${floor.figures[1]!.note}`,
  };
  if (!sqliteCopy) return [...pg.figures, floorFigure];
  log(`the same ${options.agents} agents on SQLite (${sqliteCopy}) …`);
  const sqlite = await agentRun(sqliteCopy, options);
  const [latency, ...rest] = pg.figures;
  const sqliteLatency = sqlite.figures[0]!;
  const q = (ms: number[], at: number) => quantile(ms, at).toFixed(1);
  return [
    {
      ...latency!,
      baseline: sqlite.ms.length ? { name: 'the same agents on SQLite', value: summarize(sqlite.ms) } : undefined,
      ratio: sqlite.ms.length ? quantile(pg.ms, 0.5) / quantile(sqlite.ms, 0.5) : undefined,
      note: `${latency!.note}; on SQLite in the same run: p50 ${q(sqlite.ms, 0.5)} ms, p99 ${q(sqlite.ms, 0.99)} ms (the same processes, no server)`,
    },
    ...rest,
    floorFigure,
    { ...sqliteLatency, name: sqliteLatency.name.replace(/^PG/, 'SQLite'), target: undefined, ok: undefined },
    ...sqlite.figures.slice(1, 2).map((f) => ({ ...f, name: f.name.replace(/^PG/, 'SQLite') })),
  ];
}

/**
 * The transactions the server refused during a run (it logs each): serialization failures, which
 * the store reruns unseen (each a wait and a second run: the latency's tail), and deadlocks.
 */
function serverRefusals(serverLog: string | undefined, from: number): string {
  if (!serverLog) return '';
  const text = readFileSync(serverLog).subarray(from).toString('utf8');
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  const update = count(/ERROR: {2}could not serialize access due to concurrent update/g);
  const dependencies = count(/ERROR: {2}could not serialize access due to read\/write dependencies/g);
  const deadlocks = count(/ERROR: {2}deadlock detected/g);
  return `; refused by the server and rerun (warm-up included): ${update} concurrent updates of one row, ${dependencies} read/write dependencies, ${deadlocks} deadlocks`;
}

async function agentRun(
  url: string,
  options: LoadOptions,
  script = AGENT,
  serverLog?: string,
): Promise<{ figures: Figure[]; ms: number[] }> {
  const logFrom = serverLog ? statSync(serverLog).size : 0;
  const handles = staffHandles(url, options.agents);
  const probe = readerOf(url);
  const eventsBefore = probe.maxEventId();
  probe.close();
  let serverCpuBefore: number | null = null;
  log(`starting ${options.agents} agent processes …`);
  // Started a few at a time, each group once the previous is connected: 50 processes compiling
  // and connecting at once on two cores wait past the store's start-up timeout.
  const agents: Array<ReturnType<typeof startAgent>> = [];
  const failed: string[] = [];
  let reports: AgentReport[] = [];
  try {
    for (let i = 0; i < handles.length; i += START_GROUP) {
      const group = handles.slice(i, i + START_GROUP).map((handle, j) => startAgent(script, url, handle, i + j + 1, options.thinkMs));
      agents.push(...group);
      await Promise.all(group.map((a) => a.ready.catch(() => {})));
    }
    const start = Date.now() + 500;
    const measureFrom = start + options.warmUpSeconds * 1000;
    const end = measureFrom + options.seconds * 1000;
    const ready = agents.filter((a) => a.child.exitCode === null).length;
    log(`${ready} of ${agents.length} ready; warming up for ${options.warmUpSeconds} s, then working for ${options.seconds} s …`);
    for (const a of agents) if (a.child.exitCode === null) a.child.stdin!.write(`go ${start} ${measureFrom} ${end}\n`);
    // The server's CPU over the measured part only, as the agents count theirs.
    const serverCpuAtMeasure = new Promise<number | null>((resolve) =>
      setTimeout(() => resolve(serverCpuMs(url)), measureFrom - Date.now()),
    );
    const settled = await Promise.allSettled(agents.map((a) => a.report));
    reports = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    serverCpuBefore = await serverCpuAtMeasure;
    for (const r of settled) if (r.status === 'rejected') failed.push((r.reason as Error).message);
  } finally {
    for (const a of agents) if (a.child.exitCode === null) a.child.kill();
  }
  const load = loadAverage();
  const serverCpuAfter = serverCpuMs(url);
  const allActions = reports.flatMap((r) => r.actions);
  const actions = allActions.filter((a) => !a.warmUp);
  const errors = [...failed.map((f) => `agent failed: ${f}`), ...reports.flatMap((r) => r.errors)];
  const conflicts = reports.reduce((sum, r) => sum + r.conflicts, 0);
  const check = verify(url, allActions, eventsBefore);
  for (const p of [...check.problems, ...errors].slice(0, 10)) log(p);
  const ms = actions.map((a) => a.ms).sort((a, b) => a - b);
  const queue = reports.flatMap((r) => r.queueMs).sort((a, b) => a - b);
  const show = reports.flatMap((r) => r.showMs).sort((a, b) => a - b);
  const kinds = new Map<string, number>();
  for (const a of actions) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const mix = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  const p = (sorted: number[], q: number) => quantile(sorted, q);
  const under = `${options.agents} agent processes, ${options.seconds} s after ${options.warmUpSeconds} s of warm-up, think ${options.thinkMs} ms ±50%; load average ${load}`;
  const missing = check.eventsWritten - allActions.length;
  // Where the machine's CPU went, per loop of an agent (a page, a ticket, an action).
  const loops = reports.reduce((sum, r) => sum + r.queueMs.length, 0);
  const agentCpu = reports.reduce((sum, r) => sum + r.cpuMs, 0);
  const serverCpu = serverCpuBefore !== null && serverCpuAfter !== null ? serverCpuAfter - serverCpuBefore : null;
  const cpu = `CPU per loop (page, ticket, action): agent process ${(agentCpu / loops).toFixed(1)} ms${serverCpu !== null ? `, server ${(serverCpu / loops).toFixed(1)} ms` : ''}; ${loops} loops`;
  const figures: Figure[] = [
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: action latency p50 / p99`,
      unit: 'ms',
      value: { median: p(ms, 0.5), min: p(ms, 0.99), max: ms[ms.length - 1] ?? NaN, runs: ms.length },
      target: 'p99 ≤ 50 ms',
      ok: ms.length > 0 && p(ms, 0.99) <= 50,
      note: `${actions.length} acknowledged actions (${mix}); spread column: p99 and max; ${under}; ${cpu}`,
    },
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: lost updates / errors surfaced`,
      unit: 'ms',
      value: null,
      target: '0 / 0',
      ok: check.lost === 0 && missing === 0 && check.textsMissing === 0 && errors.length === 0,
      note: `lost ${check.lost}, events ${check.eventsWritten} for ${allActions.length} acknowledged actions (warm-up included), comments missing ${check.textsMissing}; errors ${errors.length}${errors[0] ? ` (first: ${errors[0]})` : ''}; conflicts ${conflicts} (refused with the current version, as --if-version does)${serverRefusals(serverLog, logFrom)}`,
    },
    {
      section: 'pg',
      name: `PG, ${options.agents} agents: queue page / open ticket p50 (p99) under the load`,
      unit: 'ms',
      value: { median: p(queue, 0.5), min: p(queue, 0.99), max: queue[queue.length - 1] ?? NaN, runs: queue.length },
      note: `queue page p99 ${p(queue, 0.99).toFixed(1)} ms; open ticket p50 ${p(show, 0.5).toFixed(1)} ms, p99 ${p(show, 0.99).toFixed(1)} ms; clock from ${BENCH_NOW}`,
    },
  ];
  return { figures, ms };
}
