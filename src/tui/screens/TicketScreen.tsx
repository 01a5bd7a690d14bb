// A read-only ticket: header and conversation. Part 2 of the TUI replaces it with the full view
// (history, every action on a key, $EDITOR replies).
import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { showTicket, type TicketDetail } from '../../app/ticketQueries.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { PRIORITY, useKeyLayer } from '../keymap/KeyRouter.js';
import { useShell } from '../shell/ShellContext.js';
import { slaCell } from './queue/columns.js';

export function TicketScreen({ id, active }: { id: number; active: boolean }) {
  const shell = useShell();
  const [scroll, setScroll] = useState(0);
  const loaded = useMemo((): { ticket: TicketDetail } | { error: string } => {
    try {
      return { ticket: showTicket(shell.app, shell.actor, id) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    // Reload when the data changed (generation), like the queue.
  }, [shell.app, shell.actor, id, shell.generation]);
  const lines = useMemo(() => ('ticket' in loaded ? conversationLines(loaded.ticket) : []), [loaded]);
  const room = Math.max(1, shell.body.rows - 3);
  useKeyLayer(
    PRIORITY.screen,
    [
      { command: 'ticket.back', run: shell.navigate.back },
      { command: 'ticket.down', run: () => setScroll((s) => Math.min(s + 1, Math.max(0, lines.length - room))) },
      { command: 'ticket.up', run: () => setScroll((s) => Math.max(0, s - 1)) },
    ],
    { active },
  );
  if ('error' in loaded) return <Text color={shell.theme.color('danger')}>{sanitizeForTerminal(loaded.error)}</Text>;
  const t = loaded.ticket;
  const clean = (text: string | null) => sanitizeForTerminal(text ?? '—');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        #{t.id} {clean(t.subject)}
      </Text>
      <Text wrap="truncate" color={shell.theme.color('accent')}>
        {t.status.toUpperCase()} L{t.level} · {t.priority} · {clean(t.type)} · {clean(t.requester)}
        {t.organization ? `/${clean(t.organization)}` : ''} · assignee {clean(t.assignee)} · SLA {slaCell(t.sla)}
        {t.tags.length ? ` · ${clean(t.tags.join(' '))}` : ''}
      </Text>
      <Text color={shell.theme.color('muted')}>{'─'.repeat(Math.max(1, shell.body.columns - 1))}</Text>
      {lines.slice(scroll, scroll + room).map((line, i) => (
        <Text key={scroll + i} wrap="truncate" color={line.internal ? shell.theme.color('warning') : undefined} bold={line.heading}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}

interface Line {
  text: string;
  internal: boolean;
  heading: boolean;
}

function conversationLines(t: TicketDetail): Line[] {
  const lines: Line[] = [];
  for (const part of sanitizeForTerminal(t.description, { multiline: true }).split('\n')) lines.push({ text: part, internal: false, heading: false });
  for (const c of t.comments) {
    lines.push({ text: '', internal: false, heading: false });
    lines.push({ text: `${c.internal ? '[internal note] ' : ''}${sanitizeForTerminal(c.author)} · ${c.createdAt.slice(0, 16).replace('T', ' ')}`, internal: c.internal, heading: true });
    for (const part of sanitizeForTerminal(c.body, { multiline: true }).split('\n')) lines.push({ text: part, internal: c.internal, heading: false });
  }
  return lines;
}
