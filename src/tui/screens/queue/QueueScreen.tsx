// The queue (SPEC 9): tabs, a summary line, the column header and one window of rows. Its key
// bindings are binding records (after lazygit) for the command ids of keymap/commands.ts.
import React, { memo, useEffect, useMemo, useRef } from 'react';
import { Box, Text, useApp } from 'ink';
import { checkFilter } from '../../../app/tickets/queuePage.js';
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { truncateToWidth } from '../../../domain/textWidth.js';
import { cliCommand } from '../../cliEquivalent.js';
import { PRIORITY, useKeyLayer, type Binding } from '../../keymap/KeyRouter.js';
import { useShell, type Shell } from '../../shell/ShellContext.js';
import { FittedLine } from '../../components/FittedLine.js';
import type { Theme } from '../../theme.js';
import { dictionaries } from '../../../app/settings/dictionaries.js';
import type { StatusLabelDictionary } from '../../../domain/statusLabels.js';
import { headerCells, queueColumns, RISK_TONE, rowCells, slaRisk, type Column } from './columns.js';
import { useQueue } from './useQueue.js';
import { useTicketActions } from '../ticket/useTicketActions.js';
import { useBatchMenu } from '../batch/useBatchMenu.js';
import { PreviewPane, previewWidth } from './PreviewPane.js';

/** Benchmark hook: the wide terminal without the pane, to measure what the pane costs. */
const NO_PREVIEW = process.env.TICKETTY_TUI_NO_PREVIEW === '1';
/** Rows the queue uses above its list: tabs, summary, column header. */
const CHROME_ROWS = 3;
const SORT_LABEL: Record<string, string> = { sla: 'SLA left', priority: 'priority', updated: 'updated', created: 'created' };

export function QueueScreen({ active, shown }: { active: boolean; shown: boolean }) {
  const shell = useShell();
  const pageSize = Math.max(1, shell.body.rows - CHROME_ROWS);
  const queue = useQueue(shell, pageSize, shown);
  // Ticket actions work on the ticket under the cursor, as in the ticket view.
  const actions = useTicketActions(shell, queue.state.window.rows[queue.state.cursor]?.ticket, active);
  const batch = useBatchMenu(
    shell,
    queue.state.selectedView ? { where: queue.where, count: queue.state.total } : { ids: queue.state.selected },
    queue.actions.clearSelection,
  );
  const { exit } = useApp();
  useKeyLayer(
    PRIORITY.screen,
    [
      ...queueBindings(shell, queue, exit),
      ...actions,
      batch,
      { command: 'queue.reports', run: () => shell.navigate.push({ name: 'reports' }) },
    ],
    { active },
  );

  // The start-up benchmark's "first queue frame": after the first load has been rendered.
  const reported = useRef(false);
  useEffect(() => {
    if (!reported.current && queue.state.loaded) {
      reported.current = true;
      shell.firstFrame();
    }
  });
  // The benchmark's "first page of a search": a window rendered (stamped while rendering, so before
  // the `frame` that draws it).
  const tracedWindow = useRef(queue.state.window);
  if (queue.state.loaded && tracedWindow.current !== queue.state.window) {
    tracedWindow.current = queue.state.window;
    shell.trace(`page ${queue.state.window.rows.length} ${queue.state.query.search ? 'search' : '-'}`);
  }

  const { state, tabs, sort } = queue;
  const { theme } = shell;
  // 140 columns and wider: the preview pane takes the right side, the queue the rest.
  const paneWidth = NO_PREVIEW ? 0 : previewWidth(shell.body.columns);
  const width = shell.body.columns - paneWidth;
  const columns = useMemo(() => queueColumns(width), [width]);
  // "Updated … ago" as of the last refresh (a data change or the minute tick), like the SLA
  // column, so that a cursor move re-renders only the two rows whose cursor mark changed.
  const now = useMemo(() => shell.app.nowMs(), [shell.app, shell.generation]);
  const labels = useMemo(() => dictionaries(shell.app), [shell.app, shell.generation]);
  const summary = [
    // The page comes first; its total follows from the count worker (stale: recounting after a change).
    state.total === null
      ? state.totalAtLeast !== null
        ? `≥ ${state.totalAtLeast.toLocaleString('en-US')} tickets (counting…)`
        : 'counting…'
      : `${state.total.toLocaleString('en-US')} ticket${state.total === 1 ? '' : 's'}${state.totalStale ? ' (recounting…)' : ''}`,
    `sort: ${SORT_LABEL[sort.key] ?? sort.key}${sort.descending ? ' ↓' : ' ↑'}`,
    state.query.search ? `search: ${state.query.search}` : null,
    state.query.filter ? `filter: ${state.query.filter}` : null,
    state.selectedView
      ? `all ${state.total?.toLocaleString('en-US') ?? '(counting…)'} selected (the whole view; * or esc clears)`
      : state.selected.size
        ? `${state.selected.size} selected`
        : null,
  ].filter(Boolean);
  const list = (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        {tabs.map((tab, i) => (
          <Text
            key={tab.id}
            inverse={i === state.query.tab}
            bold={i === state.query.tab}
            color={i === state.query.tab ? undefined : theme.color('muted')}
          >
            {` ${sanitizeForTerminal(tab.title)} `}
          </Text>
        ))}
      </Text>
      <Text wrap="truncate" color={theme.color('accent')}>
        {truncateToWidth(sanitizeForTerminal(summary.join(' · ')), width)}
      </Text>
      <Text wrap="truncate" bold>
        {cellsLine(headerCells(columns), columns)}
      </Text>
      {state.window.rows.length === 0 && state.loaded ? <Text color={theme.color('muted')}> no tickets match</Text> : null}
      {state.window.rows.map(({ ticket }, i) => (
        <QueueRow
          key={ticket.id}
          ticket={ticket}
          columns={columns}
          now={now}
          selected={state.selectedView || state.selected.has(ticket.id)}
          cursor={i === state.cursor}
          theme={theme}
          labels={labels}
        />
      ))}
    </Box>
  );
  if (!paneWidth) return list;
  return (
    <Box flexDirection="row" height={shell.body.rows}>
      {list}
      <PreviewPane id={state.window.rows[state.cursor]?.ticket.id} width={paneWidth} rows={shell.body.rows} />
    </Box>
  );
}

function cellsLine(cells: Record<Column['id'], string>, columns: Column[]): string {
  return columns.map((c) => cells[c.id]).join(' ');
}

interface QueueRowProps {
  ticket: TicketSummary;
  columns: Column[];
  now: number;
  selected: boolean;
  cursor: boolean;
  theme: Theme;
  labels: StatusLabelDictionary;
}

/** One row; memoized on its props (a ticket summary is a new object only when it was reloaded). */
const QueueRow = memo(function QueueRow({ ticket, columns, now, selected, cursor, theme, labels }: QueueRowProps) {
  const cells = rowCells(ticket, columns, now, selected, cursor, labels);
  const risk = slaRisk(ticket.sla);
  const before = columns.slice(
    0,
    columns.findIndex((c) => c.id === 'sla'),
  );
  const after = columns.slice(before.length + 1);
  return (
    <FittedLine
      inverse={cursor}
      segments={[
        { text: `${cellsLine(cells, before)} ` },
        { text: cells.sla, color: theme.color(RISK_TONE[risk]), bold: risk === 'breached' },
        { text: ` ${cellsLine(cells, after)}` },
      ]}
    />
  );
});

function queueBindings(shell: Shell, queue: ReturnType<typeof useQueue>, exit: () => void): Binding[] {
  const { actions } = queue;
  // Esc and q do the same (SPEC 9: back, then quit): undo a search, filter or selection, else quit.
  const backOrQuit = () => (actions.hasSomethingToClear() ? actions.clear() : exit());
  const empty = queue.state.window.rows.length === 0 ? 'no ticket here' : null;
  return [
    { command: 'queue.down', run: actions.down },
    { command: 'queue.up', run: actions.up },
    { command: 'queue.pageDown', run: actions.pageDown },
    { command: 'queue.pageUp', run: actions.pageUp },
    { command: 'queue.first', run: actions.first },
    { command: 'queue.last', run: actions.last },
    {
      command: 'queue.open',
      disabled: empty,
      run: () => {
        const ticket = queue.current();
        if (!ticket) return;
        shell.navigate.push({ name: 'ticket', id: ticket.id });
        shell.status.ran(cliCommand('ticket', 'show', ticket.id));
      },
    },
    {
      command: 'queue.search',
      run: () =>
        shell.overlay.open({
          kind: 'prompt',
          prompt: {
            label: '/',
            initial: queue.state.query.search,
            hint: 'search subjects and texts · enter applies · esc cancels',
            onSubmit: actions.setSearch,
          },
        }),
    },
    {
      command: 'queue.filter',
      run: () =>
        shell.overlay.open({
          kind: 'prompt',
          prompt: {
            label: 'filter:',
            initial: queue.state.query.filter,
            hint: 'e.g. priority<=P2 and idle>1d · fields: status level priority type assignee requester org tag channel created updated idle age sla text',
            validate: (text: string) => checkFilter(text, shell.app),
            onSubmit: actions.setFilter,
          },
        }),
    },
    { command: 'queue.clear', run: backOrQuit },
    { command: 'app.quit', run: backOrQuit },
    { command: 'queue.selectAll', run: actions.toggleSelectAll, disabled: empty },
    { command: 'queue.sort', run: actions.cycleSort },
    { command: 'queue.nextTab', run: actions.nextTab },
    { command: 'queue.prevTab', run: actions.prevTab },
    { command: 'queue.select', run: actions.toggleSelected, disabled: empty },
    { command: 'queue.refresh', run: actions.refresh },
  ];
}
