// The escalation view (SPEC 9): current and target level, who handles the target level and their
// open load, the assignee after, who will be notified, the target level's pickup clock — all from
// the write itself, run and rolled back (escalationPreview) — and the required reason, typed
// straight away; enter confirms. From the queue that is `e`, the reason, `enter`. De-escalation
// is the same view.
import React, { useMemo, useReducer, useRef } from 'react';
import { Box, Text, type Key } from 'ink';
import { escalationPreview, type EscalationPreview } from '../../../app/tickets/ticketActionsView.js';
import { EAGER_RUNNERS } from '../../../app/tickets/verbRunners.js';
import { minuteOf } from '../../../domain/clock.js';
import { cliWords } from '../../../domain/verbs.js';
import { WORKFLOW, type Action } from '../../../domain/workflow.js';
import { Conflict } from '../../../domain/errors.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { cliCommand } from '../../cliEquivalent.js';
import { editLine } from '../../components/PromptOverlay.js';
import { PRIORITY, useKeyLayer } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';
import { showConflict } from '../ticket/useTicketActions.js';
import { keepReason, takeKeptReason } from './keptReasons.js';

export interface EscalationRoute {
  name: 'escalation';
  id: number;
  /** The level change: escalate or deescalate. */
  verb: Action;
  /** The version the person was looking at: the change is refused if the ticket moved since. */
  version?: number;
}

export function EscalationScreen({ route, active }: { route: EscalationRoute; active: boolean }) {
  const shell = useShell();
  const { app, actor, theme } = shell;
  const loaded = useMemo((): { preview: EscalationPreview } | { error: string } => {
    try {
      return { preview: escalationPreview(app, actor, route.id, route.verb) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    // Loaded once: the preview describes the version the person confirms against.
  }, [app, actor, route.id, route.verb]);
  // The reason lives in a ref so keys arriving in one chunk each see the latest text; a reason
  // refused by a conflict on this ticket comes back typed.
  const reason = useRef<string | null>(null);
  reason.current ??= takeKeptReason(app, route.id, route.verb);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const edit = (action: Parameters<typeof editLine>[1]) => {
    reason.current = editLine(reason.current ?? '', action);
    rerender();
  };
  // The workflow's phrase for the verb: escalate, de-escalate.
  const verb = WORKFLOW[route.verb].verb;
  const preview = 'preview' in loaded ? loaded.preview : null;
  const confirm = () => {
    if (!preview) return;
    const text = (reason.current ?? '').trim();
    if (!text) return shell.status.error(`type the reason to ${verb} (required), then enter`);
    const version = route.version ?? preview.version;
    try {
      EAGER_RUNNERS[route.verb as keyof typeof EAGER_RUNNERS](app, actor, route.id, { text }, { ifVersion: version, channel: 'tui' });
      shell.navigate.back();
      shell.refresh();
      shell.status.ran(cliCommand(...cliWords(route.verb, route.id, { text })));
    } catch (error) {
      if (error instanceof Conflict) {
        keepReason(app, route.id, route.verb, reason.current ?? '');
        shell.navigate.back();
        showConflict(shell, route.id, version, `your reason is kept: ${verb} again and it is typed for you`);
      } else shell.status.error(error);
    }
  };
  const capture = (input: string, key: Key) => {
    if (key.backspace || key.delete) edit({ type: 'backspace' });
    else if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input)) edit({ type: 'insert', text: input });
  };
  useKeyLayer(
    PRIORITY.screen,
    [
      { command: 'prompt.submit', run: confirm, disabled: preview?.refusal ?? null },
      { command: 'prompt.cancel', run: shell.navigate.back },
      { command: 'prompt.clear', run: () => edit({ type: 'clear' }) },
    ],
    { active, capture },
  );
  if (!preview)
    return <Text color={theme.color('danger')}>{sanitizeForTerminal('error' in loaded ? loaded.error : '')} — esc goes back</Text>;
  const p = preview;
  const muted = theme.color('muted');
  const room = Math.max(1, shell.body.rows - 10);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {verb.charAt(0).toUpperCase() + verb.slice(1)} #{p.ticketId} {sanitizeForTerminal(p.subject)}
      </Text>
      <Text wrap="truncate">
        level <Text bold>{p.currentLevel}</Text> ({p.status.toUpperCase()}) → level <Text bold>{p.targetLevel ?? '—'}</Text>
        {p.statusAfter !== null
          ? ` as ${p.statusAfter.toUpperCase()}, ${p.assigneeAfter !== null ? `assigned to ${sanitizeForTerminal(p.assigneeAfter)}` : 'unassigned'}`
          : ''}
      </Text>
      {p.refusal ? (
        <Text color={theme.color('danger')} wrap="wrap">
          ✗ {sanitizeForTerminal(p.refusal)}
        </Text>
      ) : null}
      <Text bold>Handles level {p.targetLevel ?? '—'} (open tickets at that level):</Text>
      {p.handlers.length === 0 ? <Text color={theme.color('warning')}> nobody handles it yet (admins do)</Text> : null}
      {p.handlers.slice(0, room).map((h) => (
        <Text key={h.handle} wrap="truncate">
          {'  '}
          {sanitizeForTerminal(h.handle).padEnd(12)} {String(h.openLoad).padStart(4)} open{' '}
          <Text color={muted}>
            {sanitizeForTerminal(h.name)}
            {h.away ? ' · away' : ''}
          </Text>
        </Text>
      ))}
      {p.handlers.length > room ? <Text color={muted}> … and {p.handlers.length - room} more</Text> : null}
      <Text wrap="truncate">
        Notified: <Text bold>{p.notified.length ? sanitizeForTerminal(p.notified.join(', ')) : 'nobody'}</Text>
      </Text>
      {p.targetLevel !== null ? (
        <Text wrap="truncate">
          Pickup at level {p.targetLevel}: <Text bold>{p.pickupDueAt ? `due ${minuteOf(p.pickupDueAt)}` : 'no clock'}</Text>
        </Text>
      ) : null}
      <Text wrap="truncate-start">
        <Text bold color={theme.color('accent')}>
          Reason (required):{' '}
        </Text>
        {sanitizeForTerminal(reason.current ?? '')}
        <Text inverse> </Text>
      </Text>
      <Text color={muted} wrap="truncate">
        {p.refusal ? 'esc goes back' : `enter ${verb}s · esc cancels · ctrl+u clears`}
      </Text>
    </Box>
  );
}
