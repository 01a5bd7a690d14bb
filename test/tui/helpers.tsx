// Rendering the real shell with ink-testing-library, pressing keys by command id (after lazygit's
// integration tests) and waiting for content instead of sleeping (after cli-kit).
import React, { useEffect } from 'react';
import { render } from 'ink-testing-library';
import type { App } from '../../src/app/createApp.js';
import { inProcessCounter, type QueueCounter } from '../../src/app/tickets/queueCounter.js';
import type { Actor } from '../../src/domain/permissions.js';
import { ShellRoot } from '../../src/tui/shell/Shell.js';
import { themeFor } from '../../src/tui/theme.js';
import type { TuiConfig } from '../../src/tui/config.js';
import { buildKeymap, type KeyOverrides } from '../../src/tui/keymap/keymap.js';
import type { CommandId } from '../../src/tui/keymap/commands.js';

/** What a terminal sends for each key name. */
const SEQUENCES: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  'shift+tab': '\x1b[Z',
  space: ' ',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
};

export function keySequence(name: string): string {
  if (SEQUENCES[name]) return SEQUENCES[name];
  const ctrl = /^ctrl\+([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  return name;
}

/** Ink unmounts the whole tree when the app exits: this tells the test. */
function UnmountProbe({ onUnmount }: { onUnmount: () => void }) {
  useEffect(() => onUnmount, [onUnmount]);
  return null;
}

export interface RenderedTui {
  frame(): string;
  /** Every frame Ink wrote so far, oldest first (to see a state that did not last until a poll). */
  frames(): string[];
  /** Presses the first key bound to a command (after the user's remaps). */
  press(command: CommandId): Promise<void>;
  /** Sends raw key names, e.g. 'j', 'pagedown'. */
  keys(...names: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Writes raw terminal input in one chunk (a burst of keys, a bracketed paste). */
  raw(data: string): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, what?: string): Promise<string>;
  exited(): boolean;
  unmount(): void;
}

export async function renderTui(
  app: App,
  actor: Actor,
  options: {
    keys?: KeyOverrides;
    views?: TuiConfig['views'];
    env?: NodeJS.ProcessEnv;
    pollMs?: number;
    /** How long the keyboard must rest before a change by another process is shown. */
    keysRestMs?: number;
    /** How often others' changes are read for urgent arrivals. */
    urgentEveryMs?: number;
    startOn?: 'first' | 'auto';
    /** The terminal's size (ink-testing-library's is 100 columns, rows unset: the shell's 24). */
    size?: { columns: number; rows: number };
    /** The config's `bell`, and a probe for the rings (default: counts nothing, rings nothing). */
    bell?: TuiConfig['bell'];
    onBell?: () => void;
    /** Counts the queue's totals (default: on this thread, a turn after the page; the worker has its own tests). */
    counter?: QueueCounter;
  } = {},
): Promise<RenderedTui> {
  const config: TuiConfig = {
    keys: options.keys ?? {},
    views: options.views ?? [],
    path: null,
    ...(options.bell ? { bell: options.bell } : {}),
  };
  const keymap = buildKeymap(config.keys);
  let exited = false;
  const ui = render(
    <>
      <ShellRoot
        app={app}
        actor={actor}
        dbPath="/tmp/test.db"
        config={config}
        theme={themeFor(options.env ?? { NO_COLOR: '1' })}
        pollMs={options.pollMs ?? 50}
        {...(options.keysRestMs !== undefined ? { keysRestMs: options.keysRestMs } : {})}
        {...(options.urgentEveryMs !== undefined ? { urgentEveryMs: options.urgentEveryMs } : {})}
        startOn={options.startOn ?? 'first'}
        bell={options.onBell ?? (() => undefined)}
        counter={options.counter ?? inProcessCounter(app)}
      />
      <UnmountProbe onUnmount={() => (exited = true)} />
    </>,
  );
  if (options.size) {
    // A resize, as a terminal reports one: Ink and the shell read the new size and redraw.
    Object.defineProperty(ui.stdout, 'columns', { value: options.size.columns });
    Object.defineProperty(ui.stdout, 'rows', { value: options.size.rows });
    ui.stdout.emit('resize');
  }
  const frame = () => ui.lastFrame() ?? '';
  // Let Ink attach its stdin listener and run effects before the first key.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  await settle();
  // Waits for the frame to change (most keys change it), or up to 250 ms for keys that do not.
  const send = async (data: string) => {
    const before = frame();
    ui.stdin.write(data);
    const deadline = Date.now() + 250;
    while (frame() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
  };
  const tui: RenderedTui = {
    frame,
    frames: () => [...ui.frames],
    press: (command) => send(keySequence(keymap.keysOf(command)[0]!)),
    keys: async (...names) => {
      for (const name of names) await send(keySequence(name));
    },
    type: async (text) => {
      for (const ch of text) await send(ch);
    },
    raw: send,
    waitFor: async (predicate, what = 'content') => {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        if (predicate(frame())) return frame();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
    },
    exited: () => exited,
    unmount: () => ui.unmount(),
  };
  return tui;
}

/** The ticket ids of the queue rows on screen, top to bottom. */
export function rowIds(frame: string): number[] {
  return [...frame.matchAll(/^[› ][● ]\s*#(\d+) /gm)].map((m) => Number(m[1]));
}

/** The ticket id under the cursor (`›`). */
export function cursorId(frame: string): number | undefined {
  const match = /^›[● ]\s*#(\d+) /m.exec(frame);
  return match ? Number(match[1]) : undefined;
}

/** Whether the row of ticket `id` is selected (`●`). */
export function isSelected(frame: string, id: number): boolean {
  return new RegExp(`^[› ]●\\s*#${id} `, 'm').test(frame);
}

/** The status line's text: from the row with `· test.db ·` to the end (an error wraps onto up to three rows). */
export function statusText(frame: string): string {
  const lines = frame.split('\n').filter(Boolean);
  const start = lines.findLastIndex((l) => l.includes(' · test.db · '));
  return lines.slice(Math.max(0, start)).join(' ');
}
