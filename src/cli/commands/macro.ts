// `ticketty macro add|list|show|remove`; applying one is `ticketty ticket macro ID NAME` or `bulk --macro`.
import type { Argv, CommandModule } from 'yargs';
import { textArg, type GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import { MACRO_ACTIONS, PLACEHOLDERS } from '../../app/tickets/macroNames.js';
import type { MacroView } from '../../app/tickets/macros.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { renderTable } from '../output/table.js';

interface MacroArgs extends GlobalArgs {
  name: string;
  reply?: string;
  note?: string;
  action?: string;
  actionText?: string;
  tag?: string[];
  untag?: string[];
  priority?: string;
  replace?: boolean;
}

const clean = (text: string | undefined) => sanitizeForTerminal(text ?? '');

function macroSummary(m: MacroView): string {
  const parts = [
    m.priority && `priority ${m.priority}`,
    m.tags?.length && `tag ${m.tags.join(' ')}`,
    m.untags?.length && `untag ${m.untags.join(' ')}`,
    m.note && 'note',
    m.reply && 'reply',
    m.action && `then ${m.action}`,
  ].filter(Boolean);
  return parts.join(', ');
}

function macroText(m: MacroView): string {
  const lines = [`macro ${m.name}: ${macroSummary(m)}`];
  if (m.reply) lines.push('reply:', clean(m.reply));
  if (m.note) lines.push('note:', clean(m.note));
  if (m.actionText) lines.push(`${m.action ?? 'action'} text: ${clean(m.actionText)}`);
  return lines.join('\n');
}

const add: CommandModule<GlobalArgs, MacroArgs> = {
  command: 'add <name>',
  describe: 'save a macro: reply/note text with placeholders, tags, priority, a status action',
  builder: (y) =>
    (y as Argv<MacroArgs>)
      .positional('name', { type: 'string', demandOption: true })
      .option('reply', { type: 'string', describe: 'public reply text; - reads standard input' })
      .option('note', { type: 'string', describe: 'internal note text; - reads standard input' })
      .option('action', { type: 'string', choices: MACRO_ACTIONS, describe: 'status action after the texts' })
      .option('action-text', { type: 'string', describe: 'its resolution, reason or closing reason' })
      .option('tag', { type: 'string', array: true, describe: 'tags to add' })
      .option('untag', { type: 'string', array: true, describe: 'tags to remove' })
      .option('priority', { type: 'string', describe: 'P1 … P5' })
      .option('replace', { type: 'boolean', describe: 'replace a macro of the same name' })
      .epilogue(`Placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}`)
      .example(
        'ticketty macro add fixed --reply "Hello {{requester.name}}, {{ticket.id}} is fixed. {{agent.name}}" --action solve --tag fixed',
        'reply, tag and solve',
      ),
  handler: withRuntime<MacroArgs>(async (rt, a) => {
    const { addMacro } = await import('../../app/tickets/macros.js');
    const definition = {
      reply: textArg(a.reply),
      note: textArg(a.note),
      action: a.action,
      actionText: a.actionText,
      tags: a.tag,
      untags: a.untag,
      priority: a.priority?.toUpperCase(),
    };
    const input = Object.fromEntries(Object.entries(definition).filter(([, v]) => v !== undefined));
    const macro = addMacro(rt.app, rt.actor(), a.name, input, a.replace === true);
    if (rt.json) printJson(macro);
    else printLine(`saved ${macroText(macro)}`);
  }),
};

const list: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'the saved macros',
  handler: withRuntime(async (rt) => {
    const { listMacros } = await import('../../app/tickets/macros.js');
    const macros = listMacros(rt.app, rt.actor());
    if (rt.json) printJson(macros);
    else if (!macros.length) printLine("no macros yet: add one with 'ticketty macro add NAME --reply TEXT'");
    else
      printLine(
        renderTable(
          [{ header: 'NAME' }, { header: 'DOES' }],
          macros.map((m) => [m.name, macroSummary(m)]),
        ),
      );
  }),
};

const show: CommandModule<GlobalArgs, MacroArgs> = {
  command: 'show <name>',
  describe: 'one macro in full',
  builder: (y) => (y as Argv<MacroArgs>).positional('name', { type: 'string', demandOption: true }),
  handler: withRuntime<MacroArgs>(async (rt, a) => {
    const { getMacro } = await import('../../app/tickets/macros.js');
    const macro = getMacro(rt.app, rt.actor(), a.name);
    if (rt.json) printJson(macro);
    else printLine(macroText(macro));
  }),
};

const remove: CommandModule<GlobalArgs, MacroArgs> = {
  command: 'remove <name>',
  describe: 'delete a macro',
  builder: (y) => (y as Argv<MacroArgs>).positional('name', { type: 'string', demandOption: true }),
  handler: withRuntime<MacroArgs>(async (rt, a) => {
    const { removeMacro } = await import('../../app/tickets/macros.js');
    removeMacro(rt.app, rt.actor(), a.name);
    if (rt.json) printJson({ removed: a.name });
    else printLine(`removed macro ${a.name}`);
  }),
};

export const macroCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'macro <command>',
  describe: 'saved replies and actions, applied with `ticket macro ID NAME` or `bulk --macro`',
  builder: (y) =>
    y.command(add).command(list).command(show).command(remove).demandCommand(1, 'name a macro command (see ticketty macro --help)'),
  handler: () => undefined,
};
