// The key map as data (STYLE.md, after gemini-cli): every action the TUI offers is a command id
// with default keys and a description. Screens bind handlers to command ids, never to raw keys;
// the help overlay and the README table are generated from this list. Add a command here first.

export type CommandScope = 'app' | 'queue' | 'ticket' | 'overlay' | 'prompt';

export interface CommandSpec {
  id: string;
  scope: CommandScope;
  keys: readonly string[];
  description: string;
  /** Changes or removes data: screens ask before running it (k9s-style action flag). */
  dangerous?: boolean;
}

export const COMMANDS = [
  { id: 'app.quit', scope: 'app', keys: ['q'], description: 'quit' },
  { id: 'app.interrupt', scope: 'app', keys: ['ctrl+c'], description: 'quit at once, from anywhere' },
  { id: 'app.help', scope: 'app', keys: ['?'], description: 'show the keys in force' },

  { id: 'queue.down', scope: 'queue', keys: ['j', 'down'], description: 'next ticket' },
  { id: 'queue.up', scope: 'queue', keys: ['k', 'up'], description: 'previous ticket' },
  { id: 'queue.pageDown', scope: 'queue', keys: ['pagedown', 'ctrl+f'], description: 'next page' },
  { id: 'queue.pageUp', scope: 'queue', keys: ['pageup', 'ctrl+b'], description: 'previous page' },
  { id: 'queue.first', scope: 'queue', keys: ['g', 'home'], description: 'first ticket' },
  { id: 'queue.last', scope: 'queue', keys: ['G', 'end'], description: 'last ticket' },
  { id: 'queue.open', scope: 'queue', keys: ['enter'], description: 'open the ticket' },
  { id: 'queue.search', scope: 'queue', keys: ['/'], description: 'search the text (text~…)' },
  { id: 'queue.filter', scope: 'queue', keys: ['f'], description: 'filter (e.g. priority<=P2 and idle>1d)' },
  { id: 'queue.clear', scope: 'queue', keys: ['escape'], description: 'clear search, filter and selection' },
  { id: 'queue.sort', scope: 'queue', keys: ['s'], description: 'next sort: SLA left, priority, updated, created' },
  { id: 'queue.nextTab', scope: 'queue', keys: ['tab', 'right', 'l'], description: 'next tab' },
  { id: 'queue.prevTab', scope: 'queue', keys: ['shift+tab', 'left', 'h'], description: 'previous tab' },
  { id: 'queue.select', scope: 'queue', keys: ['space'], description: 'select for a batch action' },
  { id: 'queue.refresh', scope: 'queue', keys: ['ctrl+r'], description: 'reload now' },

  { id: 'ticket.back', scope: 'ticket', keys: ['escape', 'backspace'], description: 'back to the queue' },
  { id: 'ticket.down', scope: 'ticket', keys: ['j', 'down'], description: 'scroll down' },
  { id: 'ticket.up', scope: 'ticket', keys: ['k', 'up'], description: 'scroll up' },

  { id: 'overlay.close', scope: 'overlay', keys: ['escape', 'q', '?'], description: 'close' },
  { id: 'prompt.submit', scope: 'prompt', keys: ['enter'], description: 'apply' },
  { id: 'prompt.cancel', scope: 'prompt', keys: ['escape'], description: 'cancel' },
  { id: 'prompt.clear', scope: 'prompt', keys: ['ctrl+u'], description: 'clear the line' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const COMMAND_IDS: readonly CommandId[] = COMMANDS.map((c) => c.id);

export function commandSpec(id: CommandId): CommandSpec {
  return COMMANDS.find((c) => c.id === id)!;
}
