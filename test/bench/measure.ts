// Timing helpers of the benchmark: wall time of real processes, summaries (median and spread),
// and the Figure record every section returns.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/ticketty', import.meta.url));
/** The clock every benchmark command uses, so SLA states and ages are the same in every run. */
export const BENCH_NOW = '2026-03-04T15:00:00Z';

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** One line of the result table: a measurement, its baseline from the same run, and the ratio. */
export interface Figure {
  section: string;
  name: string;
  unit: 'ms' | 'MiB' | 's';
  value: Summary | null;
  baseline?: { name: string; value: Summary } | undefined;
  /** value.median / baseline.median */
  ratio?: number | undefined;
  /** The target: a ratio (`≤ 2×`) or an absolute bound (`≤ 16 ms`). */
  target?: string | undefined;
  /** Whether the target is met (undefined when there is no target or no value). */
  ok?: boolean | undefined;
  note?: string | undefined;
}

export function summarize(samples: number[]): Summary {
  if (!samples.length) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: samples.length };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Timed {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end and returns its wall time (spawn to exit) in milliseconds. */
export function timeProcess(command: string, args: string[], options: SpawnSyncOptions = {}): Timed {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/**
 * Like timeProcess, plus the child's CPU time (user + system, seconds) through /usr/bin/time when
 * it is installed: on a shared machine, wall time alone hides how much of it was waiting for a core.
 */
export function timeProcessCpu(command: string, args: string[], options: SpawnSyncOptions = {}): Timed & { cpuSeconds: number | null } {
  const gnuTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;
  if (!gnuTime) return { ...timeProcess(command, args, options), cpuSeconds: null };
  const t = timeProcess('/usr/bin/time', ['-f', 'cpu-seconds %U %S', command, ...args], {
    ...options,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const match = /cpu-seconds ([\d.]+) ([\d.]+)\s*$/.exec(t.stderr);
  return { ...t, cpuSeconds: match ? Number(match[1]) + Number(match[2]) : null };
}

/** The 1-minute load average: how busy the machine was (2 cores: above 2 means queueing). */
export function loadAverage(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

export interface Contender {
  name: string;
  run: () => Timed;
}

/**
 * Runs each contender `runs` times, interleaved (A B C A B C …) so that a noisy neighbour on the
 * machine hits all of them alike; one warm-up round first (file cache). Fails on a non-zero exit.
 */
export function race(contenders: Contender[], runs: number): Map<string, Summary> {
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let round = -1; round < runs; round++) {
    for (const c of contenders) {
      const t = c.run();
      if (t.status !== 0) throw new Error(`${c.name} exited with ${t.status}: ${t.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      if (round >= 0) samples.get(c.name)!.push(t.ms);
    }
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s)]));
}

/** A figure compared with its baseline, checked against `limit` (a ratio, or an absolute value). */
export function compared(
  section: string,
  name: string,
  value: Summary,
  baseline: { name: string; value: Summary },
  limit?: number,
  note?: string,
): Figure {
  const ratio = value.median / baseline.value.median;
  return {
    section,
    name,
    unit: 'ms',
    value,
    baseline,
    ratio,
    target: limit === undefined ? undefined : `≤ ${limit}×`,
    ok: limit === undefined ? undefined : ratio <= limit,
    note,
  };
}

export function skipped(section: string, name: string, note: string, target?: string): Figure {
  return { section, name, unit: 'ms', value: null, target, note };
}

/** The environment of every spawned ticketty: fixed clock, no colour, no user config. */
export function benchEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, TICKETTY_NOW: BENCH_NOW, TICKETTY_USER: 'admin', NO_COLOR: '1', TICKETTY_DEBUG: '', ...extra };
}

export function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}
