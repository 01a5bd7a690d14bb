// The names a macro may use, apart from app/tickets/macros.ts so that `macro --help` lists them without
// loading the macro use cases (and zod) at start-up.
export const MACRO_ACTIONS = ['request-info', 'hold', 'resume', 'solve', 'close', 'escalate'] as const;
export type MacroAction = (typeof MACRO_ACTIONS)[number];

export const PLACEHOLDERS = [
  'ticket.id',
  'ticket.subject',
  'ticket.priority',
  'ticket.status',
  'ticket.level',
  'requester.name',
  'requester.handle',
  'requester.email',
  'organization.name',
  'agent.name',
  'agent.handle',
  'agent.email',
] as const;
