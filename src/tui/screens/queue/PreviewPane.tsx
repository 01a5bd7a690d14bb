// The preview pane beside the queue (SPEC 9, 140 columns and wider): the ticket under the cursor,
// its SLA clocks and its newest messages. It reads that one ticket (app/tickets/ticketContext.ts)
// on a timer after the cursor rests, so a key's frame never waits for the read: while the cursor
// moves, the pane shows the ticket it had, dimmed.
import React, { memo, useEffect, useMemo, useState } from 'react';
import { Box } from 'ink';
import { previewTicket, type TicketPreview } from '../../../app/tickets/ticketContext.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { truncateToWidth } from '../../../domain/textWidth.js';
import { useShell } from '../../shell/ShellContext.js';
import type { Theme, Tone } from '../../theme.js';
import { FittedLine } from '../../components/FittedLine.js';
import { slaClockTexts } from '../ticket/slaClocks.js';
import { shortTime, wrapText } from '../ticket/ticketLines.js';

/** The narrowest terminal that shows the pane; below it the queue has the whole width. */
export const PREVIEW_MIN_COLUMNS = 140;
/** How long the cursor rests on a ticket before the pane reads it (a held j reads nothing). */
export const PREVIEW_DELAY_MS = 60;
const MESSAGES = 3;

/** The pane's width (its border included) at a terminal width; 0 when it is hidden. */
export function previewWidth(columns: number): number {
  return columns >= PREVIEW_MIN_COLUMNS ? Math.min(80, Math.floor(columns * 0.38)) : 0;
}

interface PaneLine {
  text: string;
  tone?: Tone | undefined;
  bold?: boolean | undefined;
}

type Loaded = { id: number; preview: TicketPreview } | { id: number; error: string };

export function PreviewPane({ id, width, rows }: { id: number | undefined; width: number; rows: number }) {
  const shell = useShell();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (id === undefined) return;
    const timer = setTimeout(() => {
      try {
        setLoaded({ id, preview: previewTicket(shell.app, shell.actor, id, MESSAGES) });
      } catch (error) {
        setLoaded({ id, error: error instanceof Error ? error.message : String(error) });
      }
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [shell.app, shell.actor, id, shell.generation]);

  const inner = Math.max(10, width - 2);
  const read = useMemo(() => (loaded ? paneLines(loaded, inner, rows) : null), [loaded, inner, rows]);
  const lines: PaneLine[] =
    id === undefined ? [{ text: 'no ticket here', tone: 'muted' }] : (read ?? [{ text: `#${id} …`, tone: 'muted' }]);
  const stale = loaded !== null && id !== undefined && loaded.id !== id;
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false}>
      <PaneBody lines={lines} rows={rows} inner={inner} stale={stale} theme={shell.theme} />
    </Box>
  );
}

/**
 * The lines, memoized: a cursor move re-renders this only when the pane's content or staleness
 * changed. FittedLine, as the queue's rows: the text is fitted here, so Ink need not measure it.
 */
const PaneBody = memo(function PaneBody(props: { lines: PaneLine[]; rows: number; inner: number; stale: boolean; theme: Theme }) {
  const { lines, rows, inner, stale, theme } = props;
  return (
    <>
      {lines.slice(0, rows).map((line, i) => (
        <FittedLine
          key={i}
          segments={[
            {
              text: ` ${truncateToWidth(line.text, inner)}`,
              // A stale pane (the cursor moved on, the read is pending) is drawn muted.
              color: stale ? theme.color('muted') : line.tone ? theme.color(line.tone) : undefined,
              bold: !stale && line.bold,
            },
          ]}
        />
      ))}
    </>
  );
});

/** The pane's lines: the ticket's header and clocks, then as many of the newest messages as fit. */
export function paneLines(loaded: Loaded, width: number, rows: number): PaneLine[] {
  if ('error' in loaded) return [{ text: sanitizeForTerminal(loaded.error), tone: 'danger' }];
  const { ticket: t, messages } = loaded.preview;
  const clean = (text: string | null) => sanitizeForTerminal(text ?? '—');
  const waiting = t.status === 'pending' && t.waitingOn ? ` (waiting on ${t.waitingOn})` : '';
  const clocks = slaClockTexts(t.sla);
  const head: PaneLine[] = [
    { text: `#${t.id} ${clean(t.subject)}`, bold: true },
    {
      text: `${t.status.replace('_', ' ').toUpperCase()} L${t.level}${waiting} · ${t.priority} · ${clean(t.type)} · assignee ${clean(t.assignee)}`,
    },
    { text: `requester ${clean(t.requester)}${t.organization ? ` (${clean(t.organization)})` : ''}` },
    ...[...clocks.pickups, clocks.resolution[0]!].map((c) => ({ text: c.text, tone: c.tone })),
    { text: `── newest message${messages.length === 1 ? '' : 's'} ${'─'.repeat(Math.max(0, width - 20))}`, tone: 'muted' },
  ];
  const body: PaneLine[] = [];
  for (const m of messages) {
    const who = `${clean(m.author)} · ${shortTime(m.createdAt)}`;
    body.push(
      m.internal
        ? { text: `[INTERNAL NOTE] ${who}`, tone: 'warning', bold: true }
        : { text: `${who} · public`, tone: 'accent', bold: true },
    );
    const gutter = m.internal ? '┃ ' : '│ ';
    for (const part of wrapText(sanitizeForTerminal(m.body, { multiline: true }), Math.max(8, width - 2)))
      body.push({ text: `${gutter}${part}`, ...(m.internal ? { tone: 'warning' as const } : {}) });
  }
  if (!messages.length) body.push({ text: 'no messages', tone: 'muted' });
  // The newest text matters most: when it does not all fit, the oldest lines give way.
  const room = Math.max(0, rows - head.length);
  return [...head, ...(body.length > room ? body.slice(body.length - room) : body)];
}
