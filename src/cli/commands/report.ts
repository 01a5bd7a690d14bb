// `ticketty report sla|backlog [--since] [--until] [--by DIM] [--format table|json|csv]`.
import type { Argv, CommandModule } from 'yargs';
import { BadInput } from '../../domain/errors.js';
import { businessTime } from './sla.js';
import { recomputeReportRollups, slaReport, REPORT_DIMENSIONS, type SlaReport } from '../../app/sla/reportSla.js';
import { backlogReport, type BacklogReport } from '../../app/sla/reportBacklog.js';
import type { GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import { renderTable, type TableColumn } from '../output/table.js';
import { toCsv } from '../output/csv.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface ReportArgs extends GlobalArgs {
  since?: string;
  until?: string;
  by?: string;
  format?: string;
  recompute?: boolean;
}

type Format = 'table' | 'json' | 'csv';
function formatOf(a: ReportArgs): Format {
  const format = a.format ?? (a.json ? 'json' : 'table');
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new BadInput(`bad --format '${format}': table, json or csv`);
  return format;
}

const windowOptions = <T>(y: Argv<T>) =>
  y
    .option('since', { type: 'string', describe: 'tickets created since: a date, a time or a duration back (30d)' })
    .option('until', { type: 'string', describe: 'tickets created before: a date, a time or a duration back' })
    .option('format', { type: 'string', describe: 'table (default), json or csv' });

const num = (n: number | null) => (n === null ? '-' : String(n));
const pct = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)}%`);
const mins = (n: number | null) => (n === null ? '-' : businessTime(n));

const SLA_CSV_HEADER = [
  'group',
  'tickets',
  'pickup_measured',
  'pickup_met',
  'pickup_breached',
  'pickup_within_target_pct',
  'pickup_median_minutes',
  'pickup_p90_minutes',
  'pickup_within_hour_pct',
  'resolution_measured',
  'resolution_met',
  'resolution_breached',
  'resolution_within_target_pct',
  'resolution_median_minutes',
  'resolution_p90_minutes',
  'open',
  'open_running',
  'open_at_risk',
  'open_breached',
  'open_paused',
];

function slaCsv(r: SlaReport): string {
  return toCsv(
    SLA_CSV_HEADER,
    r.groups.map((g) => [
      g.group,
      g.tickets,
      g.pickup.measured,
      g.pickup.met,
      g.pickup.breached,
      g.pickup.withinTargetPct,
      g.pickup.medianMinutes,
      g.pickup.p90Minutes,
      g.pickup.withinHourPct,
      g.resolution.measured,
      g.resolution.met,
      g.resolution.breached,
      g.resolution.withinTargetPct,
      g.resolution.medianMinutes,
      g.resolution.p90Minutes,
      g.open.total,
      g.open.running,
      g.open.atRisk,
      g.open.breached,
      g.open.paused,
    ]),
  );
}

function slaTable(r: SlaReport): string {
  const right = (header: string): TableColumn => ({ header, align: 'right' });
  const columns: TableColumn[] = [
    { header: (r.by ?? 'all').toUpperCase() },
    right('TICKETS'),
    right('PICKUP MET'),
    right('LATE'),
    right('IN TIME'),
    right('MEDIAN'),
    right('P90'),
    right('≤1H'),
    right('RESOLVED MET'),
    right('LATE'),
    right('IN TIME'),
    right('MEDIAN'),
    right('P90'),
    right('OPEN OK'),
    right('AT RISK'),
    right('BREACHED'),
    right('PAUSED'),
  ];
  const rows = r.groups.map((g) => [
    g.group,
    String(g.tickets),
    num(g.pickup.met),
    num(g.pickup.breached),
    pct(g.pickup.withinTargetPct),
    mins(g.pickup.medianMinutes),
    mins(g.pickup.p90Minutes),
    pct(g.pickup.withinHourPct),
    num(g.resolution.met),
    num(g.resolution.breached),
    pct(g.resolution.withinTargetPct),
    mins(g.resolution.medianMinutes),
    mins(g.resolution.p90Minutes),
    String(g.open.running),
    String(g.open.atRisk),
    String(g.open.breached),
    String(g.open.paused),
  ]);
  const window = `tickets created ${r.since ? `since ${r.since}` : 'at any time'}${r.until ? ` until ${r.until}` : ''}; times in business hours`;
  return `${renderTable(columns, rows)}\n\n${window}`;
}

const reportSla: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'sla',
  describe: 'pickup and resolution against target, percentiles, open tickets at risk',
  builder: (y) =>
    windowOptions(y as Argv<ReportArgs>)
      .option('by', { type: 'string', describe: `group by ${REPORT_DIMENSIONS.join(', ')}` })
      .option('recompute', { type: 'boolean', describe: 'first rebuild the report rollups from the tickets (admin)' })
      .example('ticketty report sla --since 30d --by priority', 'the last 30 days per priority')
      .example('ticketty report sla --by agent --format csv > sla.csv', 'per agent, for a spreadsheet'),
  handler: withRuntime<ReportArgs>((rt, a) => {
    const format = formatOf(a);
    if (a.recompute) {
      recomputeReportRollups(rt.app, rt.actor());
      process.stderr.write('rebuilt the report rollups from the tickets\n');
    }
    const report = slaReport(rt.app, rt.actor(), { since: a.since, until: a.until, by: a.by });
    if (format === 'json') printJson(report);
    else if (format === 'csv') process.stdout.write(slaCsv(report));
    else printLine(slaTable(report));
  }),
};

function backlogOut(r: BacklogReport, format: Format, statusLabels: Record<string, string>): void {
  if (format === 'json') return printJson(r);
  if (format === 'csv') {
    process.stdout.write(
      toCsv(
        ['status', 'level_1', 'level_2', 'level_3', 'total'],
        r.byStatus.map((s) => [s.status, s.levels['1'], s.levels['2'], s.levels['3'], s.total]),
      ),
    );
    return;
  }
  const right = (header: string): TableColumn => ({ header, align: 'right' });
  const statusTable = renderTable(
    [{ header: 'STATUS' }, right('L1'), right('L2'), right('L3'), right('TOTAL')],
    [
      ...r.byStatus.map((s) => [
        sanitizeForTerminal(statusLabels[s.status] ?? s.status),
        String(s.levels['1']),
        String(s.levels['2']),
        String(s.levels['3']),
        String(s.total),
      ]),
      ['total', '', '', '', String(r.total)],
    ],
  );
  const assigneeTable = renderTable(
    [{ header: 'ASSIGNEE' }, right('NEW'), right('OPEN'), right('PENDING'), right('ON HOLD'), right('TOTAL')],
    r.byAssignee.map((p) => [
      p.assignee ?? '(unassigned)',
      String(p.new),
      String(p.open),
      String(p.pending),
      String(p.on_hold),
      String(p.total),
    ]),
  );
  const approval = r.awaitingApproval ? `\n${r.awaitingApproval} pending on the customer's approval of an estimate` : '';
  printLine(`${statusTable}${approval}\n\n${assigneeTable}`);
}

const reportBacklog: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'backlog',
  describe: 'unclosed tickets by status and level, unsolved per assignee',
  builder: (y) => windowOptions(y as Argv<ReportArgs>).example('ticketty report backlog', 'what is waiting, where'),
  handler: withRuntime<ReportArgs>(async (rt, a) =>
    backlogOut(
      backlogReport(rt.app, rt.actor(), { since: a.since, until: a.until }),
      formatOf(a),
      (await import('../../app/settings/dictionaries.js')).dictionaries(rt.app).statusLabels,
    ),
  ),
};

const AGENT_COLUMNS = [
  'agent',
  'role',
  'open',
  'solved',
  'closed',
  'pickups',
  'pickupMet',
  'pickupBreached',
  'pickupWithinTargetPct',
  'resolutionMet',
  'resolutionBreached',
  'resolutionWithinTargetPct',
  'pickupMedianMinutes',
  'resolutionMedianMinutes',
] as const;

const reportAgents: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'agents',
  describe:
    'per staff member: open load, solved and closed, pickups and resolutions within target, their medians (last 30 days by default)',
  builder: (y) => windowOptions(y as Argv<ReportArgs>).example('ticketty report agents --since 7d', 'the last week, per agent'),
  handler: withRuntime<ReportArgs>(async (rt, a) => {
    const format = formatOf(a);
    const { agentReport } = await import('../../app/sla/reportAgents.js');
    const report = agentReport(rt.app, rt.actor(), { since: a.since, until: a.until });
    if (format === 'json') return printJson(report);
    const rows = report.agents.map((r) => AGENT_COLUMNS.map((c) => r[c]));
    if (format === 'csv') return void process.stdout.write(toCsv([...AGENT_COLUMNS], rows));
    printLine(
      renderTable(
        [
          'AGENT',
          'ROLE',
          'OPEN',
          'SOLVED',
          'CLOSED',
          'PICKUPS',
          'MET',
          'BREACHED',
          'WITHIN',
          'RES MET',
          'RES BREACHED',
          'WITHIN',
          'PICKUP MED',
          'RES MED',
        ].map((header, i): TableColumn => ({ header, align: i > 1 ? 'right' : 'left' })),
        report.agents.map((r) => [
          r.agent,
          r.role,
          String(r.open),
          String(r.solved),
          String(r.closed),
          String(r.pickups),
          String(r.pickupMet),
          String(r.pickupBreached),
          pct(r.pickupWithinTargetPct),
          String(r.resolutionMet),
          String(r.resolutionBreached),
          pct(r.resolutionWithinTargetPct),
          mins(r.pickupMedianMinutes),
          mins(r.resolutionMedianMinutes),
        ]),
      ),
    );
  }),
};

export const reportCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'report <command>',
  describe: 'SLA, backlog and agent reports (table, json or csv)',
  builder: (y) =>
    y.command(reportSla).command(reportBacklog).command(reportAgents).demandCommand(1, 'name a report: sla, backlog or agents'),
  handler: () => undefined,
};
