// A real terminal for tests: one tmux server of our own (its own socket), one session in it.
// Without tmux the tests that use it fail, never skip: a real terminal is part of what they prove.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './cli.js';

export interface TmuxSession {
  /** The session's name (a tmux target). */
  name: string;
  /** Runs a tmux command on our server (`send-keys`, `display-message`, …). */
  tmux(...args: string[]): string;
  /** Starts the session running `command` in a `width`×`height` terminal. */
  start(command: string, width: number, height: number): void;
  /** Sends keys (tmux names: Enter, Escape, C-c…). */
  keys(...keys: string[]): void;
  /** Types the text as it is. */
  type(text: string): void;
  /** What the terminal shows now; `history` lines of scrollback too, wrapped lines joined. */
  screen(history?: number): string;
  /** Polls the screen until `predicate` holds, or fails after `timeoutMs` showing the screen. */
  waitFor(predicate: (screen: string) => boolean, what: string, options?: { history?: number; timeoutMs?: number }): Promise<string>;
  kill(): void;
}

export function tmuxSession(name: string): TmuxSession {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');
  // A new server (socket) after each kill: `kill-server` returns before the server is gone, and a
  // `new-session` on the same socket at once can reach the dying server ("server exited unexpectedly").
  let generation = 0;
  const socket = () => `ticketty-${name}-${process.pid}-${generation}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket(), ...args], { encoding: 'utf8' });
  const screen = (history?: number) => tmux('capture-pane', '-p', '-t', name, ...(history ? ['-J', '-S', `-${history}`] : []));
  return {
    name,
    tmux,
    start: (command, width, height) => void tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), command),
    keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    screen,
    async waitFor(predicate, what, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 15_000);
      let text = '';
      while (Date.now() < deadline) {
        text = screen(options.history);
        if (predicate(text)) return text;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    },
    kill: () => {
      spawnSync('tmux', ['-L', socket(), 'kill-server']);
      generation++;
    },
  };
}

export interface TuiLaunch {
  /** The test's directory: the script and the TUI's config (XDG_CONFIG_HOME) go there. */
  dir: string;
  db: string;
  as: string;
  now: string;
  /** More environment for the TUI (`VISUAL`, …). */
  env?: Record<string, string>;
  /** Node options before the bin (`--import PRELOAD`). */
  nodeArgs?: string[];
  /** Prints BEFORE-TUI first, to see what the TUI leaves of the screen behind it. */
  markBefore?: boolean;
  /** Prints `AFTER-TUI exit=N` when the TUI ends, with its exit code. */
  reportExit?: boolean;
}

/**
 * The command that runs the real TUI (bin/ticketty) in a pane: a shell script written to `dir`,
 * which keeps the pane open a minute after the TUI ends so that a test can read what it left.
 */
export function tuiCommand(launch: TuiLaunch): string {
  const env = { ...launch.env, XDG_CONFIG_HOME: launch.dir, TICKETTY_NOW: launch.now };
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  const node = [`"${process.execPath}"`, ...(launch.nodeArgs ?? []).map((arg) => `"${arg}"`), `"${BIN}"`];
  const lines = [
    ...(launch.markBefore ? ['echo BEFORE-TUI'] : []),
    `${[...assignments, ...node].join(' ')} --db "${launch.db}" --as ${launch.as}`,
    ...(launch.reportExit ? ['echo "AFTER-TUI exit=$?"'] : []),
    'sleep 60',
  ];
  const script = join(launch.dir, 'run.sh');
  writeFileSync(script, `${lines.join('\n')}\n`);
  return `sh ${script}`;
}
