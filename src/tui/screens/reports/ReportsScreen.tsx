// The reports view (SPEC 9): the SLA report per priority (compliance as bars, breaches, open
// tickets at risk and breached) and the backlog (status × level, per assignee), with the same
// figures as `ticketty report sla --by priority` and `ticketty report backlog` (same app functions).
import React, { memo, useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { SlaReport } from '../../../app/sla/reportSla.js';
import type { BacklogReport } from '../../../app/sla/reportBacklog.js';
import { dictionaries } from '../../../app/settings/dictionaries.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { padToWidth, truncateToWidth } from '../../../domain/textWidth.js';
import { cliCommand } from '../../cliEquivalent.js';
import { PRIORITY, useKeyLayer } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';
import type { Theme, Tone } from '../../theme.js';
import { bar, pctText, pctTone } from './bars.js';
import { useScreenReports } from './useScreenReports.js';

const WINDOWS = [undefined, '30d', '7d'] as const;

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

export function ReportsScreen({ active }: { active: boolean }) {
  const shell = useShell();
  const [tab, setTab] = useState<'sla' | 'backlog'>('sla');
  const [windowIndex, setWindowIndex] = useState(0);
  const since = WINDOWS[windowIndex];
  // Seconds on a million tickets: computed off the render thread, never restarted by a data change.
  const { shown, working } = useScreenReports(since);
  const cli = (which: 'sla' | 'backlog', w: string | undefined) =>
    cliCommand('report', which, ...(which === 'sla' ? ['--by', 'priority'] : []), ...(w ? ['--since', w] : []));
  useKeyLayer(
    PRIORITY.screen,
    [
      { command: 'reports.back', run: shell.navigate.back },
      {
        command: 'reports.switch',
        run: () => {
          const next = tab === 'sla' ? 'backlog' : 'sla';
          setTab(next);
          shell.status.ran(cli(next, since));
        },
      },
      {
        command: 'reports.window',
        run: () => {
          const next = (windowIndex + 1) % WINDOWS.length;
          setWindowIndex(next);
          shell.status.ran(cli(tab, WINDOWS[next]));
        },
      },
    ],
    { active },
  );
  const { theme } = shell;
  const width = shell.body.columns;
  const windowText = since ? `tickets created in the last ${since}` : 'tickets created at any time';
  const result = shown?.result;
  const statusLabels = useMemo(() => dictionaries(shell.app).statusLabels, [shell.app, shell.generation]);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text inverse={tab === 'sla'} bold={tab === 'sla'}>
          {' '}
          SLA by priority{' '}
        </Text>
        <Text inverse={tab === 'backlog'} bold={tab === 'backlog'}>
          {' '}
          Backlog{' '}
        </Text>
        {working ? <Working theme={theme} /> : null}
        <Text color={theme.color('muted')}> {windowText} · tab switches · w window · esc back</Text>
      </Text>
      {!result ? null : 'error' in result ? (
        <Text color={theme.color('danger')}>{sanitizeForTerminal(result.error)}</Text>
      ) : (
        // Both stay mounted and Tab only hides one: mounting a table's few dozen nodes was most of
        // a Tab's frame (up to 30 ms on the 1M demo); a hidden box is not drawn.
        <>
          <Box display={tab === 'sla' ? 'flex' : 'none'}>
            <SlaTable report={result.sla} width={width} theme={theme} />
          </Box>
          <Box display={tab === 'backlog' ? 'flex' : 'none'}>
            <BacklogTables report={result.backlog} width={width} rows={shell.body.rows - 1} theme={theme} labels={statusLabels} />
          </Box>
        </>
      )}
    </Box>
  );
}

/** " working… ⠋", turning while a report computes (first on the line: never cut at 80 columns). */
function Working({ theme }: { theme: Theme }) {
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTurn((t) => t + 1), 120);
    return () => clearInterval(timer);
  }, []);
  return <Text color={theme.color('accent')}> working… {SPINNER[turn % SPINNER.length]}</Text>;
}

function Cell({
  text,
  width,
  tone,
  theme,
  right,
}: {
  text: string;
  width: number;
  tone?: Tone | undefined;
  theme: Theme;
  right?: boolean;
}) {
  return (
    <Text color={tone ? theme.color(tone) : undefined}>{padToWidth(truncateToWidth(text, width), width, right ? 'right' : 'left')} </Text>
  );
}

const SlaTable = memo(function SlaTable({ report, width, theme }: { report: SlaReport; width: number; theme: Theme }) {
  // Fixed columns take 47 characters; the two bars share the rest.
  const barWidth = Math.max(5, Math.floor((width - 47) / 2) - 7);
  const rows = report.groups;
  const total = rows.reduce(
    (t, r) => ({
      tickets: t.tickets + r.tickets,
      breaches: t.breaches + r.pickup.breached + r.resolution.breached,
      open: t.open + r.open.total,
      atRisk: t.atRisk + r.open.atRisk,
      breached: t.breached + r.open.breached,
    }),
    { tickets: 0, breaches: 0, open: 0, atRisk: 0, breached: 0 },
  );
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {padToWidth('PRIO', 5)} {padToWidth('TICKETS', 7, 'right')} {padToWidth('PICKUP WITHIN TARGET', barWidth + 7)}{' '}
        {padToWidth('RESOLUTION WITHIN TARGET', barWidth + 7)} {padToWidth('BREACHES', 8, 'right')} {padToWidth('OPEN', 5, 'right')}{' '}
        {padToWidth('AT RISK', 7, 'right')} {padToWidth('BREACHED', 8, 'right')}
      </Text>
      {rows.length === 0 ? <Text color={theme.color('muted')}> no tickets in this window</Text> : null}
      {rows.map((r) => (
        <Text key={r.group} wrap="truncate">
          <Cell text={sanitizeForTerminal(r.group)} width={5} theme={theme} />
          <Cell text={String(r.tickets)} width={7} right theme={theme} />
          <Text color={theme.color(pctTone(r.pickup.withinTargetPct))}>{bar(r.pickup.withinTargetPct, barWidth)}</Text>
          <Cell text={pctText(r.pickup.withinTargetPct)} width={6} right theme={theme} tone={pctTone(r.pickup.withinTargetPct)} />
          <Text color={theme.color(pctTone(r.resolution.withinTargetPct))}>{bar(r.resolution.withinTargetPct, barWidth)}</Text>
          <Cell text={pctText(r.resolution.withinTargetPct)} width={6} right theme={theme} tone={pctTone(r.resolution.withinTargetPct)} />
          <Cell
            text={String(r.pickup.breached + r.resolution.breached)}
            width={8}
            right
            theme={theme}
            tone={r.pickup.breached + r.resolution.breached ? 'danger' : undefined}
          />
          <Cell text={String(r.open.total)} width={5} right theme={theme} />
          <Cell text={String(r.open.atRisk)} width={7} right theme={theme} tone={r.open.atRisk ? 'warning' : undefined} />
          <Cell text={String(r.open.breached)} width={8} right theme={theme} tone={r.open.breached ? 'danger' : undefined} />
        </Text>
      ))}
      <Text wrap="truncate" bold>
        {padToWidth('all', 5)} {padToWidth(String(total.tickets), 7, 'right')} {' '.repeat(2 * (barWidth + 7) + 1)}
        {padToWidth(String(total.breaches), 8, 'right')} {padToWidth(String(total.open), 5, 'right')}{' '}
        {padToWidth(String(total.atRisk), 7, 'right')} {padToWidth(String(total.breached), 8, 'right')}
      </Text>
      <Text color={theme.color('muted')} wrap="truncate">
        within target = met ÷ (met + breached) of stopped clocks; breaches = pickup + resolution; open at risk: under 25% of a target left
      </Text>
    </Box>
  );
});

const BacklogTables = memo(function BacklogTables({
  report,
  width,
  rows,
  theme,
  labels,
}: {
  report: BacklogReport;
  width: number;
  rows: number;
  theme: Theme;
  labels: Record<string, string>;
}) {
  const max = Math.max(1, ...report.byStatus.map((s) => s.total));
  const barWidth = Math.max(5, width - 44);
  const people = report.byAssignee.slice(0, Math.max(1, rows - report.byStatus.length - 6));
  const maxPerson = Math.max(1, ...people.map((p) => p.total));
  const personBar = Math.max(5, width - 52);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {padToWidth('STATUS', 8)} {padToWidth('L1', 6, 'right')} {padToWidth('L2', 6, 'right')} {padToWidth('L3', 6, 'right')}{' '}
        {padToWidth('TOTAL', 7, 'right')}
      </Text>
      {report.byStatus.map((s) => (
        <Text key={s.status} wrap="truncate">
          {padToWidth(truncateToWidth(sanitizeForTerminal(labels[s.status] ?? s.status.toUpperCase()), 8), 8)}{' '}
          {padToWidth(String(s.levels['1']), 6, 'right')} {padToWidth(String(s.levels['2']), 6, 'right')}{' '}
          {padToWidth(String(s.levels['3']), 6, 'right')} {padToWidth(String(s.total), 7, 'right')}{' '}
          <Text color={theme.color('accent')}>{bar((s.total / max) * 100, barWidth, false)}</Text>
        </Text>
      ))}
      <Text bold wrap="truncate">
        {padToWidth('total', 8)} {' '.repeat(20)} {padToWidth(String(report.total), 7, 'right')}
      </Text>
      {report.awaitingApproval ? (
        <Text wrap="truncate" color={theme.color('muted')}>
          {report.awaitingApproval} pending on the customer’s approval of an estimate
        </Text>
      ) : null}
      <Text> </Text>
      <Text bold wrap="truncate">
        {padToWidth('ASSIGNEE', 14)} {padToWidth('NEW', 5, 'right')} {padToWidth('OPEN', 5, 'right')} {padToWidth('PEND', 5, 'right')}{' '}
        {padToWidth('HOLD', 5, 'right')} {padToWidth('TOTAL', 6, 'right')}
      </Text>
      {people.map((p) => (
        <Text key={p.assignee ?? '~'} wrap="truncate">
          {padToWidth(truncateToWidth(sanitizeForTerminal(p.assignee ?? '(unassigned)'), 14), 14)} {padToWidth(String(p.new), 5, 'right')}{' '}
          {padToWidth(String(p.open), 5, 'right')} {padToWidth(String(p.pending), 5, 'right')} {padToWidth(String(p.on_hold), 5, 'right')}{' '}
          {padToWidth(String(p.total), 6, 'right')}{' '}
          <Text color={theme.color('accent')}>{bar((p.total / maxPerson) * 100, personBar, false)}</Text>
        </Text>
      ))}
      {report.byAssignee.length > people.length ? (
        <Text color={theme.color('muted')}>… and {report.byAssignee.length - people.length} more (ticketty report backlog)</Text>
      ) : null}
    </Box>
  );
});
