// The ticket view (SPEC 9): a header with everything a person decides on (status and level,
// priority, type, requester and organization, assignee, tags, watchers, every SLA clock), then the
// conversation or, on a key, the history; every action of SPEC 2.1 on a key (useTicketActions).
import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { showTicket, type TicketDetail } from '../../../app/tickets/ticketQueries.js';
import { dictionaries } from '../../../app/settings/dictionaries.js';
import type { Priority } from '../../../domain/types.js';
import { statusDisplay } from '../../../domain/statusLabels.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { PRIORITY, useKeyLayer } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';
import type { Theme } from '../../theme.js';
import { conversationLines, historyLines, type BodyLine } from './ticketLines.js';
import { slaClockTexts, type ClockText } from './slaClocks.js';
import { useTicketActions } from './useTicketActions.js';
import { loadDraft, type Draft } from '../../../app/tickets/drafts.js';
import { shortTime } from './ticketLines.js';
import { useRelatedTickets } from './relatedTickets.js';
import { attachmentsOf, useAttachmentKeys, type AttachmentLine } from './useAttachmentKeys.js';
import { humanSize } from '../../../domain/fileName.js';

/** Rows above the body: subject, state line, people line, two SLA lines, other open tickets, rule. */
const HEADER_ROWS = 7;

export function TicketScreen({ id, active }: { id: number; active: boolean }) {
  const shell = useShell();
  const [view, setView] = useState<'conversation' | 'history'>('conversation');
  // Scroll position from the bottom, so the latest reply stays in view as replies arrive.
  const [fromBottom, setFromBottom] = useState(0);
  const loaded = useMemo((): { ticket: TicketDetail } | { error: string } => {
    try {
      return { ticket: showTicket(shell.app, shell.actor, id) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    // Reload when the data changed (generation), like the queue.
  }, [shell.app, shell.actor, id, shell.generation]);
  // A draft left here (quit, crash, conflict, esc): said above the conversation; r continues it.
  const draft = useMemo((): Draft | null => {
    try {
      return loadDraft(shell.app, shell.actor, id);
    } catch {
      return null;
    }
  }, [shell.app, shell.actor, id, shell.generation, active]);
  const width = shell.body.columns;
  const lines = useMemo(
    () => ('ticket' in loaded ? (view === 'history' ? historyLines(loaded.ticket, width) : conversationLines(loaded.ticket, width)) : []),
    [loaded, view, width],
  );
  const files = useMemo(() => attachmentsOf('ticket' in loaded ? loaded.ticket : undefined), [loaded]);
  const room = Math.max(1, shell.body.rows - HEADER_ROWS - 1 - (draft ? 1 : 0) - (files.length ? 1 : 0));
  const maxScroll = Math.max(0, lines.length - room);
  const scrollBy = (delta: number) => setFromBottom((s) => Math.max(0, Math.min(maxScroll, s - delta)));
  const labels = useMemo(() => dictionaries(shell.app), [shell.app, shell.generation]);
  const related = useRelatedTickets(shell, 'ticket' in loaded ? loaded.ticket : undefined);
  const actions = useTicketActions(shell, 'ticket' in loaded ? loaded.ticket : undefined, active);
  const attachmentKeys = useAttachmentKeys(shell, 'ticket' in loaded ? loaded.ticket : undefined);
  useKeyLayer(
    PRIORITY.screen,
    [
      { command: 'ticket.back', run: shell.navigate.back },
      { command: 'ticket.down', run: () => scrollBy(1) },
      { command: 'ticket.up', run: () => scrollBy(-1) },
      { command: 'ticket.pageDown', run: () => scrollBy(room - 1) },
      { command: 'ticket.pageUp', run: () => scrollBy(-(room - 1)) },
      { command: 'ticket.top', run: () => setFromBottom(maxScroll) },
      { command: 'ticket.bottom', run: () => setFromBottom(0) },
      {
        command: 'ticket.history',
        run: () => {
          setView((v) => (v === 'history' ? 'conversation' : 'history'));
          setFromBottom(0);
        },
      },
      related.binding,
      ...attachmentKeys,
      ...actions,
    ],
    { active },
  );
  if ('error' in loaded) return <Text color={shell.theme.color('danger')}>{sanitizeForTerminal(loaded.error)} — esc goes back</Text>;
  const t = loaded.ticket;
  const start = Math.max(0, lines.length - room - Math.min(fromBottom, maxScroll));
  const shown = lines.slice(start, start + room);
  const position = lines.length > room ? ` · lines ${start + 1}–${start + shown.length} of ${lines.length}` : '';
  return (
    <Box flexDirection="column">
      <TicketHeader ticket={t} theme={shell.theme} labels={labels} />
      <Text wrap="truncate" color={shell.theme.color('muted')}>
        {related.line}
      </Text>
      {files.length ? <AttachmentsRow files={files} theme={shell.theme} /> : null}
      {draft ? (
        <Text color={shell.theme.color('warning')} wrap="truncate">
          {`✎ your draft ${draft.kind.replace('_', ' ')} (saved ${shortTime(draft.updatedAt)}, ${draft.text.split('\n').length} line${draft.text.includes('\n') ? 's' : ''}): r or n continues it`}
        </Text>
      ) : null}
      <Text color={shell.theme.color('muted')} wrap="truncate">
        {`── ${view === 'history' ? 'history (h: conversation)' : `conversation: ${t.comments.length} comment${t.comments.length === 1 ? '' : 's'} (h: history)`}${position} · ? keys `.padEnd(
          width,
          '─',
        )}
      </Text>
      {shown.map((line, i) => (
        <BodyRow key={start + i} line={line} theme={shell.theme} />
      ))}
    </Box>
  );
}

function BodyRow({ line, theme }: { line: BodyLine; theme: Theme }) {
  switch (line.kind) {
    case 'heading-internal':
      return (
        <Text wrap="truncate" bold color={theme.color('warning')} inverse={!theme.colors}>
          {line.text}
        </Text>
      );
    case 'internal':
      return (
        <Text wrap="truncate" color={theme.color('warning')}>
          {line.text}
        </Text>
      );
    case 'heading-public':
      return (
        <Text wrap="truncate" bold color={theme.color('accent')}>
          {line.text}
        </Text>
      );
    default:
      return <Text wrap="truncate">{line.text || ' '}</Text>;
  }
}

function TicketHeader({ ticket: t, theme, labels }: { ticket: TicketDetail; theme: Theme; labels: ReturnType<typeof dictionaries> }) {
  const clean = (text: string | null) => sanitizeForTerminal(text ?? '—');
  const status = statusDisplay(t.status, t.level, labels);
  const priorityLabel = labels.priorityLabels[t.priority as Priority] ?? '';
  const waiting = t.status === 'pending' && t.waitingOn ? ` (waiting on ${t.waitingOn})` : '';
  const clocks = slaClockTexts(t.sla);
  return (
    <>
      <Text bold wrap="truncate">
        #{t.id} {clean(t.subject)}
        {t.followUpOf !== null ? <Text color={theme.color('muted')}> (follow-up of #{t.followUpOf})</Text> : null}
      </Text>
      <Text wrap="truncate">
        <Text bold inverse>{` ${clean(status)} `}</Text>
        {waiting} · <Text bold>{t.priority}</Text> {clean(priorityLabel)} · {clean(t.type)} · v{t.version}
        {t.closingReason ? ` · closed: ${clean(t.closingReason)}` : ''}
      </Text>
      <Text wrap="truncate">
        requester <Text bold>{clean(t.requester)}</Text>
        {t.organization ? ` (${clean(t.organization)})` : ''} · assignee <Text bold>{clean(t.assignee)}</Text> · tags{' '}
        {t.tags.length ? clean(t.tags.join(' ')) : '—'} · watchers {t.watchers.length ? clean(t.watchers.join(' ')) : '—'}
      </Text>
      <ClockLine clocks={clocks.pickups} theme={theme} />
      <ClockLine clocks={clocks.resolution} theme={theme} />
    </>
  );
}

/** The attachments with their sizes, sanitized; `v` opens one and `s` saves one (a pick when several). */
function AttachmentsRow({ files, theme }: { files: AttachmentLine[]; theme: Theme }) {
  return (
    <Text wrap="truncate">
      <Text bold>{`${files.length} attachment${files.length === 1 ? '' : 's'} (v open · s save): `}</Text>
      {files.map((f, i) => (
        <Text key={f.id}>
          {i ? ' · ' : ''}
          {sanitizeForTerminal(f.name)}
          <Text color={theme.color('muted')}> {humanSize(f.size)}</Text>
        </Text>
      ))}
    </Text>
  );
}

function ClockLine({ clocks, theme }: { clocks: ClockText[]; theme: Theme }) {
  return (
    <Text wrap="truncate">
      {clocks.map((c, i) => (
        <Text key={i} color={theme.color(c.tone)} bold={c.tone === 'danger'}>
          {i ? ' · ' : ''}
          {c.text}
        </Text>
      ))}
    </Text>
  );
}
