// The key map as data (STYLE.md, after gemini-cli): every action the TUI offers is a command id
// with default keys and a description. Screens bind handlers to command ids, never to raw keys;
// the help overlay and the README's key tables (scripts/docsKeys.ts) are generated from this list.
// The ticket actions (`action.*`) come from the verb catalogue (domain/verbs.ts); add a verb there.
import { VERB_BINDINGS, type VerbCommandId } from '../../domain/verbs.js';

/**
 * `action` commands act on a ticket and work from the ticket view and the queue (on the ticket
 * under the cursor), so their keys must differ from both. `choice` and `confirm` are dialogs.
 */
export type CommandScope =
  | 'app'
  | 'queue'
  | 'ticket'
  | 'action'
  | 'reports'
  | 'overlay'
  | 'help'
  | 'prompt'
  | 'choice'
  | 'confirm'
  | 'composer'
  | 'form';

export interface CommandSpec {
  id: string;
  scope: CommandScope;
  keys: readonly string[];
  description: string;
}

const SCREEN_COMMANDS = [
  { id: 'app.quit', scope: 'app', keys: ['q'], description: 'back (as esc); on the queue: clear, then quit' },
  { id: 'app.interrupt', scope: 'app', keys: ['ctrl+c'], description: 'quit at once, from anywhere' },
  { id: 'app.help', scope: 'app', keys: ['?'], description: 'show the keys in force' },
  { id: 'app.goTo', scope: 'app', keys: ['#', ':'], description: 'go to a ticket by its number' },
  { id: 'app.create', scope: 'app', keys: ['C'], description: 'create a ticket on behalf of a caller (staff)' },

  { id: 'queue.down', scope: 'queue', keys: ['j', 'down'], description: 'next ticket' },
  { id: 'queue.up', scope: 'queue', keys: ['k', 'up'], description: 'previous ticket' },
  { id: 'queue.pageDown', scope: 'queue', keys: ['pagedown', 'ctrl+f'], description: 'next page' },
  { id: 'queue.pageUp', scope: 'queue', keys: ['pageup', 'ctrl+b'], description: 'previous page' },
  { id: 'queue.first', scope: 'queue', keys: ['g', 'home'], description: 'first ticket' },
  { id: 'queue.last', scope: 'queue', keys: ['G', 'end'], description: 'last ticket' },
  { id: 'queue.open', scope: 'queue', keys: ['enter'], description: 'open the ticket' },
  { id: 'queue.search', scope: 'queue', keys: ['/'], description: 'search the text (text~…)' },
  { id: 'queue.filter', scope: 'queue', keys: ['f'], description: 'filter (e.g. priority<=P2 and idle>1d)' },
  { id: 'queue.clear', scope: 'queue', keys: ['escape'], description: 'clear search, filter and selection; with none, quit (as q)' },
  { id: 'queue.sort', scope: 'queue', keys: ['s'], description: 'next sort: SLA left, priority, updated, created' },
  { id: 'queue.nextTab', scope: 'queue', keys: ['tab', 'right', 'l'], description: 'next tab' },
  { id: 'queue.prevTab', scope: 'queue', keys: ['shift+tab', 'left', 'h'], description: 'previous tab' },
  { id: 'queue.select', scope: 'queue', keys: ['space'], description: 'select for a batch action and move down' },
  { id: 'queue.selectAll', scope: 'queue', keys: ['*'], description: 'select the whole view (tab, search, filter); again: select none' },
  { id: 'queue.refresh', scope: 'queue', keys: ['ctrl+r'], description: 'reload now' },
  { id: 'queue.batch', scope: 'queue', keys: ['b'], description: 'batch action on the selected tickets' },
  { id: 'queue.reports', scope: 'queue', keys: ['%'], description: 'reports: SLA and backlog' },

  { id: 'ticket.back', scope: 'ticket', keys: ['escape', 'backspace'], description: 'back to the queue' },
  { id: 'ticket.down', scope: 'ticket', keys: ['j', 'down'], description: 'scroll down' },
  { id: 'ticket.up', scope: 'ticket', keys: ['k', 'up'], description: 'scroll up' },
  { id: 'ticket.pageDown', scope: 'ticket', keys: ['pagedown', 'space', 'ctrl+f'], description: 'scroll a page down' },
  { id: 'ticket.pageUp', scope: 'ticket', keys: ['pageup', 'ctrl+b'], description: 'scroll a page up' },
  { id: 'ticket.top', scope: 'ticket', keys: ['g', 'home'], description: 'to the top' },
  { id: 'ticket.bottom', scope: 'ticket', keys: ['G', 'end'], description: 'to the bottom (latest)' },
  { id: 'ticket.history', scope: 'ticket', keys: ['h', 'tab'], description: 'switch between conversation and history' },
  { id: 'ticket.related', scope: 'ticket', keys: ['J'], description: "jump to the requester's or organization's other open tickets" },
  { id: 'ticket.openAttachment', scope: 'ticket', keys: ['v'], description: 'open an attachment with the system viewer' },
  { id: 'ticket.saveAttachment', scope: 'ticket', keys: ['s'], description: 'save an attachment to a file' },

  { id: 'reports.back', scope: 'reports', keys: ['escape', 'backspace'], description: 'back' },
  { id: 'reports.switch', scope: 'reports', keys: ['tab', 'l', 'h'], description: 'switch between the SLA report and the backlog' },
  { id: 'reports.window', scope: 'reports', keys: ['w'], description: 'window: all time, last 30 days, last 7 days' },

  { id: 'overlay.close', scope: 'overlay', keys: ['escape', 'q', '?'], description: 'close' },
  { id: 'help.down', scope: 'help', keys: ['j', 'down'], description: 'scroll the keys down' },
  { id: 'help.up', scope: 'help', keys: ['k', 'up'], description: 'scroll the keys up' },
  { id: 'help.pageDown', scope: 'help', keys: ['pagedown', 'space', 'ctrl+f'], description: 'next page of keys' },
  { id: 'help.pageUp', scope: 'help', keys: ['pageup', 'ctrl+b'], description: 'previous page of keys' },
  { id: 'help.top', scope: 'help', keys: ['g', 'home'], description: 'first key' },
  { id: 'help.bottom', scope: 'help', keys: ['G', 'end'], description: 'last key' },
  { id: 'help.filter', scope: 'help', keys: ['/'], description: 'filter the keys by a word (enter keeps it, esc clears it)' },
  { id: 'prompt.submit', scope: 'prompt', keys: ['enter'], description: 'apply' },
  { id: 'prompt.cancel', scope: 'prompt', keys: ['escape'], description: 'cancel' },
  { id: 'prompt.clear', scope: 'prompt', keys: ['ctrl+u'], description: 'clear the line' },
  { id: 'choice.down', scope: 'choice', keys: ['j', 'down'], description: 'next choice' },
  { id: 'choice.up', scope: 'choice', keys: ['k', 'up'], description: 'previous choice' },
  { id: 'choice.pick', scope: 'choice', keys: ['enter'], description: 'pick' },
  { id: 'choice.cancel', scope: 'choice', keys: ['escape', 'q'], description: 'cancel' },
  { id: 'confirm.yes', scope: 'confirm', keys: ['y', 'enter'], description: 'yes, do it' },
  { id: 'confirm.no', scope: 'confirm', keys: ['n', 'escape', 'q'], description: 'no, cancel' },
  { id: 'composer.send', scope: 'composer', keys: ['ctrl+s'], description: 'send the text (on the version now shown)' },
  { id: 'composer.close', scope: 'composer', keys: ['escape'], description: 'close: keep the draft or discard it' },
  { id: 'composer.quote', scope: 'composer', keys: ['ctrl+q'], description: "quote the customer's last message" },
  { id: 'composer.editor', scope: 'composer', keys: ['ctrl+x'], description: 'continue the text in $EDITOR' },
  { id: 'form.next', scope: 'form', keys: ['tab'], description: 'next field (on the requester: take the highlighted person)' },
  { id: 'form.prev', scope: 'form', keys: ['shift+tab'], description: 'previous field' },
  { id: 'form.submit', scope: 'form', keys: ['ctrl+s'], description: 'create the ticket' },
  { id: 'form.cancel', scope: 'form', keys: ['escape'], description: 'cancel (asks when something was typed)' },
  { id: 'form.editor', scope: 'form', keys: ['ctrl+x'], description: 'write the description in $EDITOR' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof SCREEN_COMMANDS)[number]['id'] | VerbCommandId;

/** The ticket actions, one per binding of the verb catalogue. */
const ACTION_COMMANDS = VERB_BINDINGS.map((b) => ({ id: b.command, scope: 'action' as const, keys: [b.key], description: b.help }));

export const COMMANDS: ReadonlyArray<CommandSpec & { id: CommandId }> = [...SCREEN_COMMANDS, ...ACTION_COMMANDS];

export const COMMAND_IDS: readonly CommandId[] = COMMANDS.map((c) => c.id);

export function commandSpec(id: CommandId): CommandSpec {
  return COMMANDS.find((c) => c.id === id)!;
}
