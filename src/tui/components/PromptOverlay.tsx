// A one-line prompt at the bottom (search, filter): its line editing lives in a reducer, apart
// from the view (after cli-kit); a problem is shown under the text with a caret at its column.
import React, { useReducer, useRef } from 'react';
import { Box, Text, type Key } from 'ink';
import type { FilterProblem } from '../../app/tickets/queuePage.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { PRIORITY, useKeyLayer } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';

export interface PromptSpec {
  /** Shown before the text, e.g. `/` or `filter:`. */
  label: string;
  initial: string;
  hint: string;
  /** Checked as the user types; the prompt refuses to submit while there is a problem. */
  validate?: (text: string) => FilterProblem | null;
  /** The notice when Enter is pressed on a text that does not pass `validate`. */
  invalid?: string;
  onSubmit: (text: string) => void;
}

type EditAction = { type: 'insert'; text: string } | { type: 'backspace' } | { type: 'clear' };

export function editLine(text: string, action: EditAction): string {
  switch (action.type) {
    case 'insert':
      return text + action.text;
    case 'backspace':
      return Array.from(text).slice(0, -1).join('');
    case 'clear':
      return '';
  }
}

export function PromptOverlay({ prompt }: { prompt: PromptSpec }) {
  const shell = useShell();
  // The line lives in a ref so that keys arriving in one chunk ("P1⏎") each see the latest text.
  const line = useRef(prompt.initial);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const edit = (action: EditAction) => {
    line.current = editLine(line.current, action);
    rerender();
  };
  const check = (text: string) => (text.trim() && prompt.validate ? prompt.validate(text) : null);
  const text = line.current;
  const problem = check(text);
  const submit = () => {
    if (check(line.current)) return shell.status.error(prompt.invalid ?? 'fix the filter first (esc cancels)');
    shell.overlay.close();
    prompt.onSubmit(line.current.trim());
  };
  const capture = (input: string, key: Key) => {
    if (key.backspace || key.delete) edit({ type: 'backspace' });
    else if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input)) edit({ type: 'insert', text: input });
  };
  useKeyLayer(
    PRIORITY.overlay,
    [
      { command: 'prompt.submit', run: submit },
      { command: 'prompt.cancel', run: shell.overlay.close },
      { command: 'prompt.clear', run: () => edit({ type: 'clear' }) },
    ],
    // A paste is text: its lines joined with spaces (one line), never keys.
    { capture, paste: (text) => edit({ type: 'insert', text: text.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '') }) },
  );
  const labelWidth = prompt.label.length + 1;
  const theme = shell.theme;
  return (
    <Box flexDirection="column" height={3}>
      <Text wrap="truncate-start">
        <Text bold color={theme.color('accent')}>
          {prompt.label}{' '}
        </Text>
        {sanitizeForTerminal(text)}
        <Text inverse> </Text>
      </Text>
      <Text color={theme.color('danger')}>{problem?.column ? `${' '.repeat(labelWidth + problem.column - 1)}^` : ' '}</Text>
      <Text wrap="truncate" color={problem ? theme.color('danger') : theme.color('muted')}>
        {problem ? problem.message : prompt.hint}
      </Text>
    </Box>
  );
}
