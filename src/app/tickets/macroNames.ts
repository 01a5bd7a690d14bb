// The names a macro may use, apart from app/tickets/macros.ts so that `macro --help` lists them without
// loading the macro use cases (and zod) at start-up. Its status actions are the catalogue's macro
// verbs (domain/verbs.ts), by their CLI spelling, as macros store them.
import { cliName, MACRO_VERBS } from '../../domain/verbs.js';

export const MACRO_ACTIONS = MACRO_VERBS.map(cliName) as [string, ...string[]];
export type MacroAction = string;

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
