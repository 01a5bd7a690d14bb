// One TUI process in tmux for the benchmark, driven through a tmux control-mode client (one
// long-lived `tmux -C`: a key is one line written to it, no process spawned per key), with the
// TUI's trace (TICKETTY_TUI_TRACE) read back. Every key has two latencies:
// - in process: Ink delivers the key → Ink renders the next frame (both stamped in the TUI; a key
//   that waits in the pty while the TUI is busy is not counted: a lower bound);
// - from send: the bench writes the key to tmux → that frame (the trace's `origin` line aligns the
//   TUI's clock with ours): what a user waits, the pty and tmux hops included, so a key typed
//   while the TUI is blocked counts the whole block.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, benchEnv } from './measure.js';
import type { TermSize } from './tui.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const epochNow = () => performance.timeOrigin + performance.now();

export interface KeyTiming {
  name: string;
  /** Delivered → frame, in the TUI. */
  inProcess: number;
  /** Written to tmux → frame. */
  fromSend: number;
}

export interface KeyBatch {
  timings: KeyTiming[];
  /** Keys sent that never reached a frame before the wait gave up. */
  missing: number;
}

export class TuiSession {
  private readonly socket = `ticketty-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly dir = mkdtempSync(join(tmpdir(), 'ticketty-bench-'));
  private readonly tracePath = join(this.dir, 'trace.txt');
  private control: ChildProcess | null = null;
  /** Epoch ms of every key sent, in order (one per trace `key` line). */
  private readonly sent: number[] = [];
  pid = 0;

  constructor(
    private readonly db: string,
    private readonly size: TermSize,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  trace(): string {
    return existsSync(this.tracePath) ? readFileSync(this.tracePath, 'utf8') : '';
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'bench');
  }

  keyCount(): number {
    return (this.trace().match(/^key /gm) ?? []).length;
  }

  async waitFor(test: (trace: string) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) if (test(this.trace())) return;
    throw new Error(`timed out waiting for ${what}; screen:\n${this.screen()}`);
  }

  async start(): Promise<void> {
    const env = Object.entries(benchEnv({ XDG_CONFIG_HOME: this.dir, TICKETTY_TUI_TRACE: this.tracePath, ...this.size.env }))
      .filter(([k]) => /^(TICKETTY_|NO_COLOR|XDG_|PATH|HOME|LANG)/.test(k))
      .map(([k, v]) => `${k}=${quote(v ?? '')}`)
      .join(' ');
    const { cols, rows } = this.size;
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'bench',
      '-x',
      String(cols),
      '-y',
      String(rows),
      `exec env ${env} ${quote(process.execPath)} ${quote(BIN)} --db ${quote(this.db)} --as admin`,
    );
    this.tmux('set-option', '-g', 'window-size', 'manual');
    this.pid = Number(this.tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
    this.control = spawn('tmux', ['-L', this.socket, '-C', 'attach-session', '-t', 'bench', '-f', 'ignore-size'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.control.stdout!.resume();
    await this.waitFor((t) => t.includes('first-frame'), 'the first frame');
  }

  /** Sends one key (a tmux key name: j, PageDown, Tab, Enter, Escape, or one literal character). */
  send(key: string, literal = false): void {
    this.sent.push(epochNow());
    const arg = literal ? `-l ${key === ';' ? '\\;' : quote(key)}` : key;
    this.control!.stdin!.write(`send-keys -t bench ${arg}\n`);
  }

  /** Sends `keys` `gapMs` apart (a number or one gap per key), then collects their latencies. */
  async press(
    keys: readonly string[],
    gapMs: number | readonly number[],
    opts: { literal?: boolean; settleMs?: number } = {},
  ): Promise<KeyBatch> {
    const from = this.sent.length;
    for (const [i, key] of keys.entries()) {
      this.send(key, opts.literal);
      await sleep(typeof gapMs === 'number' ? gapMs : (gapMs[i] ?? 50));
    }
    return this.collect(from, opts.settleMs ?? 30_000);
  }

  /** Waits until every key since `from` has a frame after it (or `timeoutMs` passed), then pairs them. */
  async collect(from: number, timeoutMs: number): Promise<KeyBatch> {
    const wanted = this.sent.length;
    const done = (t: string) => {
      const lines = t.split('\n');
      let keys = 0;
      let frameAfterLast = false;
      for (const line of lines) {
        if (line.startsWith('key ')) {
          keys++;
          frameAfterLast = false;
        } else if (line.startsWith('frame ')) frameAfterLast = true;
      }
      return keys >= wanted && frameAfterLast;
    };
    try {
      await this.waitFor(done, 'the frames of the keys', timeoutMs);
    } catch {
      // Counted as missing below.
    }
    await sleep(50);
    return this.pair(from, wanted);
  }

  private pair(from: number, to: number): KeyBatch {
    const lines = this.trace()
      .split('\n')
      .map((l) => l.split(' '));
    const origin = Number(lines.find((l) => l[0] === 'origin')?.[1] ?? NaN);
    const timings: KeyTiming[] = [];
    let missing = 0;
    let index = -1;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]![0] !== 'key') continue;
      index++;
      if (index < from || index >= to) continue;
      const at = Number(lines[i]![1]);
      let j = i + 1;
      while (j < lines.length && lines[j]![0] !== 'frame') j++;
      if (j >= lines.length) {
        missing++;
        continue;
      }
      const frame = Number(lines[j]![1]);
      timings.push({ name: lines[i]![2] ?? '?', inProcess: frame - at, fromSend: origin + frame - this.sent[index]! });
    }
    missing += Math.max(0, to - from - timings.length - missing);
    return { timings, missing };
  }

  /**
   * The time from the key at index `keyIndex` (counting every key sent) to the frame after the
   * first committed window with rows of a search (`page <ms> <rows> search`).
   */
  firstSearchPage(keyIndex: number): { inProcess: number; fromSend: number } | null {
    const lines = this.trace()
      .split('\n')
      .map((l) => l.split(' '));
    const origin = Number(lines.find((l) => l[0] === 'origin')?.[1] ?? NaN);
    let index = -1;
    let at: number | null = null;
    let paged = false;
    for (const line of lines) {
      if (line[0] === 'key' && ++index === keyIndex) at = Number(line[1]);
      else if (at !== null && line[0] === 'page' && Number(line[2]) > 0 && line[3] === 'search') paged = true;
      else if (paged && line[0] === 'frame')
        return { inProcess: Number(line[1]) - at!, fromSend: origin + Number(line[1]) - this.sent[keyIndex]! };
    }
    return null;
  }

  sentCount(): number {
    return this.sent.length;
  }

  memory(): { rss: number; hwm: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  }

  close(): void {
    try {
      this.control?.stdin?.end();
      this.control?.kill();
    } catch {
      // already gone
    }
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
