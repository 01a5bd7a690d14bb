// `ticketty dictionary list|set|add|retire`: status labels, priority labels, request types and
// their default priorities (SPEC 1, admin). Labels are for people: --json and filters keep the
// canonical values.
import type { Argv, CommandModule } from 'yargs';
import { BadInput } from '../../domain/errors.js';
import { PRIORITIES, STATUSES } from '../../domain/types.js';
import type { Dictionaries } from '../../app/settings/dictionaries.js';
import type { GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import { renderTable } from '../output/table.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface DictionaryArgs extends GlobalArgs {
  kind?: string;
  key?: string;
  value?: string;
  priority?: string;
}

const load = () => import('../../app/settings/dictionaries.js');

function dictionaryText(d: Dictionaries): string {
  const label = (text: string) => sanitizeForTerminal(text);
  return [
    renderTable(
      [{ header: 'STATUS' }, { header: 'LABEL' }],
      STATUSES.map((s) => [s, label(d.statusLabels[s])]),
    ),
    renderTable(
      [{ header: 'PRIORITY' }, { header: 'LABEL' }],
      PRIORITIES.map((p) => [p, label(d.priorityLabels[p])]),
    ),
    renderTable(
      [{ header: 'TYPE' }, { header: 'DEFAULT PRIORITY' }],
      d.types.map((t) => [t, d.typePriorities[t] ?? 'P3']),
    ),
  ].join('\n\n');
}

const print = (json: boolean, d: Dictionaries) => (json ? printJson(d) : printLine(dictionaryText(d)));

const list: CommandModule<GlobalArgs, DictionaryArgs> = {
  command: 'list',
  describe: 'status labels, priority labels, request types and their default priorities',
  handler: withRuntime<DictionaryArgs>(async (rt) => {
    rt.actor();
    print(rt.json, (await load()).dictionaries(rt.app));
  }),
};

const set: CommandModule<GlobalArgs, DictionaryArgs> = {
  command: 'set <kind> <key> <value>',
  describe: "a status label, a priority label, or a type's default priority (admin)",
  builder: (y) =>
    (y as Argv<DictionaryArgs>)
      .positional('kind', { type: 'string', choices: ['status', 'priority', 'type'], demandOption: true })
      .positional('key', { type: 'string', demandOption: true })
      .positional('value', { type: 'string', demandOption: true })
      .example('ticketty dictionary set status pending "EN ATTENTE DE VOTRE RETOUR"', 'a French label')
      .example('ticketty dictionary set priority P2 High', 'High/Average/Low for P2/P3/P4')
      .example('ticketty dictionary set type improvement P4', 'the default priority of a type'),
  handler: withRuntime<DictionaryArgs>(async (rt, a) => {
    const d = await load();
    const result =
      a.kind === 'type'
        ? d.setTypePriority(rt.app, rt.actor(), a.key ?? '', a.value ?? '')
        : d.setDictionary(rt.app, rt.actor(), a.kind === 'status' ? 'status' : 'priority', a.key ?? '', a.value);
    print(rt.json, result);
  }),
};

const add: CommandModule<GlobalArgs, DictionaryArgs> = {
  command: 'add <kind> <key>',
  describe: 'a request type, with its default priority (admin)',
  builder: (y) =>
    (y as Argv<DictionaryArgs>)
      .positional('kind', { type: 'string', choices: ['type'], demandOption: true })
      .positional('key', { type: 'string', demandOption: true })
      .option('priority', { type: 'string', describe: 'its default priority (P3 unless given)' })
      .example('ticketty dictionary add type training --priority P4', 'a new request type'),
  handler: withRuntime<DictionaryArgs>(async (rt, a) =>
    print(rt.json, (await load()).addTicketType(rt.app, rt.actor(), a.key ?? '', a.priority)),
  ),
};

const retire: CommandModule<GlobalArgs, DictionaryArgs> = {
  command: 'retire <kind> <key>',
  describe: 'a request type: no new ticket takes it; tickets that have it keep it (admin)',
  builder: (y) =>
    (y as Argv<DictionaryArgs>)
      .positional('kind', { type: 'string', choices: ['type'], demandOption: true })
      .positional('key', { type: 'string', demandOption: true }),
  handler: withRuntime<DictionaryArgs>(async (rt, a) => {
    if (a.kind !== 'type')
      throw new BadInput('only request types can be retired; statuses and priorities are fixed, their labels editable');
    print(rt.json, (await load()).retireTicketType(rt.app, rt.actor(), a.key ?? ''));
  }),
};

export const dictionaryCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'dictionary <command>',
  describe: 'status labels, priority labels, request types (admin edits)',
  builder: (y) =>
    y
      .command(list)
      .command(set)
      .command(add)
      .command(retire)
      .demandCommand(1, 'name a dictionary command (see ticketty dictionary --help)'),
  handler: () => undefined,
};
