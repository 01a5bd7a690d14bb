// `ticketty batch list|show`: the record of batch runs (`close --where`, `bulk`, the TUI's batch
// actions): who ran what, how far it got, what it wrote.
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import type { BatchDetail, BatchView } from '../../app/batch/batchHistory.js';
import { minuteOf } from '../../domain/clock.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { renderTable } from '../output/table.js';

interface ListArgs extends GlobalArgs {
  unfinished?: boolean;
  limit: number;
}

interface ShowArgs extends GlobalArgs {
  id: string;
}

const options = (params: Record<string, unknown>) =>
  Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');

function detailText(b: BatchDetail): string {
  const state = b.finishedAt ? `finished ${minuteOf(b.finishedAt)}` : `unfinished (${b.done} of ${b.total} done)`;
  const events = Object.entries(b.events).map(([action, n]) => `${action} ${n}`);
  const lines = [
    `batch ${b.id}: ${b.command} by ${b.actor}, started ${minuteOf(b.createdAt)}, ${state}`,
    `where: ${sanitizeForTerminal(b.filter)}`,
    `options: ${sanitizeForTerminal(options(b.params)) || '—'}`,
    `events: ${events.length ? `${events.join(', ')} on ${b.tickets} ticket(s)` : 'none'}`,
  ];
  if (!b.finishedAt && !b.command.startsWith('tui-'))
    lines.push(`to finish it: run the same command again, with the same --where and options, as ${b.actor}`);
  return lines.join('\n');
}

const list: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: "the newest batch runs: yours, or everyone's for an admin",
  builder: (y) =>
    (y as Argv<ListArgs>)
      .option('unfinished', { type: 'boolean', describe: 'only runs a crash or Ctrl-C left unfinished' })
      .option('limit', { type: 'number', default: 20, describe: 'how many (1–1000)' })
      .example('ticketty batch list --unfinished', 'what to run again'),
  handler: withRuntime<ListArgs>(async (rt, a) => {
    const { listBatches } = await import('../../app/batch/batchHistory.js');
    const batches = listBatches(rt.app, rt.actor(), { unfinished: a.unfinished === true, limit: a.limit });
    if (rt.json) return printJson(batches);
    if (!batches.length) return printLine(a.unfinished ? 'no unfinished batches' : 'no batches yet');
    const columns = [
      { header: 'ID' },
      { header: 'COMMAND' },
      { header: 'BY' },
      { header: 'WHERE' },
      { header: 'DONE', align: 'right' as const },
      { header: 'STARTED' },
      { header: 'FINISHED' },
    ];
    const rows = batches.map((b: BatchView) => [
      b.id.slice(0, 8),
      b.command,
      b.actor,
      b.filter,
      `${b.done}/${b.total}`,
      minuteOf(b.createdAt),
      b.finishedAt ? minuteOf(b.finishedAt) : 'unfinished',
    ]);
    printLine(renderTable(columns, rows, process.stdout.isTTY ? { width: process.stdout.columns } : {}));
  }),
};

const show: CommandModule<GlobalArgs, ShowArgs> = {
  command: 'show <id>',
  describe: 'one batch run: its filter, options, progress and events (its id or first characters)',
  builder: (y) => (y as Argv<ShowArgs>).positional('id', { type: 'string', demandOption: true }),
  handler: withRuntime<ShowArgs>(async (rt, a) => {
    const { showBatch } = await import('../../app/batch/batchHistory.js');
    const batch = showBatch(rt.app, rt.actor(), a.id);
    if (rt.json) printJson(batch);
    else printLine(detailText(batch));
  }),
};

export const batchCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'batch <command>',
  describe: "the record of batch runs (close --where, bulk, the TUI's batch actions)",
  builder: (y) => y.command(list).command(show).demandCommand(1, 'name a batch command (see ticketty batch --help)'),
  handler: () => undefined,
};
