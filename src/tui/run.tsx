// The TUI entry: reads the user config, enters the alternate screen, runs the shell, and always
// restores the terminal. Environment for the benchmark:
//   TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME=1  quit as soon as the first queue page is on screen
//   TICKETTY_TUI_TRACE=FILE                append `key <ms> <name>` / `frame <ms> <renderMs>` lines
//                                          (ms since process start) for keystroke-to-frame timing,
//                                          `origin <epoch ms>` (the process start, to align with the
//                                          sender's clock) and `page <ms> <rows> <search|->` (a queue
//                                          window committed), `gc <ms> <pauseMs> <kind>`
import React from 'react';
import { closeSync, openSync, writeSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { PerformanceObserver, constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BadInput } from '../domain/errors.js';
import { render } from 'ink';
import type { App } from '../app/createApp.js';
import type { Actor } from '../domain/permissions.js';
import { loadTuiConfig, type TuiConfig } from './config.js';
import { themeFor } from './theme.js';
import { enterFullScreen } from './terminal.js';
import { ShellRoot } from './shell/Shell.js';

export interface TuiOptions {
  app: App;
  actor: Actor;
  dbPath: string;
  /** Defaults to the config file (see config.ts). */
  config?: TuiConfig;
}

/**
 * Every Ink frame allocates ~7 MB (styled cell objects for every character of the screen), so V8's
 * defaults let the TUI's heap swell: the young generation doubles up to 32 MB and the old one
 * fills with promoted frame garbage up to several times its live size before a full GC. For the
 * TUI process only (set at run time, so the CLI keeps V8's defaults): the young generation stays
 * at the size start-up gave it, and the old one grows at most 10% past what a full GC kept.
 */
const TUI_V8_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=10', '--expose-gc'];
/**
 * V8's defaults for those, put back when the TUI ends: bin/ticketty writes its scripts' code caches
 * as the process exits, and a cache carries a hash of the flags it was made under. Made under the
 * TUI's, vendor-tui's cache was refused by every next start, which compiled Ink and React anew.
 */
const V8_DEFAULTS = ['--semi-space-growth-factor=2', '--heap-growing-percent=0', '--no-expose-gc'];

/**
 * A frame allocates more than the young generation holds (a PageDown's 55 new rows), so a
 * scavenge often fell inside a key's frame: 4–9 ms of the 200×60 PageDown's 13–21 ms p99. Once the
 * TUI has been quiet this long after a frame (between keys; a person types 100 ms or more apart),
 * it runs the scavenge itself, so that the next key starts with an empty young generation. Only
 * after frames: an idle TUI collects nothing.
 */
const IDLE_SCAVENGE_MS = 25;

/** V8's `gc()` (a new context gets it under `--expose-gc`, TUI_V8_FLAGS), to scavenge between keys. */
function idleScavenger(): { afterFrame(): void; stop(): void } {
  const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    afterFrame: () => {
      clearTimeout(timer);
      timer = setTimeout(() => gc({ type: 'minor' }), IDLE_SCAVENGE_MS);
      timer.unref();
    },
    stop: () => clearTimeout(timer),
  };
}

export async function runTui(options: TuiOptions): Promise<void> {
  for (const flag of TUI_V8_FLAGS) setFlagsFromString(flag);
  try {
    await runScreen(options);
  } finally {
    for (const flag of V8_DEFAULTS) setFlagsFromString(flag);
  }
}

async function runScreen(options: TuiOptions): Promise<void> {
  // Config errors are one clear line (exit 2) before the screen is touched.
  const config = options.config ?? loadTuiConfig(process.env, options.app);
  const env = process.env;
  let exitAfterFirstFrame = env.TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME === '1';
  // Keys need a terminal; the start-up benchmark may run without one (no keys are read then).
  const stdin = process.stdin.isTTY ? process.stdin : exitAfterFirstFrame ? inertStdin() : null;
  if (!stdin) throw new BadInput("the TUI needs a terminal; in scripts use 'ticketty ticket list' and the other commands");
  const trace = env.TICKETTY_TUI_TRACE;
  // One descriptor for the run: appendFileSync opened and closed the file for each line, inside
  // the intervals the trace measures (0.2–0.7 ms a line).
  let traceFd = trace ? openSync(trace, 'a') : undefined;
  const mark = (line: string) => {
    if (traceFd !== undefined) writeSync(traceFd, `${line}\n`);
  };
  const since = () => performance.now().toFixed(2);
  mark(`origin ${performance.timeOrigin.toFixed(2)}`);
  // Each GC pause too (`gc <start> <ms> <kind>`), so the bench can tell a slow key's pause from its work.
  const gcs = trace ? new PerformanceObserver((list) => list.getEntries().forEach(gcLine)) : null;
  const gcLine = (entry: PerformanceEntry) => {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    mark(
      `gc ${entry.startTime.toFixed(2)} ${entry.duration.toFixed(2)} ${kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : kind === perfConstants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : (kind ?? '?')}`,
    );
  };
  gcs?.observe({ entryTypes: ['gc'] });
  // Ink's render callback (`frame`) runs as each frame's text is made, right before it is written;
  // the queue's "loaded" effect runs after that commit, behind the other effects (the count
  // worker's start, raw mode). When the very first frame already held the loaded queue (its first
  // page is read before the first render), that frame is the first queue frame on screen.
  let frames = 0;
  let firstFrameAt = '';
  const scavenger = idleScavenger();
  const terminal = enterFullScreen();
  try {
    const instance = render(
      <ShellRoot
        app={options.app}
        actor={options.actor}
        dbPath={options.dbPath}
        config={config}
        theme={themeFor(env)}
        onKey={(name) => mark(`key ${since()} ${name ?? '?'}`)}
        onTrace={trace ? (event) => mark(`${event.split(' ')[0]} ${since()} ${event.split(' ').slice(1).join(' ')}`) : undefined}
        onFirstFrame={() => {
          mark(`first-frame ${frames === 1 ? firstFrameAt : since()}`);
          if (exitAfterFirstFrame) {
            exitAfterFirstFrame = false;
            // A microtask, not setImmediate: an immediate queued here waited ~30 ms for the next
            // stdin event before it ran (measured under `script`).
            queueMicrotask(() => instance.unmount());
          }
        }}
      />,
      // 120 fps: a frame that follows the previous one within 1000/fps ms waits for Ink's
      // throttle. At 60, a key landing just after another frame (the preview pane's read, a
      // count's step) waited up to 17 ms for its own (`j` with the pane, 200×60: p99 24–29 ms,
      // 13.9–18.1 at 120). Frames now cost 1–5 ms, so 120 still coalesces bursts of updates.
      {
        stdin,
        exitOnCtrlC: false,
        patchConsole: true,
        maxFps: 120,
        onRender: ({ renderTime }) => {
          scavenger.afterFrame();
          const at = since();
          if (++frames === 1) firstFrameAt = at;
          mark(`frame ${at} ${renderTime.toFixed(2)}`);
        },
      },
    );
    await instance.waitUntilExit();
  } finally {
    gcs?.disconnect();
    scavenger.stop();
    terminal.restore();
    if (traceFd !== undefined) closeSync(traceFd);
    traceFd = undefined;
  }
}

/** A stdin that never sends a key and accepts raw mode (benchmark without a terminal). */
function inertStdin(): NodeJS.ReadStream {
  return Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
  }) as unknown as NodeJS.ReadStream;
}
