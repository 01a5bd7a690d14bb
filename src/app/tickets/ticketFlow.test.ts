import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../../../test/helpers/app.js';
import { createTicket } from './createTicket.js';
import * as act from './ticketActions.js';
import { listTickets, showTicket } from './ticketQueries.js';
import { Conflict, Forbidden, InvalidTransition, NotFound, BadInput } from '../../domain/errors.js';
import { tableRows } from '../../../test/helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

const newTicket = (who = 'ann') =>
  createTicket(w.app, w.actor(who), { subject: 'VPN drops', description: 'Since Monday the VPN drops every hour.' });
const outboxRows = () => tableRows(w.app.store, 'outbox');
const handleOf = (id: number) => w.app.people.userById(id)!.handle;

describe('a ticket through every level', () => {
  it('walks L1 → L2 → L3 and back, solve, reopen, close and a follow-up', () => {
    const t = newTicket();
    expect(t).toMatchObject({ status: 'new', level: 1, priority: 'P3', type: 'question', version: 1 });

    let r = act.acceptTicket(w.app, w.actor('sam'), t.id).ticket;
    expect(r).toMatchObject({ status: 'open', assigneeId: w.actor('sam').id, version: 2 });

    r = act.requestInfo(w.app, w.actor('sam'), t.id, 'Which client version?').ticket;
    expect(r).toMatchObject({ status: 'pending', waitingOn: 'requester' });

    r = act.replyToTicket(w.app, w.actor('ann'), t.id, 'Version 5.1').ticket;
    expect(r).toMatchObject({ status: 'open', waitingOn: null });

    r = act.escalateTicket(w.app, w.actor('sam'), t.id, 'needs vendor analysis').ticket;
    expect(r).toMatchObject({ status: 'new', level: 2, assigneeId: null });

    r = act.acceptTicket(w.app, w.actor('bob'), t.id).ticket;
    r = act.requestInfo(w.app, w.actor('bob'), t.id, 'Logs please').ticket;
    expect(r).toMatchObject({ status: 'pending', waitingOn: 'superusers' });
    r = act.provideInfo(w.app, w.actor('sam'), t.id, 'Logs attached').ticket;
    expect(r.status).toBe('open');

    r = act.escalateTicket(w.app, w.actor('bob'), t.id, 'code defect').ticket;
    expect(r).toMatchObject({ status: 'new', level: 3 });
    r = act.acceptTicket(w.app, w.actor('eve'), t.id).ticket;
    r = act.requestInfo(w.app, w.actor('eve'), t.id, 'Can L2 reproduce on 5.2?').ticket;
    expect(r).toMatchObject({ status: 'pending', waitingOn: 'tier2' });
    r = act.provideInfo(w.app, w.actor('bea'), t.id, 'Reproduced').ticket;
    r = act.deescalateTicket(w.app, w.actor('eve'), t.id, 'workaround exists').ticket;
    expect(r).toMatchObject({ status: 'open', level: 2, assigneeId: w.actor('bob').id });

    r = act.solveTicket(w.app, w.actor('bob'), t.id, 'Upgrade to 5.2').ticket;
    expect(r.status).toBe('solved');
    r = act.reopenTicket(w.app, w.actor('ann'), t.id, 'Still drops').ticket;
    expect(r.status).toBe('open');
    r = act.solveTicket(w.app, w.actor('bob'), t.id, 'Driver updated').ticket;
    r = act.closeTicket(w.app, w.actor('ann'), t.id, undefined).ticket;
    expect(r).toMatchObject({ status: 'closed', closingReason: 'resolved' });

    const follow = act.replyToTicket(w.app, w.actor('ann'), t.id, 'It happened again');
    expect(follow.followUpOf).toBe(t.id);
    expect(follow.ticket).toMatchObject({
      subject: 'Re: VPN drops',
      followUpOf: t.id,
      status: 'new',
      level: 1,
      requesterId: w.actor('ann').id,
    });
    expect(showTicket(w.app, w.actor('admin'), t.id).status).toBe('closed');

    const detail = showTicket(w.app, w.actor('admin'), t.id);
    expect(detail.events.map((e) => e.action)).toEqual([
      'create',
      'accept',
      'request_info',
      'reply',
      'escalate',
      'accept',
      'request_info',
      'provide_info',
      'escalate',
      'accept',
      'request_info',
      'provide_info',
      'deescalate',
      'solve',
      'reopen',
      'solve',
      'close',
    ]);
    expect(detail.version).toBe(detail.events.length);
    expect(detail.events.find((e) => e.action === 'escalate')).toMatchObject({
      text: 'needs vendor analysis',
      before: { level: 1, status: 'open' },
      after: { level: 2, status: 'new' },
    });
  });

  it('keeps internal notes from requesters, in show and in notifications', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.addNote(w.app, w.actor('sam'), t.id, 'customer is on legacy firmware');
    const asAnn = showTicket(w.app, w.actor('ann'), t.id);
    expect(asAnn.comments.map((c) => c.body)).not.toContain('customer is on legacy firmware');
    expect(asAnn.events.some((e) => e.text === 'customer is on legacy firmware')).toBe(false);
    const asBob = showTicket(w.app, w.actor('bob'), t.id);
    expect(asBob.comments.find((c) => c.internal)?.body).toBe('customer is on legacy firmware');
    const noteRecipients = outboxRows()
      .filter((o) => o.kind === 'note')
      .map((o) => handleOf(o.recipientId));
    expect(noteRecipients).not.toContain('ann');
    expect(noteRecipients).not.toContain('sam');
  });

  it('queues notifications for requester, assignee, watchers and org superusers, never the actor', () => {
    const t = newTicket();
    act.watchTicket(w.app, w.actor('bob'), t.id, ['bea'], false);
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    const accept = outboxRows()
      .filter((o) => o.kind === 'accept')
      .map((o) => handleOf(o.recipientId));
    expect(accept.sort()).toEqual(['ann', 'bea']);
    act.replyToTicket(w.app, w.actor('ann'), t.id, 'thanks');
    const reply = outboxRows()
      .filter((o) => o.kind === 'reply')
      .map((o) => handleOf(o.recipientId));
    expect(reply.sort()).toEqual(['bea', 'sam']);
  });
});

describe('refusals write nothing', () => {
  it('requesters get not found for tickets they may not see', () => {
    const t = newTicket('ann');
    expect(() => showTicket(w.app, w.actor('gus'), t.id)).toThrow(NotFound);
    expect(() => act.replyToTicket(w.app, w.actor('gus'), t.id, 'hi')).toThrow(NotFound);
    expect(() => showTicket(w.app, w.actor('gus'), 999)).toThrow('ticket #999 not found');
    expect(listTickets(w.app, w.actor('gus'), {}).tickets).toEqual([]);
    expect(listTickets(w.app, w.actor('abe'), {}).tickets).toEqual([]);
    expect(listTickets(w.app, w.actor('sam'), {}).tickets.map((x) => x.id)).toEqual([t.id]);
  });

  it('names the state and the possible actions on a refused transition', () => {
    const t = newTicket();
    const before = showTicket(w.app, w.actor('admin'), t.id);
    expect(() => act.solveTicket(w.app, w.actor('sam'), t.id, 'x')).toThrow(InvalidTransition);
    expect(() => act.solveTicket(w.app, w.actor('sam'), t.id, 'x')).toThrow(
      /it is NEW L1; possible: accept, assign, reply, note, request-info, escalate, close/,
    );
    expect(() => act.acceptTicket(w.app, w.actor('bob'), t.id)).toThrow(Forbidden);
    expect(() => act.escalateTicket(w.app, w.actor('sam'), t.id, '  ')).toThrow(BadInput);
    expect(showTicket(w.app, w.actor('admin'), t.id)).toEqual(before);
  });

  it('refuses a stale version as a conflict', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id, { ifVersion: 1 });
    expect(() => act.addNote(w.app, w.actor('sam'), t.id, 'x', { ifVersion: 1 })).toThrow(Conflict);
  });

  it('a superuser of another organization cannot handle the ticket', () => {
    addOrgAndSuperuser();
    const t = newTicket();
    expect(() => act.acceptTicket(w.app, w.actor('zed'), t.id)).toThrow(NotFound);
  });
});

function addOrgAndSuperuser() {
  w.app.store.write(() => {
    const org = w.app.people.insertOrg({ name: 'Initech', createdAt: 0 });
    w.app.people.insertUser({ handle: 'zed', name: 'zed', role: 'superuser', tier: 1, orgId: org.id, createdAt: 0 });
  });
}

describe('a superuser is staff at level 1 and the customer side at levels 2–3 (SPEC 1)', () => {
  it('opens a NEW L1 ticket with a reply, which counts as its pickup', () => {
    const t = newTicket();
    const r = act.replyToTicket(w.app, w.actor('sam'), t.id, 'Looking into it').ticket;
    expect(r).toMatchObject({ status: 'open', assigneeId: w.actor('sam').id });
    expect(showTicket(w.app, w.actor('admin'), t.id).sla.pickup.state).toBe('met');
  });

  it('never reopens a SOLVED L1 ticket with a reply', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.solveTicket(w.app, w.actor('sam'), t.id, 'Restarted the router');
    const r = act.replyToTicket(w.app, w.actor('sam'), t.id, 'Tell me if it comes back').ticket;
    expect(r.status).toBe('solved');
  });

  it('answers a question asked of the organization and reopens a solved L2 ticket', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.escalateTicket(w.app, w.actor('sam'), t.id, 'vendor bug');
    act.acceptTicket(w.app, w.actor('bob'), t.id);
    act.requestInfo(w.app, w.actor('bob'), t.id, 'Logs please');
    let r = act.replyToTicket(w.app, w.actor('sam'), t.id, 'Logs attached').ticket;
    expect(r).toMatchObject({ status: 'open', waitingOn: null });
    act.solveTicket(w.app, w.actor('bob'), t.id, 'Patched');
    r = act.replyToTicket(w.app, w.actor('sam'), t.id, 'Still broken here').ticket;
    expect(r.status).toBe('open');
  });
});
