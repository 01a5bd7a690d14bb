// `?`: the key map in force, generated from the command table and the bindings that were active
// when help opened (with the reason when a command is unavailable). It scrolls (every key is
// reachable at 80×24) and `/` filters it by a word of a key or a description.
import React, { useReducer, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { commandSpec, type CommandId } from '../keymap/commands.js';
import type { Keymap } from '../keymap/keymap.js';
import { displayKey } from '../keymap/keys.js';
import { PRIORITY, useKeyHelp, useKeyLayer, type Binding } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';
import { editLine } from './PromptOverlay.js';

export interface HelpRow {
  command: CommandId;
  keys: string;
  text: string;
  disabled: boolean;
}

/** One row per command in force (first binding wins), the help overlay's own keys last. */
export function helpRows(bindings: readonly Binding[], keymap: Keymap): HelpRow[] {
  const seen = new Set<string>();
  const own: Binding[] = HELP_COMMANDS.map((command) => ({ command, run: () => undefined }));
  return [...bindings, ...own]
    .filter((b) => !seen.has(b.command) && seen.add(b.command) && keymap.keysOf(b.command).length > 0)
    .map((b) => ({
      command: b.command,
      keys: keymap.keysOf(b.command).map(displayKey).join(' '),
      text: `${commandSpec(b.command).description}${b.disabled ? ` — unavailable: ${b.disabled}` : ''}`,
      disabled: !!b.disabled,
    }));
}

/** The rows whose keys or description contain every word of `filter` (any case). */
export function filterHelpRows(rows: readonly HelpRow[], filter: string): HelpRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => words.every((w) => `${r.keys} ${r.text}`.toLowerCase().includes(w)));
}

const HELP_COMMANDS: CommandId[] = [
  'help.down',
  'help.up',
  'help.pageDown',
  'help.pageUp',
  'help.top',
  'help.bottom',
  'help.filter',
  'overlay.close',
];

export function HelpOverlay({ bindings }: { bindings: Binding[] }) {
  const shell = useShell();
  const { keymap } = useKeyHelp();
  const all = helpRows(bindings, keymap);
  // The filter line lives in a ref so keys arriving in one chunk each see the latest text.
  const filter = useRef('');
  const [typing, setTyping] = useState(false);
  const [top, setTop] = useState(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const rows = filterHelpRows(all, filter.current);
  // Title and the position/filter line.
  const room = Math.max(1, shell.body.rows - 2);
  const maxTop = Math.max(0, rows.length - room);
  const scrollTo = (next: number) => setTop(Math.max(0, Math.min(maxTop, next)));
  const edit = (action: Parameters<typeof editLine>[1]) => {
    filter.current = editLine(filter.current, action);
    setTop(0);
    rerender();
  };
  const capture = (input: string, key: Key) => {
    if (!typing) return;
    if (key.backspace || key.delete) edit({ type: 'backspace' });
    else if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input)) edit({ type: 'insert', text: input });
  };
  useKeyLayer(
    PRIORITY.overlay,
    typing
      ? [
          { command: 'prompt.submit', run: () => setTyping(false) },
          {
            command: 'prompt.cancel',
            run: () => {
              edit({ type: 'clear' });
              setTyping(false);
            },
          },
          { command: 'prompt.clear', run: () => edit({ type: 'clear' }) },
        ]
      : [
          { command: 'overlay.close', run: shell.overlay.close },
          { command: 'help.down', run: () => scrollTo(top + 1) },
          { command: 'help.up', run: () => scrollTo(top - 1) },
          { command: 'help.pageDown', run: () => scrollTo(top + room) },
          { command: 'help.pageUp', run: () => scrollTo(top - room) },
          { command: 'help.top', run: () => scrollTo(0) },
          { command: 'help.bottom', run: () => scrollTo(maxTop) },
          { command: 'help.filter', run: () => setTyping(true) },
        ],
    { capture, paste: typing ? (text) => edit({ type: 'insert', text: text.replace(/[\x00-\x1f\x7f]+/g, ' ') }) : undefined },
  );
  const start = Math.min(top, maxTop);
  const shown = rows.slice(start, start + room);
  const keyWidth = Math.max(8, ...all.map((r) => r.keys.length));
  const theme = shell.theme;
  const position =
    rows.length > room ? `keys ${start + 1}–${start + shown.length} of ${rows.length} · j/k PgDn/PgUp scroll` : `${rows.length} keys`;
  const filterText = typing
    ? `/ ${sanitizeForTerminal(filter.current)}█  (enter keeps the filter, esc clears it)`
    : filter.current
      ? `filter: ${sanitizeForTerminal(filter.current)} · / changes it`
      : '/ filters';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Keys in force {shell.config.path ? `(remaps from ${shell.config.path})` : '(defaults)'} — esc closes
      </Text>
      <Text wrap="truncate" color={theme.color('accent')}>
        {`${position} · ${filterText}`}
      </Text>
      {shown.length === 0 ? <Text color={theme.color('muted')}> no key matches the filter</Text> : null}
      {shown.map((r) => (
        <Text key={r.command} wrap="truncate" dimColor={r.disabled}>
          <Text bold>{r.keys.padEnd(keyWidth)}</Text> {r.text}
        </Text>
      ))}
    </Box>
  );
}
