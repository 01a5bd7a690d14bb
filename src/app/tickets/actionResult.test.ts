// An action returns the ticket as it reads after its write, computed from the fields written
// (store/port/rowAfterUpdate.ts) instead of read again: the same, on both stores, through a
// lifecycle that moves every tracked column and the SLA clocks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../../../test/helpers/app.js';
import { createTicket } from './createTicket.js';
import * as act from './ticketActions.js';
import type { ActionResult } from './ticketActions.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

describe('what an action returns', () => {
  it('is the ticket read back after it, at every step of a lifecycle', () => {
    const admin = w.actor('admin');
    const bob = w.actor('bob');
    const sam = w.actor('sam');
    const id = createTicket(w.app, admin, { subject: 'VPN drops', description: 'every hour', requester: 'ann', priority: 'P2' }).id;
    const steps: Array<[string, () => ActionResult]> = [
      ['accept', () => act.acceptTicket(w.app, sam, id)],
      ['request info', () => act.requestInfo(w.app, sam, id, 'which client?')],
      ['provide info', () => act.provideInfo(w.app, w.actor('ann'), id, 'the new one')],
      ['priority', () => act.setPriority(w.app, sam, id, 'P1')],
      ['tag', () => act.tagTicket(w.app, sam, id, ['vpn', 'network'])],
      ['escalate', () => act.escalateTicket(w.app, sam, id, 'needs the network team')],
      ['accept at level 2', () => act.acceptTicket(w.app, bob, id)],
      ['hold', () => act.holdTicket(w.app, bob, id, 'waiting for the vendor', {}, 'requester')],
      ['resume', () => act.resumeTicket(w.app, bob, id)],
      ['note', () => act.addNote(w.app, bob, id, 'vendor answered')],
      ['reply', () => act.replyToTicket(w.app, bob, id, 'Fixed on our side.')],
      ['solve', () => act.solveTicket(w.app, bob, id, 'firmware update')],
      ['reopen', () => act.reopenTicket(w.app, w.actor('ann'), id, 'it dropped again')],
      ['deescalate', () => act.deescalateTicket(w.app, bob, id, 'back to first level')],
      ['solve again', () => act.solveTicket(w.app, sam, id, 'cable replaced')],
      ['close', () => act.closeTicket(w.app, admin, id, 'resolved')],
    ];
    let version = w.app.tickets.ticketById(id)!.version;
    for (const [step, run] of steps) {
      w.advance(37);
      const returned = run().ticket;
      expect({ step, ticket: returned }).toEqual({ step, ticket: w.app.tickets.ticketById(id) });
      expect(returned.version).toBeGreaterThan(version);
      version = returned.version;
    }
    expect(w.app.tickets.ticketById(id)).toMatchObject({ status: 'closed', level: 1, priority: 'P1' });
  });
});
