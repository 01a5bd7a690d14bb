import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../../../test/helpers/app.js';
import { createTicket } from './createTicket.js';
import * as act from './ticketActions.js';
import { listTickets } from './ticketQueries.js';
import { BadInput } from '../../domain/errors.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

const ids = (where: string) =>
  listTickets(w.app, w.actor('admin'), { where })
    .tickets.map((t) => t.id)
    .sort((a, b) => a - b);

describe('the waiting filter field', () => {
  it('asks whom a pending ticket waits on', () => {
    const make = (level: 1 | 2) => createTicket(w.app, w.actor('admin'), { subject: 's', description: 'd', requester: 'ann', level }).id;
    const l1 = make(1);
    const l2 = make(2);
    const idle = make(1);
    act.acceptTicket(w.app, w.actor('sam'), l1);
    act.requestInfo(w.app, w.actor('sam'), l1, 'which version?');
    act.acceptTicket(w.app, w.actor('bob'), l2);
    act.requestInfo(w.app, w.actor('bob'), l2, 'logs please');
    expect(ids('waiting=requester')).toEqual([l1]);
    expect(ids('waiting=superusers')).toEqual([l2]);
    expect(ids('waiting in (requester, superusers)')).toEqual([l1, l2]);
    expect(ids('waiting=tier2')).toEqual([]);
    expect(ids('waiting!=requester')).toEqual([l2]);
    expect(ids('status=new')).toEqual([idle]);
    expect(() => ids('waiting=boss')).toThrow(BadInput);
  });
});
