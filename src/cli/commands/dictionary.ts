// `ticketty dictionary list|set|add|retire`: status labels, priority labels, request types and
// their default priorities (SPEC 1, admin). Labels are for people: --json and filters keep the
// canonical values.
import type { Argv, CommandModule } from 'yargs';
import { BadInput } from '../../domain/errors.js';
import { LEVELS, PRIORITIES, STATUSES } from '../../domain/types.js';
import { statusDisplay } from '../../domain/statusLabels.js';
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
  level?: number;
}

const load = () => import('../../app/settings/dictionaries.js');

function dictionaryText(d: Dictionaries): string {
  const label = (text: string) => sanitizeForTerminal(text);
  return [
    renderTable(
      [{ header: 'STATUS' }, { header: 'LABEL' }, { header: 'L1' }, { header: 'L2' }, { header: 'L3' }],
      STATUSES.map((s) => [
        s,
        label(d.statusLabels[s]),
        ...LEVELS.map((l) => label(statusDisplay(s, l, d)) + (d.statusLevelLabels[s]?.[`${l}`] ? ' *' : '')),
      ]),
    ),
    '(* a label of its own at that level)',
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
      .option('level', { type: 'number', describe: 'a status label for this level only, shown as it is (OPEN 1L)' })
      .example('ticketty dictionary set status pending "EN ATTENTE DE VOTRE RETOUR"', 'a French label')
      .example('ticketty dictionary set status pending "WAITING L1" --level 1', 'a label of its own at level 1')
      .example('ticketty dictionary set priority P2 High', 'High/Average/Low for P2/P3/P4')
      .example('ticketty dictionary set type improvement P4', 'the default priority of a type'),
  handler: withRuntime<DictionaryArgs>(async (rt, a) => {
    const d = await load();
    const result =
      a.kind === 'type'
        ? d.setTypePriority(rt.app, rt.actor(), a.key ?? '', a.value ?? '')
        : d.setDictionary(rt.app, rt.actor(), a.kind === 'status' ? 'status' : 'priority', a.key ?? '', a.value, levelOf(a));
    print(rt.json, result);
  }),
};

function levelOf(a: DictionaryArgs): number | undefined {
  if (a.level === undefined) return undefined;
  if (a.kind !== 'status') throw new BadInput('--level applies to status labels only');
  return a.level;
}

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
  describe: 'a request type (no new ticket takes it; tickets keep it), or a per-level status label (admin)',
  builder: (y) =>
    (y as Argv<DictionaryArgs>)
      .positional('kind', { type: 'string', choices: ['type', 'status'], demandOption: true })
      .positional('key', { type: 'string', demandOption: true })
      .option('level', { type: 'number', describe: 'with status: drop the label of this level (the status label shows again)' })
      .example('ticketty dictionary retire status pending --level 1', 'back to the status label at level 1'),
  handler: withRuntime<DictionaryArgs>(async (rt, a) => {
    if (a.kind === 'status' && a.level !== undefined)
      return print(rt.json, (await load()).retireStatusLevelLabel(rt.app, rt.actor(), a.key ?? '', a.level));
    if (a.kind !== 'type')
      throw new BadInput(
        'only request types and per-level status labels (--level N) can be retired; statuses are fixed, their labels editable',
      );
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
