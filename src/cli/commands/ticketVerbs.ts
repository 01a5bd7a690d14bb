// Every verb of the catalogue (domain/verbs.ts) with a CLI record, as a `ticketty ticket VERB ID`
// subcommand: its argument, its text option, its help and example all come from the record.
import type { Argv, CommandModule } from 'yargs';
import { BadInput } from '../../domain/errors.js';
import { withIfVersion, withText, withTicketId } from '../options.js';
import { parseTicketId, textArg, type GlobalArgs } from '../runtime.js';
import { note, printTicket, withRuntime } from '../command.js';
import { CLI_VERBS, cliName, verbRecord, type TextOption } from '../../domain/verbs.js';
import type { Action } from '../../domain/workflow.js';

type VerbArgs = GlobalArgs & { id: string; ifVersion?: number; remove?: boolean } & Record<string, unknown>;

/** Short aliases of the text options. */
const TEXT_ALIAS: Record<TextOption, string | undefined> = { text: 't', reason: 'r', resolution: undefined };

function commandLine(verb: Action): string {
  const argument = verbRecord(verb).argument;
  if (!argument) return `${cliName(verb)} <id>`;
  const name = `${argument.name}${argument.list ? '..' : ''}`;
  return `${cliName(verb)} <id> ${argument.optional ? `[${name}]` : `<${name}>`}`;
}

/** The record's argument, `--remove` and text option; option names come from data, so untyped here. */
function withVerbOptions(verb: Action, y: Argv): Argv {
  const record = verbRecord(verb);
  let built = y;
  if (record.argument) {
    built = built.positional(record.argument.name, {
      type: 'string',
      ...(record.argument.list ? { array: true } : {}),
      ...(record.argument.optional ? {} : { demandOption: true }),
    });
  }
  if (record.removal) built = built.option('remove', { type: 'boolean', describe: 'remove instead of add' });
  for (const flag of record.flags ?? []) {
    built = built.option(flag.name, {
      type: flag.boolean ? 'boolean' : 'string',
      describe: flag.describe,
      ...(flag.choices ? { choices: [...flag.choices] } : {}),
    });
  }
  const text = record.text;
  if (text?.option === 'text') built = withText(built);
  else if (text)
    built = built.option(text.option, {
      ...(TEXT_ALIAS[text.option] ? { alias: TEXT_ALIAS[text.option] } : {}),
      type: 'string',
      describe: text.describe ?? '',
    });
  return built;
}

function verbCommand(verb: Action): CommandModule<GlobalArgs, VerbArgs> {
  const record = verbRecord(verb);
  const cli = record.cli!;
  return {
    command: commandLine(verb),
    describe: cli.describe,
    builder: (y: Argv<GlobalArgs>) =>
      withVerbOptions(verb, withIfVersion(withTicketId(y)) as Argv).example(`ticketty ${cli.example}`, cli.describe) as Argv<VerbArgs>,
    handler: withRuntime<VerbArgs>(async (rt, a) => {
      const id = parseTicketId(a.id);
      if (a.ifVersion !== undefined && !(Number.isSafeInteger(a.ifVersion) && a.ifVersion >= 1)) {
        throw new BadInput('--if-version takes a ticket version, a whole number from 1 (see ticket show)');
      }
      const ran = a.remove === true && record.removal ? record.removal : verb;
      const { loadVerbRunner } = await import('../../app/tickets/verbRunners.js');
      const run = await loadVerbRunner(ran);
      const argument = record.argument ? a[record.argument.name] : undefined;
      const input = {
        text: record.text ? textArg(a[record.text.option] as string | undefined) : undefined,
        ...(Array.isArray(argument) ? { values: argument.map(String) } : argument !== undefined ? { value: String(argument) } : {}),
        flags: Object.fromEntries((record.flags ?? []).map((f) => [f.name, a[f.name]])),
      };
      const result = run(rt.app, rt.actor(), id, input, { ifVersion: a.ifVersion, channel: 'cli' });
      if (result.followUpOf !== undefined) note(`#${result.followUpOf} is closed: opened follow-up #${result.ticket.id}`);
      await printTicket(rt, result.ticket);
    }),
  };
}

export const ticketVerbCommands: CommandModule<GlobalArgs, VerbArgs>[] = CLI_VERBS.map(verbCommand);
