// `ticketty ticket create|list|show` and every verb of SPEC 2.1.
import type { Argv, CommandModule } from 'yargs';
import { parseTicketId, textArg, type GlobalArgs } from '../runtime.js';
import { printJson, printLine, printTicket, withRuntime } from '../command.js';
import { ticketVerbCommands } from './ticketVerbs.js';
import { BadInput } from '../../domain/errors.js';

interface CreateArgs extends GlobalArgs {
  subject?: string;
  text?: string;
  requester?: string;
  org?: string;
  type?: string;
  priority?: string;
  level?: number;
  channel?: string;
  tag?: string[];
}

const create: CommandModule<GlobalArgs, CreateArgs> = {
  command: 'create',
  describe: 'open a ticket (staff may open one on behalf of a requester)',
  builder: (y) =>
    (y as Argv<CreateArgs>)
      .option('subject', { alias: 's', type: 'string', describe: 'one-line summary (required)' })
      .option('text', { alias: 't', type: 'string', describe: 'the description; - reads standard input (required)' })
      .option('requester', { type: 'string', describe: 'staff: handle or e-mail of the requester (unknown e-mails create one)' })
      .option('org', { type: 'string', describe: 'staff: the organization (default: the requester’s)' })
      .option('type', { type: 'string', describe: 'question, fault, improvement, custom_development, work_request, project' })
      .option('priority', { alias: 'p', type: 'string', describe: 'P1 … P5 (default P3; improvement P4)' })
      .option('level', { type: 'number', describe: 'staff: start at level 1, 2 or 3' })
      .option('channel', { type: 'string', describe: 'cli, tui, email, phone, web, forum, import' })
      .option('tag', { type: 'string', array: true, describe: 'tags' })
      .example('ticketty ticket create -s "VPN drops" -t "Since Monday…"', 'as yourself')
      .example(
        'ticketty ticket create -s "Printer" -t - --requester ann@acme.test --channel phone < notes.txt',
        'on behalf of a requester',
      ),
  handler: withRuntime<CreateArgs>(async (rt, a) => {
    if (a.subject === undefined) throw new BadInput('a subject is required (--subject)');
    const [{ createTicket }, { parseLevel }] = await Promise.all([
      import('../../app/tickets/createTicket.js'),
      import('../../app/tickets/ticketActions.js'),
    ]);
    const row = createTicket(rt.app, rt.actor(), {
      subject: a.subject,
      description: textArg(a.text) ?? '',
      requester: a.requester,
      org: a.org,
      type: a.type,
      priority: a.priority,
      level: a.level !== undefined ? parseLevel(a.level) : undefined,
      channel: a.channel,
      tags: a.tag,
    });
    await printTicket(rt, row);
  }),
};

interface ListArgs extends GlobalArgs {
  where?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

const list: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'list tickets, one page at a time',
  builder: (y) =>
    (y as Argv<ListArgs>)
      .option('where', { alias: 'w', type: 'string', describe: 'filter, e.g. "status=pending and idle>7d and level=1"' })
      .option('sort', { type: 'string', describe: 'sla, priority, updated, created (prefix - for descending)', default: 'sla' })
      .option('limit', { type: 'number', describe: 'page size', default: 50 })
      .option('cursor', { type: 'string', describe: 'the next-page cursor printed by the previous page' })
      .example('ticketty ticket list --where "assignee=me and status!=solved"', 'my work')
      .example('ticketty ticket list --sort -updated --limit 20 --json', 'recent changes as JSON'),
  handler: withRuntime<ListArgs>(async (rt, a) => {
    const { listTickets } = await import('../../app/tickets/ticketQueries.js');
    const page = listTickets(rt.app, rt.actor(), { where: a.where, sort: a.sort, limit: a.limit, cursor: a.cursor });
    if (rt.json) {
      printJson(page.tickets);
      if (page.nextCursor) process.stderr.write(`next page: --cursor ${page.nextCursor}\n`);
      return;
    }
    if (!page.tickets.length) printLine('no tickets match');
    else
      printLine(
        (await import('../output/ticketText.js')).ticketTable(
          page.tickets,
          process.stdout.isTTY ? process.stdout.columns : undefined,
          (await import('../../app/settings/dictionaries.js')).dictionaries(rt.app),
        ),
      );
    if (page.nextCursor) printLine(`next page: --cursor ${page.nextCursor}`);
  }),
};

const show: CommandModule<GlobalArgs, GlobalArgs & { id: string }> = {
  command: 'show <id>',
  describe: 'a ticket with its conversation and complete history',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'ticket id (123 or #123)' })
      .example('ticketty ticket show 42 --json', 'everything, for scripts'),
  handler: withRuntime<GlobalArgs & { id: string }>(async (rt, a) => {
    const { showTicket } = await import('../../app/tickets/ticketQueries.js');
    const detail = showTicket(rt.app, rt.actor(), parseTicketId(a.id));
    if (rt.json) printJson(detail);
    else
      printLine(
        (await import('../output/ticketText.js')).ticketDetailText(
          detail,
          (await import('../../app/settings/dictionaries.js')).dictionaries(rt.app),
        ),
      );
  }),
};

export const ticketCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'ticket <command>',
  describe: 'create, list, show and act on tickets',
  builder: (y) => {
    let result = y.command(create).command(list).command(show);
    for (const verb of ticketVerbCommands) result = result.command(verb);
    return result.demandCommand(1, 'name a ticket command (see ticketty ticket --help)');
  },
  handler: () => undefined,
};
