// Routing (SPEC 6) on a real app: fairness, away staff, follow-ups, project tickets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { setUser } from '../../src/app/people/people.js';
import { tableRows } from '../helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld('2026-03-02T10:00:00Z');
  seedPeople(w);
});
afterEach(() => w.close());

const route = (levels: string) => setSetting(w.app, w.actor('admin'), 'routing.levels', levels);
const create = (who = 'ann', extra: { type?: string; level?: 1 | 2 | 3 } = {}) =>
  createTicket(w.app, w.actor(who), { subject: 'Printer jam', description: 'Tray 2.', ...extra });
const assignee = (id: number) => {
  const a = w.app.tickets.ticketById(id)!.assigneeId;
  return a === null ? null : w.app.people.userById(a)!.handle;
};
/** A ticket created at L1 by ann and escalated to L2 by sam. */
const escalated = () => {
  const t = create();
  return act.escalateTicket(w.app, w.actor('sam'), t.id, 'needs L2').ticket;
};

describe('routing', () => {
  it('is off unless configured for the level', () => {
    expect(create().assigneeId).toBeNull();
    route('3');
    expect(escalated().assigneeId).toBeNull();
  });

  it('gives escalated tickets to the L2 agents in turn, least loaded first', () => {
    route('2');
    const got = Array.from({ length: 4 }, () => escalated()).map((t) => assignee(t.id));
    expect(got).toEqual(['bob', 'bea', 'bob', 'bea']);

    // bob solves one of his: he is now the least loaded, then bea has waited longer.
    const bobs = tableRows(w.app.store, 'events').find((e) => e.action === 'assign' && e.text === 'routed to bob (least loaded)')!;
    act.acceptTicket(w.app, w.actor('bob'), bobs.ticketId);
    act.solveTicket(w.app, w.actor('bob'), bobs.ticketId, 'done');
    expect([escalated(), escalated(), escalated()].map((t) => assignee(t.id))).toEqual(['bob', 'bea', 'bob']);
  });

  it('records the assignment as a system change that notifies the assignee; the ticket stays new', () => {
    route('2');
    const t = escalated();
    expect(t).toMatchObject({ status: 'new', level: 2, assigneeId: w.actor('bob').id });
    const assign = tableRows(w.app.store, 'events', { ticketId: t.id }).find((e) => e.action === 'assign')!;
    expect(assign).toMatchObject({ actorId: null, text: 'routed to bob (least loaded)' });
    const recipients = tableRows(w.app.store, 'outbox', { eventId: assign.id }).map((o) => w.app.people.userById(o.recipientId)!.handle);
    expect(recipients).toContain('bob');
    expect(w.app.tickets.level(t.id, 2)).toMatchObject({ pickedUpAt: null, lastAssigneeId: w.actor('bob').id });
    // bob still picks it up himself.
    expect(act.acceptTicket(w.app, w.actor('bob'), t.id).ticket).toMatchObject({ status: 'open', assigneeId: w.actor('bob').id });
  });

  it('gives nothing new to away staff, and nothing at all when everyone is away', () => {
    route('2');
    setUser(w.app, w.actor('bob'), 'bob', { away: true });
    expect([escalated(), escalated(), escalated()].map((t) => assignee(t.id))).toEqual(['bea', 'bea', 'bea']);
    setUser(w.app, w.actor('bea'), 'bea', { away: true });
    expect(escalated().assigneeId).toBeNull();
    setUser(w.app, w.actor('bob'), 'bob', { away: false });
    expect(assignee(escalated().id)).toBe('bob');
  });

  it('routes new tickets at level 1 to the superusers who serve the organization', () => {
    route('1');
    const acme = [create('ann'), create('abe')].map((t) => assignee(t.id));
    expect(acme.sort()).toEqual(['sam', 'una']);
    // Globex has no superuser of its own: only the unbound una serves it.
    expect(assignee(create('gus').id)).toBe('una');
  });

  it('keeps replies and follow-ups with their previous assignee', () => {
    route('1');
    const t = create('ann');
    const first = assignee(t.id)!;
    act.acceptTicket(w.app, w.actor(first), t.id);
    act.replyToTicket(w.app, w.actor('ann'), t.id, 'any news?');
    expect(assignee(t.id)).toBe(first);
    act.closeTicket(w.app, w.actor(first), t.id, 'resolved');
    // Make the previous assignee the busier one: fairness alone would pick the other.
    create('ann');
    create('ann');
    const followUp = act.replyToTicket(w.app, w.actor('ann'), t.id, 'It is back');
    expect(followUp.followUpOf).toBe(t.id);
    expect(assignee(followUp.ticket.id)).toBe(first);
  });

  it('gives a project ticket to the agent who handled the most tickets of the organization', () => {
    route('2');
    for (let i = 0; i < 2; i++) {
      const t = create('ann');
      act.escalateTicket(w.app, w.actor('sam'), t.id, 'L2');
      act.assignTicket(w.app, w.actor('admin'), t.id, 'bea');
    }
    // bea now carries more load than bob, yet she knows ACME best.
    const project = create('ann', { type: 'project' });
    expect(assignee(act.escalateTicket(w.app, w.actor('sam'), project.id, 'a project').ticket.id)).toBe('bea');
    const other = create('gus', { type: 'project' });
    expect(assignee(act.escalateTicket(w.app, w.actor('una'), other.id, 'a project').ticket.id)).toBe('bob');
  });
});
