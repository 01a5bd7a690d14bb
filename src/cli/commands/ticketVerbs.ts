// Every verb of SPEC 2.1 as a `ticketty ticket VERB ID` subcommand.
import type { Argv, CommandModule } from 'yargs';
import { withIfVersion, withText, withTicketId } from '../options.js';
import { parseTicketId, textArg, type GlobalArgs, type Runtime } from '../runtime.js';
import { note, printTicket, withRuntime } from '../command.js';
import type { ActionResult } from '../../app/tickets/ticketActions.js';
import type { Actor } from '../../domain/permissions.js';
import type { WriteOptions } from '../../app/tickets/ticketWrite.js';

interface VerbArgs extends GlobalArgs {
  id: string;
  ifVersion?: number;
  text?: string;
  reason?: string;
  resolution?: string;
  handle?: string;
  value?: string;
  tags?: string[];
  users?: string[];
  remove?: boolean;
  mute?: boolean;
  on?: string;
  unmute?: boolean;
}

/** The use cases, loaded when a verb runs (not at start-up). */
type Actions = typeof import('../../app/tickets/ticketActions.js');
type Run = (actions: Actions, app: Runtime['app'], actor: Actor, id: number, a: VerbArgs, opts: WriteOptions) => ActionResult | Promise<ActionResult>;

interface Verb {
  command: string;
  describe: string;
  example: string;
  builder?: (y: Argv<VerbArgs>) => Argv<VerbArgs>;
  run: Run;
}

const reason = (y: Argv<VerbArgs>) => y.option('reason', { alias: 'r', type: 'string', describe: 'why (required); - reads standard input' });

const VERBS: Verb[] = [
  { command: 'accept <id>', describe: 'take a new ticket: OPEN, assigned to you', example: 'ticket accept 42', run: (actions, app, actor, id, _a, o) => actions.acceptTicket(app, actor, id, o) },
  {
    command: 'assign <id> <handle>',
    describe: 'assign to someone who handles the level',
    example: 'ticket assign #42 bob',
    builder: (y) => y.positional('handle', { type: 'string', demandOption: true }),
    run: (actions, app, actor, id, a, o) => actions.assignTicket(app, actor, id, a.handle!, o),
  },
  { command: 'reply <id>', describe: 'public reply (on a closed ticket: opens a follow-up)', example: 'ticket reply 42 --text "Fixed in 2.3"', builder: (y) => withText(y), run: (actions, app, actor, id, a, o) => actions.replyToTicket(app, actor, id, textArg(a.text) ?? '', o) },
  { command: 'note <id>', describe: 'internal note, never shown to requesters', example: 'ticket note 42 -t "customer on old firmware"', builder: (y) => withText(y), run: (actions, app, actor, id, a, o) => actions.addNote(app, actor, id, textArg(a.text) ?? '', o) },
  { command: 'request-info <id>', describe: 'ask for information: PENDING, waiting on the party of the level', example: 'ticket request-info 42 -t "Which version?"', builder: (y) => withText(y), run: (actions, app, actor, id, a, o) => actions.requestInfo(app, actor, id, textArg(a.text), o) },
  { command: 'provide-info <id>', describe: 'answer a pending question: OPEN', example: 'ticket provide-info 42 -t "Version 2.2"', builder: (y) => withText(y), run: (actions, app, actor, id, a, o) => actions.provideInfo(app, actor, id, textArg(a.text), o) },
  {
    command: 'hold <id>',
    describe: 'ON HOLD: waiting on an internal team or a third party; --on requester: on the customer gathering material (their reply resumes it, the resolution clock pauses, no automatic close)',
    example: 'ticket hold 42 --on requester -t "please collect the logs"',
    builder: (y) => withText(y).option('on', { type: 'string', choices: ['requester'], describe: 'wait on the customer instead of a third party' }),
    run: (actions, app, actor, id, a, o) => actions.holdTicket(app, actor, id, textArg(a.text), o, a.on),
  },
  { command: 'resume <id>', describe: 'back from hold: OPEN', example: 'ticket resume 42', run: (actions, app, actor, id, _a, o) => actions.resumeTicket(app, actor, id, o) },
  { command: 'escalate <id>', describe: 'to the next level, NEW there; --reason required', example: 'ticket escalate 42 --reason "needs a code fix"', builder: reason, run: (actions, app, actor, id, a, o) => actions.escalateTicket(app, actor, id, textArg(a.reason) ?? '', o) },
  { command: 'deescalate <id>', describe: 'back to the previous level and its last assignee; --reason required', example: 'ticket deescalate 42 --reason "config issue"', builder: reason, run: (actions, app, actor, id, a, o) => actions.deescalateTicket(app, actor, id, textArg(a.reason) ?? '', o) },
  {
    command: 'solve <id>',
    describe: 'SOLVED with a resolution',
    example: 'ticket solve 42 --resolution "reset the token"',
    builder: (y) => y.option('resolution', { type: 'string', describe: 'what solved it (required); - reads standard input' }),
    run: (actions, app, actor, id, a, o) => actions.solveTicket(app, actor, id, textArg(a.resolution) ?? '', o),
  },
  { command: 'reopen <id>', describe: 'a solved ticket back to OPEN', example: 'ticket reopen 42 -t "still broken"', builder: (y) => withText(y), run: (actions, app, actor, id, a, o) => actions.reopenTicket(app, actor, id, textArg(a.text), o) },
  { command: 'close <id>', describe: 'CLOSED (reason defaults to resolved); closed tickets are immutable', example: 'ticket close 42 --reason duplicate', builder: reason, run: (actions, app, actor, id, a, o) => actions.closeTicket(app, actor, id, textArg(a.reason), o) },
  {
    command: 'priority <id> <value>',
    describe: 'set the priority (P1 Blocker … P5 Trivial)',
    example: 'ticket priority 42 P2',
    builder: (y) => y.positional('value', { type: 'string', demandOption: true }),
    run: (actions, app, actor, id, a, o) => actions.setPriority(app, actor, id, a.value!, o),
  },
  {
    command: 'type <id> <value>',
    describe: 'set the type (question, fault, improvement, …)',
    example: 'ticket type 42 fault',
    builder: (y) => y.positional('value', { type: 'string', demandOption: true }),
    run: (actions, app, actor, id, a, o) => actions.setType(app, actor, id, a.value!, o),
  },
  {
    command: 'tag <id> <tags..>',
    describe: 'add tags',
    example: 'ticket tag 42 vpn urgent',
    builder: (y) => y.positional('tags', { type: 'string', array: true, demandOption: true }),
    run: (actions, app, actor, id, a, o) => actions.tagTicket(app, actor, id, a.tags ?? [], o),
  },
  {
    command: 'untag <id> <tags..>',
    describe: 'remove tags',
    example: 'ticket untag 42 urgent',
    builder: (y) => y.positional('tags', { type: 'string', array: true, demandOption: true }),
    run: (actions, app, actor, id, a, o) => actions.untagTicket(app, actor, id, a.tags ?? [], o),
  },
  {
    command: 'watch <id> [users..]',
    describe: 'add watchers (CC) by handle or e-mail; yourself by default; --remove to drop; --mute/--unmute your own notifications of this ticket',
    example: 'ticket watch 42 carol dave@example.com',
    builder: (y) =>
      y
        .positional('users', { type: 'string', array: true })
        .option('remove', { type: 'boolean', describe: 'remove instead of add' })
        .option('mute', { type: 'boolean', describe: 'stop your notifications about this ticket (--unmute: back on)' })
        .option('unmute', { type: 'boolean', hidden: true }),
    run: (actions, app, actor, id, a, o) =>
      a.mute || a.unmute ? actions.muteTicket(app, actor, id, a.mute === true) : actions.watchTicket(app, actor, id, a.users ?? [], a.remove === true, o),
  },
  { command: 'macro <id> <name>', describe: 'apply a saved macro as one change (see ticketty macro)', example: 'ticket macro 42 fixed', builder: (y) => y.positional('name', { type: 'string', demandOption: true }), run: async (_actions, app, actor, id, a, o) => (await import('../../app/tickets/macros.js')).applyMacro(app, actor, id, String((a as { name?: unknown }).name), o) },
];

export const ticketVerbCommands: CommandModule<GlobalArgs, VerbArgs>[] = VERBS.map((verb) => ({
  command: verb.command,
  describe: verb.describe,
  builder: (y: Argv<GlobalArgs>) => {
    const base = withIfVersion(withTicketId(y as Argv<VerbArgs>)) as Argv<VerbArgs>;
    return (verb.builder ? verb.builder(base) : base).example(`ticketty ${verb.example}`, verb.describe) as Argv<VerbArgs>;
  },
  handler: withRuntime<VerbArgs>(async (rt, a) => {
    const id = parseTicketId(a.id);
    const result = await verb.run(await import('../../app/tickets/ticketActions.js'), rt.app, rt.actor(), id, a, { ifVersion: a.ifVersion, channel: 'cli' });
    if (result.followUpOf !== undefined) note(`#${result.followUpOf} is closed: opened follow-up #${result.ticket.id}`);
    await printTicket(rt, result.ticket);
  }),
}));
