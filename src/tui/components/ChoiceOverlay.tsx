// Pick one item from a short list (priority, type, assignee, macro, batch action): j/k move,
// enter picks, esc cancels. Items are data; the caller says what a pick does.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { PRIORITY, useKeyLayer } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';

export interface ChoiceItem {
  value: string;
  label: string;
  /** Shown dimmed after the label (a load, a description). */
  detail?: string;
}

export interface ChoiceSpec {
  title: string;
  items: readonly ChoiceItem[];
  /** The item the cursor starts on (e.g. the current priority). */
  initial?: string | undefined;
  onPick: (value: string) => void;
}

/** Rows the overlay takes at the bottom for a list of `count` items. */
export function choiceRows(count: number): number {
  // An empty list still shows its "(none)" row under the title (it drew over the title before).
  return Math.max(1, Math.min(count, 10)) + 2;
}

export function ChoiceOverlay({ choice }: { choice: ChoiceSpec }) {
  const shell = useShell();
  const start = Math.max(
    0,
    choice.items.findIndex((i) => i.value === choice.initial),
  );
  const [cursor, setCursor] = useState(start);
  const count = choice.items.length;
  useKeyLayer(
    PRIORITY.overlay,
    [
      { command: 'choice.down', run: () => setCursor((c) => Math.min(count - 1, c + 1)) },
      { command: 'choice.up', run: () => setCursor((c) => Math.max(0, c - 1)) },
      {
        command: 'choice.pick',
        disabled: count === 0 ? 'nothing to pick' : null,
        run: () => {
          const item = choice.items[cursor];
          shell.overlay.close();
          if (item) choice.onPick(item.value);
        },
      },
      { command: 'choice.cancel', run: shell.overlay.close },
    ],
    { capture: () => undefined },
  );
  const room = Math.min(count, 10);
  const first = Math.max(0, Math.min(cursor - room + 1, count - room));
  return (
    <Box flexDirection="column" height={choiceRows(count)}>
      <Text bold color={shell.theme.color('accent')} wrap="truncate">
        {sanitizeForTerminal(choice.title)} — j/k move · enter picks · esc cancels
      </Text>
      {count === 0 ? <Text color={shell.theme.color('muted')}> (none)</Text> : null}
      {choice.items.slice(first, first + room).map((item, i) => (
        <Text key={item.value} wrap="truncate" inverse={first + i === cursor}>
          {first + i === cursor ? '› ' : '  '}
          {sanitizeForTerminal(item.label)}
          {item.detail ? <Text color={shell.theme.color('muted')}> {sanitizeForTerminal(item.detail)}</Text> : null}
        </Text>
      ))}
      <Text> </Text>
    </Box>
  );
}
