// `?`: the key map in force, generated from the command table and the bindings that were active
// when help opened (with the reason when a command is unavailable).
import React from 'react';
import { Box, Text } from 'ink';
import { commandSpec } from '../keymap/commands.js';
import { displayKey } from '../keymap/keys.js';
import { PRIORITY, useKeyHelp, useKeyLayer, type Binding } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';

export function HelpOverlay({ bindings }: { bindings: Binding[] }) {
  const shell = useShell();
  const { keymap } = useKeyHelp();
  useKeyLayer(PRIORITY.overlay, [{ command: 'overlay.close', run: shell.overlay.close }], { capture: () => undefined });
  const seen = new Set<string>();
  const rows = bindings.filter((b) => !seen.has(b.command) && seen.add(b.command) && keymap.keysOf(b.command).length > 0);
  const keyWidth = Math.max(8, ...rows.map((b) => keymap.keysOf(b.command).map(displayKey).join(' ').length));
  const room = Math.max(1, shell.body.rows - 2);
  const columns = Math.ceil(rows.length / room) > 1 && shell.body.columns >= 100 ? 2 : 1;
  const perColumn = Math.ceil(rows.length / columns);
  return (
    <Box flexDirection="column">
      <Text bold>Keys in force {shell.config.path ? `(remaps from ${shell.config.path})` : '(defaults)'} — esc closes</Text>
      <Box>
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={Math.floor(shell.body.columns / columns)}>
            {rows
              .slice(c * perColumn, (c + 1) * perColumn)
              .slice(0, room)
              .map((b) => (
                <Text key={b.command} wrap="truncate" dimColor={!!b.disabled}>
                  <Text bold>{keymap.keysOf(b.command).map(displayKey).join(' ').padEnd(keyWidth)}</Text>{' '}
                  {commandSpec(b.command).description}
                  {b.disabled ? ` — unavailable: ${b.disabled}` : ''}
                </Text>
              ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
