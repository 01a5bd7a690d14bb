// Every action × status × level × role (and waiting-on party), against SPEC 2.1 written out
// independently of the implementation's table.
import { describe, expect, it } from 'vitest';
import { ACTIONS, checkAction, possibleActions, type Action, type WorkflowTicket } from './workflow.js';
import type { Actor } from './permissions.js';
import { STATUSES, LEVELS, type Status, type Level, type WaitingOn } from './types.js';
import { DomainError } from './errors.js';

const ORG = 10;
const OTHER_ORG = 20;
const REQUESTER = 1;

type Persona =
  | 'own_requester'
  | 'other_requester'
  | 'org_superuser'
  | 'foreign_superuser'
  | 'unbound_superuser'
  | 'agent'
  | 'engineer'
  | 'admin';
const PERSONAS: Record<Persona, Actor> = {
  own_requester: { id: REQUESTER, handle: 'ann', role: 'requester', tier: null, orgId: ORG },
  other_requester: { id: 2, handle: 'abe', role: 'requester', tier: null, orgId: ORG },
  org_superuser: { id: 3, handle: 'sam', role: 'superuser', tier: 1, orgId: ORG },
  foreign_superuser: { id: 4, handle: 'zed', role: 'superuser', tier: 1, orgId: OTHER_ORG },
  unbound_superuser: { id: 5, handle: 'una', role: 'superuser', tier: 1, orgId: null },
  agent: { id: 6, handle: 'bob', role: 'agent', tier: 2, orgId: null },
  engineer: { id: 7, handle: 'eve', role: 'engineer', tier: 3, orgId: null },
  admin: { id: 8, handle: 'root', role: 'admin', tier: null, orgId: null },
};

// SPEC 2.1 "allowed from" and level columns.
const ALL_BUT_CLOSED: Status[] = ['new', 'open', 'pending', 'on_hold', 'solved'];
const FROM: Record<Action, Status[]> = {
  accept: ['new'],
  assign: ['new', 'open', 'pending', 'on_hold'],
  reply: ALL_BUT_CLOSED,
  note: ALL_BUT_CLOSED,
  request_info: ['new', 'open'],
  provide_info: ['pending'],
  hold: ['open', 'pending'],
  resume: ['on_hold'],
  escalate: ['new', 'open', 'pending', 'on_hold'],
  deescalate: ['new', 'open'],
  solve: ['open', 'pending', 'on_hold'],
  reopen: ['solved'],
  close: ALL_BUT_CLOSED,
  priority: ALL_BUT_CLOSED,
  type: ALL_BUT_CLOSED,
  tag: ALL_BUT_CLOSED,
  untag: ALL_BUT_CLOSED,
  watch: ALL_BUT_CLOSED,
  unwatch: ALL_BUT_CLOSED,
  macro: ALL_BUT_CLOSED,
  estimate: ['open'],
  approve: ['pending'],
  decline: ['pending'],
  channel: ALL_BUT_CLOSED,
  edit: ['new', 'open', 'pending'],
};
const LEVELS_OF: Partial<Record<Action, Level[]>> = { escalate: [1, 2], deescalate: [2, 3] };

const sees: Record<Persona, boolean> = {
  own_requester: true,
  other_requester: false,
  org_superuser: true,
  foreign_superuser: false,
  unbound_superuser: true,
  agent: true,
  engineer: true,
  admin: true,
};
const handlesLevel = (p: Persona, level: Level) =>
  p === 'admin' ||
  ((p === 'org_superuser' || p === 'unbound_superuser') && level === 1) ||
  (p === 'agent' && level === 2) ||
  (p === 'engineer' && level === 3);
const isStaff = (p: Persona) => !p.endsWith('requester');
// SPEC 1: a superuser is the customer side only on their organization's tickets at levels 2–3.
const customerSide = (p: Persona, level: Level) => p === 'own_requester' || (p === 'org_superuser' && level > 1);
const waitedOn = (p: Persona, w: WaitingOn | null, level: Level) =>
  p === 'admin' ||
  (w === 'requester' && customerSide(p, level)) ||
  (w === 'superusers' && (p === 'org_superuser' || p === 'unbound_superuser')) ||
  (w === 'tier2' && p === 'agent');

function who(action: Action, p: Persona, t: WorkflowTicket): boolean {
  switch (action) {
    case 'accept':
    case 'assign':
    case 'request_info':
    case 'hold':
    case 'resume':
    case 'escalate':
    case 'deescalate':
    case 'solve':
      return handlesLevel(p, t.level);
    case 'reply':
      return true;
    case 'estimate':
      return handlesLevel(p, t.level);
    case 'provide_info':
      // An estimate is answered by approve or decline.
      return t.waitingOn !== 'approval' && waitedOn(p, t.waitingOn, t.level);
    case 'approve':
    case 'decline':
      return t.waitingOn === 'approval' && (p === 'admin' || customerSide(p, t.level));
    case 'edit':
      return isStaff(p) || p === 'own_requester';
    case 'reopen':
      return isStaff(p) || customerSide(p, t.level);
    case 'close':
      return handlesLevel(p, t.level) || (t.status === 'solved' && customerSide(p, t.level));
    default:
      return isStaff(p);
  }
}

function expected(action: Action, p: Persona, t: WorkflowTicket): string {
  if (!sees[p]) return 'not_found';
  if (!FROM[action].includes(t.status) || !(LEVELS_OF[action] ?? LEVELS).includes(t.level)) return 'invalid_transition';
  return who(action, p, t) ? 'ok' : 'forbidden';
}

function outcome(action: Action, actor: Actor, t: WorkflowTicket): string {
  try {
    checkAction(action, t, actor);
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
}

const tickets: WorkflowTicket[] = [];
for (const status of STATUSES) {
  for (const level of LEVELS) {
    const waits: Array<WaitingOn | null> = status === 'pending' ? ['requester', 'superusers', 'tier2', 'approval'] : [null];
    for (const waitingOn of waits) tickets.push({ id: 7, requesterId: REQUESTER, orgId: ORG, status, level, waitingOn });
  }
}

describe('the workflow table, exhaustively', () => {
  it('allows or refuses every action × status × level × role exactly as SPEC 2.1 says', () => {
    let cases = 0;
    const mismatches: string[] = [];
    for (const action of ACTIONS) {
      for (const t of tickets) {
        for (const [name, actor] of Object.entries(PERSONAS) as Array<[Persona, Actor]>) {
          cases++;
          const want = expected(action, name, t);
          const got = outcome(action, actor, t);
          if (want !== got) mismatches.push(`${action} ${t.status} L${t.level} ${t.waitingOn ?? ''} as ${name}: want ${want}, got ${got}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cases).toBe(ACTIONS.length * tickets.length * 8);
  });

  it('possibleActions lists exactly the actions checkAction allows', () => {
    for (const t of tickets) {
      for (const actor of Object.values(PERSONAS)) {
        if (outcome('reply', actor, t) === 'not_found') continue;
        const allowed = ACTIONS.filter((a) => outcome(a, actor, t) === 'ok');
        expect(possibleActions(t, actor)).toEqual(allowed);
      }
    }
  });

  it('refusal messages name the state and what is possible', () => {
    const closed: WorkflowTicket = { id: 9, requesterId: REQUESTER, orgId: ORG, status: 'closed', level: 2, waitingOn: null };
    expect(() => checkAction('reply', closed, PERSONAS.agent)).toThrow('cannot reply #9: it is CLOSED L2; possible: nothing');
    const l3: WorkflowTicket = { ...closed, status: 'open', level: 3 };
    expect(() => checkAction('escalate', l3, PERSONAS.engineer)).toThrow(/it is OPEN L3 at level 3 \(only at level 1 or 2\)/);
    const l1: WorkflowTicket = { ...closed, status: 'new', level: 1 };
    expect(() => checkAction('accept', l1, PERSONAS.agent)).toThrow(
      'only staff handling level 1 may accept #9 (NEW L1); you are bob (agent, level 2)',
    );
    expect(() => checkAction('accept', l1, PERSONAS.other_requester)).toThrow('ticket #9 not found');
  });
});
