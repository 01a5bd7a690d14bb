// The TUI entry: reads the user config, enters the alternate screen, runs the shell, and always
// restores the terminal. Environment for the benchmark:
//   TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME=1  quit as soon as the first queue page is on screen
//   TICKETTY_TUI_TRACE=FILE                append `key <ms> <name>` / `frame <ms> <renderMs>` lines
//                                          (ms since process start) for keystroke-to-frame timing
import React from 'react';
import { appendFileSync } from 'node:fs';
import { render } from 'ink';
import type { App } from '../app/createApp.js';
import type { Actor } from '../domain/permissions.js';
import { loadTuiConfig, type TuiConfig } from './config.js';
import { themeFor } from './theme.js';
import { enterFullScreen } from './terminal.js';
import { ShellRoot } from './shell/Shell.js';
import { BACKGROUND_TASKS, type BackgroundTask } from './background.js';

export interface TuiOptions {
  app: App;
  actor: Actor;
  dbPath: string;
  /** Defaults to the config file (see config.ts). */
  config?: TuiConfig;
  tasks?: readonly BackgroundTask[];
}

export async function runTui(options: TuiOptions): Promise<void> {
  // Config errors are one clear line (exit 2) before the screen is touched.
  const config = options.config ?? loadTuiConfig();
  const env = process.env;
  const trace = env.TICKETTY_TUI_TRACE;
  const mark = (line: string) => {
    if (trace) appendFileSync(trace, `${line}\n`);
  };
  const since = () => performance.now().toFixed(2);
  const terminal = enterFullScreen();
  let exitAfterFirstFrame = env.TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME === '1';
  try {
    const instance = render(
      <ShellRoot
        app={options.app}
        actor={options.actor}
        dbPath={options.dbPath}
        config={config}
        theme={themeFor(env)}
        tasks={options.tasks ?? BACKGROUND_TASKS}
        onKey={(name) => mark(`key ${since()} ${name ?? '?'}`)}
        onFirstFrame={() => {
          mark(`first-frame ${since()}`);
          if (exitAfterFirstFrame) {
            exitAfterFirstFrame = false;
            setImmediate(() => instance.unmount());
          }
        }}
      />,
      { exitOnCtrlC: false, patchConsole: true, onRender: ({ renderTime }) => mark(`frame ${since()} ${renderTime.toFixed(2)}`) },
    );
    await instance.waitUntilExit();
  } finally {
    terminal.restore();
  }
}
