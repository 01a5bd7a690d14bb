// The batch reads a chunk's tickets, users and level rows raw (store/sqlite/repos/rawRows.ts): the same objects as drizzle's.
import { afterEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { ticketLevels, tickets, users } from '../../src/store/sqlite/schema/index.js';
import { rawRowReader } from '../../src/store/sqlite/repos/rawRows.js';

let w: TestWorld;
afterEach(() => w.close());

describe('rawRowReader', () => {
  it('reads raw rows into exactly the objects drizzle maps, booleans and nulls included', () => {
    w = testWorld();
    seedPeople(w);
    w.app.people.updateUser(w.app.people.userByHandle('admin')!.id, { notifyAll: true, away: true });
    const a = createTicket(w.app, w.actor('ann'), { subject: 'picked up late', description: 'x' });
    createTicket(w.app, w.actor('gus'), { subject: 'never touched', description: 'y' });
    w.advance(60 * 24 * 3);
    act.acceptTicket(w.app, w.actor('una'), a.id);
    act.solveTicket(w.app, w.actor('una'), a.id, 'fixed');
    for (const table of [tickets, users, ticketLevels]) {
      const query = w.app.store.db.select().from(table).prepare();
      const mapped = query.all();
      expect(mapped.length).toBeGreaterThan(1);
      expect(query.values().map(rawRowReader(table))).toStrictEqual(mapped);
    }
    // The cases that need a decoder are there: a breached pickup (true), one not yet known (null).
    expect(w.app.tickets.ticketById(a.id)!.pickupBreached).toBe(true);
    expect(w.app.people.userByHandle('admin')!.notifyAll).toBe(true);
  });
});
