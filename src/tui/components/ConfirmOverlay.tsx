// A yes/no question with the lines it is about (what a batch will touch, what changed under you).
// `y`/enter confirms, `n`/esc cancels; with `onYes` absent it is a notice that any of them closes.
import React from 'react';
import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { PRIORITY, useKeyLayer } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';
import type { Tone } from '../theme.js';

export interface ConfirmSpec {
  title: string;
  tone?: Tone;
  lines: readonly string[];
  /** The question on the last line, e.g. "close 12 tickets? y/n". */
  question: string;
  onYes?: () => void;
  onNo?: () => void;
}

export function ConfirmOverlay({ confirm }: { confirm: ConfirmSpec }) {
  const shell = useShell();
  const close = () => {
    shell.overlay.close();
    confirm.onNo?.();
  };
  useKeyLayer(
    PRIORITY.overlay,
    [
      {
        command: 'confirm.yes',
        run: () => {
          shell.overlay.close();
          (confirm.onYes ?? confirm.onNo)?.();
        },
      },
      { command: 'confirm.no', run: close },
    ],
    { capture: () => undefined },
  );
  const room = Math.max(1, shell.body.rows - 2);
  return (
    <Box flexDirection="column">
      <Text bold color={shell.theme.color(confirm.tone ?? 'accent')} wrap="truncate">
        {sanitizeForTerminal(confirm.title)}
      </Text>
      {confirm.lines.slice(0, room).map((line, i) => (
        <Text key={i} wrap="truncate">
          {sanitizeForTerminal(line)}
        </Text>
      ))}
      <Text bold wrap="truncate">
        {confirm.question}
      </Text>
    </Box>
  );
}
