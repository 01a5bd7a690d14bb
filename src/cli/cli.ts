// The CLI: yargs with an explicit list of command modules. Never imports Ink: the TUI is a lazily
// loaded chunk, started only when no command is given. Importing this module runs nothing (tests
// and docs read the command tree); main.ts is the entry that runs it.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from './exitCodes.js';
import { runReported } from './runReported.js';
import { globalOptions } from './options.js';
import type { GlobalArgs } from './runtime.js';
import { ticketCommand } from './commands/ticket.js';
import { initCommand, orgCommand, userCommand } from './commands/admin.js';
import { tuiCommand, startDemoCommand } from './commands/tui.js';
import { demoCommand } from './commands/demo.js';
import { mailCommand, mailgateCommand, notifyCommand } from './commands/mail.js';
import { dictionaryCommand } from './commands/dictionary.js';
import { configCommand } from './commands/config.js';
import { closeCommand } from './commands/close.js';
import { bulkCommand } from './commands/bulk.js';
import { macroCommand } from './commands/macro.js';
import { batchCommand } from './commands/batch.js';
import { calendarCommand, slaCommand } from './commands/sla.js';
import { reportCommand } from './commands/report.js';
import { forecastCommand } from './commands/forecast.js';
import { automateCommand } from './commands/automate.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { backupCommand } from './commands/backup.js';
import { auditCommand } from './commands/audit.js';
import { copyCommand } from './commands/copy.js';

/** Every command, in the order `--help` lists them. */
// Each module types its own arguments; the list can only say "some arguments".
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<GlobalArgs, any>[] = [
  tuiCommand,
  initCommand,
  ticketCommand,
  userCommand,
  orgCommand,
  demoCommand,
  startDemoCommand,
  mailgateCommand,
  notifyCommand,
  mailCommand,
  configCommand,
  closeCommand,
  bulkCommand,
  batchCommand,
  macroCommand,
  exportCommand,
  importCommand,
  backupCommand,
  copyCommand,
  auditCommand,
  automateCommand,
  slaCommand,
  calendarCommand,
  reportCommand,
  forecastCommand,
  dictionaryCommand,
];

/** The command tree, built without running, so docs and tests can read it. */
export function buildCli(argv: string[]): Argv<GlobalArgs> {
  let cli = yargs(argv)
    .scriptName('ticketty')
    .options(globalOptions)
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .wrap(null)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .help()
    .alias('help', 'h')
    .version(false)
    .epilogue(
      'Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 forbidden, 5 conflict, 75 database busy, 130 a batch stopped by Ctrl-C.',
    ) as Argv<GlobalArgs>;
  for (const command of commands) cli = cli.command(command);
  return cli;
}

/**
 * yargs reads a lone `-` as a positional; `--text -` must mean "the text comes from stdin",
 * so glue it to its option first (`--text=-`). A value that starts with `-` and a digit
 * (`--within -1h`, `--limit -5`) is glued too: yargs would read it as short flags (`-1 -h`: help).
 */
export function glueStdinDash(argv: string[]): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    const prev = out[out.length - 1];
    if (arg === '-' && prev !== undefined && /^--?[a-z][\w-]*$/i.test(prev)) out[out.length - 1] = `${prev}=-`;
    else if (/^-[\d.]/.test(arg) && prev !== undefined && /^--[a-z][\w-]*$/i.test(prev)) out[out.length - 1] = `${prev}=${arg}`;
    else out.push(arg);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  return runReported(() => buildCli(glueStdinDash(argv)).parseAsync());
}
