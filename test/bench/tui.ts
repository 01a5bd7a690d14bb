// The TUI on the big database, in a real terminal:
// - first frame: the process under `script` (a pty) with TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: when
//   the first queue frame is drawn (the trace's stamp, from process start), and the whole run to its
//   exit, against `node -e 0` (start to exit) under the same `script` wrapper, so both pay the same
//   pty set-up;
// - keystroke to frame: the TUI in tmux with TICKETTY_TUI_TRACE; keys sent with `tmux send-keys`
//   50 ms apart (faster than key repeat); latency = the first `frame` line after each `key` line,
//   both stamped inside the process (Ink's input event → Ink's render of the new frame, written to
//   the terminal right after it). The pty hop and the terminal's own drawing are not included,
//   nor the time a key waits in the pty while the process is still busy with an earlier one
//   (the `key` stamp is taken when Ink delivers it): the figures are a lower bound.
// - resident memory: VmRSS and VmHWM of the TUI process after the moves.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, benchEnv, compared, quantile, race, skipped, summarize, timeProcess, type Figure } from './measure.js';

const NODE = process.execPath;
/** The terminal of the main figures: the queue alone (the preview pane shows from 140 columns). */
export interface TermSize {
  cols: number;
  rows: number;
  /** Appended to the figures' names; empty for the default size. */
  label: string;
  /** Extra environment of the TUI (a benchmark hook). */
  env?: Record<string, string>;
}
export const DEFAULT_TERM: TermSize = { cols: 100, rows: 30, label: '' };
/** A wide terminal: the queue with the preview pane beside it. */
export const WIDE_TERM: TermSize = { cols: 200, rows: 60, label: ', preview pane open (200×60)' };
/** The same terminal with the pane turned off: the figure the pane's is compared with. */
export const WIDE_NO_PANE: TermSize = { cols: 200, rows: 60, label: ', no pane (200×60)', env: { TICKETTY_TUI_NO_PREVIEW: '1' } };
const hasScript = spawnSync('script', ['--version']).status === 0;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function inPty(command: string, env: NodeJS.ProcessEnv, size: TermSize) {
  return timeProcess('script', ['-qefc', `stty rows ${size.rows} cols ${size.cols}; exec ${command}`, '/dev/null'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tuiFirstFrame(db: string, runs: number, size: TermSize = DEFAULT_TERM): Figure[] {
  if (!hasScript) return [skipped('tui', `first frame${size.label}`, 'util-linux `script` is not installed', '≤ 3×')];
  const config = mkdtempSync(join(tmpdir(), 'ticketty-bench-'));
  const trace = join(config, 'trace.txt');
  const inProcess: number[] = [];
  try {
    const env = benchEnv({ XDG_CONFIG_HOME: config, TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: '1', TICKETTY_TUI_TRACE: trace, ...size.env });
    const results = race(
      [
        { name: 'node -e 0', run: () => inPty(`${quote(NODE)} -e 0`, env, size) },
        {
          name: 'tui',
          run: () => {
            rmSync(trace, { force: true });
            const t = inPty(`${quote(NODE)} ${quote(BIN)} --db ${quote(db)} --as admin`, env, size);
            const first = existsSync(trace) ? /^first-frame ([\d.]+)/m.exec(readFileSync(trace, 'utf8')) : null;
            if (!first) throw new Error(`the TUI exited without a first frame (${t.status}): ${t.stdout.slice(-300)}`);
            inProcess.push(Number(first[1]));
            return t;
          },
        },
      ],
      runs,
    );
    // The first round is the warm-up (file cache), as in race().
    const drawn = summarize(inProcess.slice(1));
    const baseline = { name: 'node -e 0 (same pty), whole process', value: results.get('node -e 0')! };
    return [
      // When the frame is on screen: the trace's stamp, performance.now() at Ink's render callback,
      // which Node counts from its own process start (so it misses only the exec of the binary).
      compared(
        'tui',
        `first queue frame (process start → frame drawn)${size.label}`,
        drawn,
        baseline,
        3,
        'the TUI trace stamp of the first queue frame',
      ),
      // The whole run, exit included (unmount, Ink's last frame, the process's exit): an upper bound.
      compared(
        'tui',
        `first-frame run (process start → exit after the frame)${size.label}`,
        results.get('tui')!,
        baseline,
        undefined,
        'wall time of the process under script',
      ),
    ];
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface KeyRun {
  latencies: number[];
  missing: number;
}

/**
 * Pairs every `key` line with the first `frame` line after it (keys that arrive while a frame is
 * being made share the next one); a key with no frame after it at all counts as missing.
 */
export function keyLatencies(trace: string, fromKey: number): KeyRun {
  const lines = trace.split('\n').map((l) => l.split(' '));
  const latencies: number[] = [];
  let missing = 0;
  let keys = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]![0] !== 'key') continue;
    if (keys++ < fromKey) continue;
    const at = Number(lines[i]![1]);
    let j = i + 1;
    while (j < lines.length && lines[j]![0] !== 'frame') j++;
    if (j < lines.length) latencies.push(Number(lines[j]![1]) - at);
    else missing++;
  }
  return { latencies, missing };
}

export async function tuiKeystrokes(db: string, presses: number, size: TermSize = DEFAULT_TERM): Promise<Figure[]> {
  if (!hasTmux) return [skipped('tui', `keystroke → frame${size.label}`, 'tmux is not installed', 'p99 ≤ 16 ms')];
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-bench-'));
  const trace = join(dir, 'trace.txt');
  // A server of its own per run: the last run's `kill-server` may still be ending when the next one starts.
  const socket = `ticketty-bench-${process.pid}-${size.cols}x${size.rows}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const traceText = () => (existsSync(trace) ? readFileSync(trace, 'utf8') : '');
  const waitFor = async (test: (t: string) => boolean, what: string) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) if (test(traceText())) return;
    throw new Error(`timed out waiting for ${what}; screen:\n${tmux('capture-pane', '-p', '-t', 'bench')}`);
  };
  const keyCount = () => (traceText().match(/^key /gm) ?? []).length;
  try {
    const env = Object.entries(benchEnv({ XDG_CONFIG_HOME: dir, TICKETTY_TUI_TRACE: trace, ...size.env }))
      .filter(([k]) => /^(TICKETTY_|NO_COLOR|XDG_|PATH|HOME|LANG)/.test(k))
      .map(([k, v]) => `${k}=${quote(v ?? '')}`)
      .join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      'bench',
      '-x',
      String(size.cols),
      '-y',
      String(size.rows),
      `exec env ${env} ${quote(NODE)} ${quote(BIN)} --db ${quote(db)} --as admin`,
    );
    const pid = Number(tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
    await waitFor((t) => t.includes('first-frame'), 'the first frame');
    // "All open" (the third tab): a queue of tens of thousands of tickets on a million.
    for (const key of ['Tab', 'Tab']) {
      const before = keyCount();
      tmux('send-keys', '-t', 'bench', key);
      await waitFor(() => keyCount() > before, `the ${key} key`);
      await sleep(300);
    }
    const send = async (key: string, n: number, gapMs = 50): Promise<KeyRun> => {
      const from = keyCount();
      for (let i = 0; i < n; i++) {
        tmux('send-keys', '-t', 'bench', key);
        await sleep(gapMs);
      }
      // Slow frames queue keys up: read the trace once the TUI has been quiet for a second.
      let size = -1;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline && traceText().length !== size; await sleep(1000))
        size = traceText().length;
      return keyLatencies(traceText(), from);
    };
    const cursor = await send('j', presses);
    const pages = await send('PageDown', Math.max(10, Math.round(presses / 4)));
    // With the pane: keys at a reading pace (150 ms), so the pane's read of each ticket (after the
    // cursor rests 60 ms) runs between keys, and a key that lands during one shows its cost.
    const paced = size.cols >= 140 ? await send('k', Math.max(10, Math.round(presses / 4)), 150) : null;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    tmux('send-keys', '-t', 'bench', 'q');
    const figure = (name: string, run: KeyRun): Figure[] => {
      if (!run.latencies.length) return [skipped('tui', `${name} p50/p99`, `no frame after any of ${run.missing} keys`, '≤ 16 ms')];
      const sorted = [...run.latencies].sort((a, b) => a - b);
      const note = `${run.latencies.length} keys${run.missing ? `, ${run.missing} without a frame` : ''}; max ${sorted[sorted.length - 1]?.toFixed(1)} ms`;
      const p50 = quantile(sorted, 0.5);
      const p99 = quantile(sorted, 0.99);
      return [
        {
          section: 'tui',
          name: `${name} p50`,
          unit: 'ms',
          value: { median: p50, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length },
          target: '≤ 16 ms',
          ok: p50 <= 16,
          note,
        },
        {
          section: 'tui',
          name: `${name} p99`,
          unit: 'ms',
          value: { median: p99, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length },
          target: '≤ 16 ms',
          ok: p99 <= 16,
        },
      ];
    };
    const rss = kib('VmRSS') / 1024;
    const hwm = kib('VmHWM') / 1024;
    return [
      ...figure(`keystroke → frame, cursor (j)${size.label}`, cursor),
      ...figure(`keystroke → frame, page (PageDown)${size.label}`, pages),
      ...(paced ? figure(`keystroke → frame, cursor at a reading pace (k every 150 ms)${size.label}`, paced) : []),
      {
        section: 'tui',
        name: `resident memory after the moves (VmRSS)${size.label}`,
        unit: 'MiB',
        value: { median: rss, min: rss, max: hwm, runs: 1 },
        target: '≤ 120 MiB',
        ok: hwm <= 120,
        note: `peak (VmHWM) ${hwm.toFixed(0)} MiB`,
      },
    ];
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  }
}
