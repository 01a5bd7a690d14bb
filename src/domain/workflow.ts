// The workflow table of SPEC 2.1 as data, and the pure decision of what an action does.
import type { Actor, TicketAccess } from './permissions.js';
import { actsAsCustomer, canSee, handles, isStaff, isWaitedOn } from './permissions.js';
import type { Level, Status, WaitingOn } from './types.js';
import { DEFAULT_STATUS_LABELS, STATUSES } from './types.js';
import { Forbidden, InvalidTransition, BadInput, NotFound } from './errors.js';

/** Who may perform an action, besides the status and level rules. */
type Who =
  | 'handling'
  | 'staff'
  | 'anyone'
  | 'waited_on'
  | 'customer_or_staff'
  | 'handling_or_solved_customer'
  /** The customer side of a ticket waiting on their approval of an estimate (admins too). */
  | 'approver'
  /** The requester of their own ticket, and staff. */
  | 'own_requester_or_staff';

interface Rule {
  from: readonly Status[];
  levels?: readonly Level[];
  who: Who;
  /** A short phrase for refusals: "only staff handling level 2 may …". */
  verb: string;
}

const ACTIVE: readonly Status[] = ['new', 'open', 'pending', 'on_hold', 'solved'];
const UNSOLVED: readonly Status[] = ['new', 'open', 'pending', 'on_hold'];

// One rule per action, keyed by the action's one spelling (stored on events as it is here); the
// verb catalogue (verbs.ts) has one record per key, and the type checker holds them together.
export const WORKFLOW = {
  accept: { from: ['new'], who: 'handling', verb: 'accept' },
  assign: { from: UNSOLVED, who: 'handling', verb: 'assign' },
  reply: { from: ACTIVE, who: 'anyone', verb: 'reply to' },
  note: { from: ACTIVE, who: 'staff', verb: 'add an internal note to' },
  request_info: { from: ['new', 'open'], who: 'handling', verb: 'request information on' },
  provide_info: { from: ['pending'], who: 'waited_on', verb: 'provide information on' },
  hold: { from: ['open', 'pending'], who: 'handling', verb: 'put on hold' },
  resume: { from: ['on_hold'], who: 'handling', verb: 'resume' },
  escalate: { from: UNSOLVED, levels: [1, 2], who: 'handling', verb: 'escalate' },
  deescalate: { from: ['new', 'open'], levels: [2, 3], who: 'handling', verb: 'de-escalate' },
  solve: { from: ['open', 'pending', 'on_hold'], who: 'handling', verb: 'solve' },
  reopen: { from: ['solved'], who: 'customer_or_staff', verb: 'reopen' },
  close: { from: ACTIVE, who: 'handling_or_solved_customer', verb: 'close' },
  priority: { from: ACTIVE, who: 'staff', verb: 'change the priority of' },
  type: { from: ACTIVE, who: 'staff', verb: 'change the type of' },
  tag: { from: ACTIVE, who: 'staff', verb: 'tag' },
  untag: { from: ACTIVE, who: 'staff', verb: 'untag' },
  watch: { from: ACTIVE, who: 'staff', verb: 'change the watchers of' },
  unwatch: { from: ACTIVE, who: 'staff', verb: 'change the watchers of' },
  macro: { from: ACTIVE, who: 'staff', verb: 'apply a macro to' },
  estimate: { from: ['open'], who: 'handling', verb: 'record an estimate on' },
  approve: { from: ['pending'], who: 'approver', verb: 'approve the estimate of' },
  decline: { from: ['pending'], who: 'approver', verb: 'decline the estimate of' },
  channel: { from: ACTIVE, who: 'staff', verb: 'change the channel of' },
  edit: { from: ['new', 'open', 'pending'], who: 'own_requester_or_staff', verb: 'edit' },
} satisfies Record<string, Rule>;

export type Action = keyof typeof WORKFLOW;
/** Every action, in the table's order (the order refusals list what is possible). */
export const ACTIONS = Object.keys(WORKFLOW) as Action[];

/** What the workflow needs to know about a ticket. */
export interface WorkflowTicket extends TicketAccess {
  id: number;
  status: Status;
  waitingOn: WaitingOn | null;
}

export function statusLine(status: Status, level: Level, labels: Record<Status, string> = DEFAULT_STATUS_LABELS): string {
  return `${labels[status]} L${level}`;
}

function whoAllows(who: Who, actor: Actor, ticket: WorkflowTicket): boolean {
  switch (who) {
    case 'anyone':
      return true;
    case 'staff':
      return isStaff(actor);
    case 'handling':
      return handles(actor, ticket);
    case 'waited_on':
      // An estimate is answered by approve or decline, not by information.
      return ticket.waitingOn !== 'approval' && isWaitedOn(actor, ticket, ticket.waitingOn);
    case 'approver':
      return ticket.waitingOn === 'approval' && (actor.role === 'admin' || actsAsCustomer(actor, ticket));
    case 'own_requester_or_staff':
      return isStaff(actor) || actor.id === ticket.requesterId;
    case 'customer_or_staff':
      return isStaff(actor) || actsAsCustomer(actor, ticket);
    case 'handling_or_solved_customer':
      return handles(actor, ticket) || (ticket.status === 'solved' && actsAsCustomer(actor, ticket));
  }
}

function describeWho(rule: Rule, ticket: WorkflowTicket): string {
  switch (rule.who) {
    case 'handling':
      return `only staff handling level ${ticket.level}`;
    case 'staff':
      return 'only staff';
    case 'waited_on':
      return `only ${waitedOnPhrase(ticket.waitingOn)}`;
    case 'customer_or_staff':
      return 'only the requester or staff';
    case 'handling_or_solved_customer':
      return `only staff handling level ${ticket.level} (or the requester, once solved)`;
    case 'approver':
      return ticket.waitingOn === 'approval'
        ? 'only the requester (or their organization’s superusers above level 1)'
        : `nobody (it waits on ${waitedOnPhrase(ticket.waitingOn)}, not on an estimate's approval)`;
    case 'own_requester_or_staff':
      return 'only its requester or staff';
    default:
      return 'nobody';
  }
}

export function waitedOnPhrase(waitingOn: WaitingOn | null): string {
  switch (waitingOn) {
    case 'requester':
      return 'the requester';
    case 'superusers':
      return "the organization's superusers";
    case 'tier2':
      return 'level-2 staff';
    case 'approval':
      return "the customer's approval of an estimate";
    default:
      return 'the party waited on';
  }
}

/** The actions possible from a status and level, for this actor when given. */
export function possibleActions(ticket: WorkflowTicket, actor?: Actor): Action[] {
  return ACTIONS.filter((action) => {
    const rule: Rule = WORKFLOW[action];
    if (!rule.from.includes(ticket.status)) return false;
    if (rule.levels && !rule.levels.includes(ticket.level)) return false;
    return actor ? whoAllows(rule.who, actor, ticket) : true;
  });
}

/** The CLI spelling of an action: `request_info` → `request-info`. */
export function cliName(action: Action): string {
  return action.replace(/_/g, '-');
}

/**
 * Refuses an action that the table does not allow, with the error a person can act on:
 * NotFound when the actor may not see the ticket, InvalidTransition naming the current state and
 * what is possible from it, Forbidden naming who may.
 */
export function checkAction(action: Action, ticket: WorkflowTicket, actor: Actor): void {
  if (!canSee(actor, ticket)) throw new NotFound(`ticket #${ticket.id} not found`);
  const rule: Rule = WORKFLOW[action];
  const state = statusLine(ticket.status, ticket.level);
  if (!rule.from.includes(ticket.status) || (rule.levels && !rule.levels.includes(ticket.level))) {
    const possible = possibleActions(ticket, actor).map(cliName);
    const why =
      rule.from.includes(ticket.status) && rule.levels ? ` at level ${ticket.level} (only at level ${rule.levels.join(' or ')})` : '';
    throw new InvalidTransition(
      `cannot ${cliName(action)} #${ticket.id}: it is ${state}${why}; possible: ${possible.length ? possible.join(', ') : 'nothing (a closed ticket is immutable; comment to open a follow-up)'}`,
    );
  }
  if (!whoAllows(rule.who, actor, ticket)) {
    throw new Forbidden(
      `${describeWho(rule, ticket)} may ${rule.verb} #${ticket.id} (${state}); you are ${actor.handle} (${roleLine(actor)})`,
    );
  }
}

function roleLine(actor: Actor): string {
  return actor.tier ? `${actor.role}, level ${actor.tier}` : actor.role;
}

/** The party a request for information waits on (SPEC 2.1 request-info). */
export function waitingOnFor(level: Level, orgHasSuperusers: boolean): WaitingOn {
  if (level === 1) return 'requester';
  if (level === 2) return orgHasSuperusers ? 'superusers' : 'requester';
  return 'tier2';
}

/**
 * A required text (a subject, a reply, a reason) must be present and non-blank. A NUL character
 * is refused: no person types one (the TUI's composer and mail intake drop control characters),
 * it comes from a binary or UTF-16 file piped in, and PostgreSQL cannot store it where SQLite
 * would, so both stores refuse it alike, before anything is written.
 */
export function requireText(value: string | undefined | null, what: string): string {
  const text = value?.trim();
  if (!text) throw new BadInput(`${what} is required`);
  if (text.includes('\u0000')) throw new BadInput(`${what} has a NUL character (a binary or UTF-16 file?); nothing was written`);
  return text;
}

export function isStatusValue(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
