// The batch close writes through a faster context (a chunk's lookups in one query each, outbox rows
// many to an INSERT): here it must write exactly what the single-ticket use cases write. Two twin
// databases get the same tickets and history; one closes them with `runBatch`, the other ticket by
// ticket through addNote / tagTicket / closeTicket in one transaction each, with the same batch id.
import { afterEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { runBatch } from '../../src/app/batch/batch.js';
import { batchCloseSpec, type BatchCloseInput } from '../../src/app/batch/batchClose.js';
import { DomainError } from '../../src/domain/errors.js';
import type { WriteOptions } from '../../src/app/tickets/ticketWrite.js';
import type { AppContext } from '../../src/app/context.js';
import { tableRows } from '../helpers/tableRows.js';

const worlds: TestWorld[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.close()));

/** Tickets in many states: new, picked up, pending, on hold, solved, escalated, watched (and muted), with notes. */
function populate(w: TestWorld): void {
  seedPeople(w);
  w.app.people.updateUser(w.app.people.userByHandle('admin')!.id, { notifyAll: true });
  const a = (h: string) => w.actor(h);
  const make = (who: string, subject: string, extra: Record<string, unknown> = {}) =>
    createTicket(w.app, a(who), { subject, description: `about ${subject}`, ...extra }).id;
  const ids = [
    make('ann', 'new one'),
    make('abe', 'picked up'),
    make('gus', 'globex pending'),
    make('ann', 'on hold'),
    make('abe', 'solved'),
    make('ann', 'escalated'),
  ];
  w.advance(30);
  act.acceptTicket(w.app, a('una'), ids[1]!);
  act.watchTicket(w.app, a('una'), ids[1]!, ['sam', 'gus'], false);
  // The assignee muted the ticket: she hears nothing of its close, in a batch as alone.
  act.muteTicket(w.app, a('una'), ids[1]!, true);
  act.acceptTicket(w.app, a('una'), ids[2]!);
  act.requestInfo(w.app, a('una'), ids[2]!, 'which version?');
  w.advance(90);
  act.acceptTicket(w.app, a('sam'), ids[3]!);
  act.holdTicket(w.app, a('sam'), ids[3]!, 'vendor');
  act.acceptTicket(w.app, a('una'), ids[4]!);
  act.addNote(w.app, a('una'), ids[4]!, 'internal thought');
  act.solveTicket(w.app, a('una'), ids[4]!, 'fixed');
  act.escalateTicket(w.app, a('una'), ids[5]!, 'needs L2');
  act.acceptTicket(w.app, a('bob'), ids[5]!);
  act.tagTicket(w.app, a('una'), ids[0]!, ['zeta', 'alpha']);
  w.advance(600);
}

// Whole tables, every row and column, in primary-key order on either store.
const TABLES = ['tickets', 'events', 'outbox', 'ticketLevels', 'ticketTags', 'comments', 'watchers'] as const;
const dump = (w: TestWorld) => Object.fromEntries(TABLES.map((t) => [t, tableRows(w.app.store, t) as unknown[]]));
/** The tickets a single-ticket twin goes through, in id order. */
const notClosed = (w: TestWorld) =>
  tableRows(w.app.store, 'tickets')
    .filter((t) => t.status !== 'closed')
    .map((t) => t.id);

async function twins(actor: string, input: BatchCloseInput) {
  const [batched, single] = [testWorld(), testWorld()];
  worlds.push(batched, single);
  populate(batched);
  populate(single);
  const result = await runBatch(batched.app, batched.actor(actor), batchCloseSpec(batched.app, batched.actor(actor), input), {
    chunkBudgetMs: 0,
    pauseMs: 0,
  });
  const options = { batchId: result.batchId, channel: 'cli' as const };
  const who = single.actor(actor);
  for (const id of notClosed(single)) {
    try {
      single.app.store.write(() => {
        if (input.text) act.addNote(single.app, who, id, input.text, options);
        if (input.tags) act.tagTicket(single.app, who, id, input.tags, options);
        act.closeTicket(single.app, who, id, input.reason, options);
      });
    } catch (error) {
      // Refused or not visible to the actor: the whole ticket is left as it is, as in the batch.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { result, batched: dump(batched), single: dump(single) };
}

describe('batch close writes what the single-ticket use case writes', () => {
  it('a plain close by an admin: the same ticket, level, event and outbox rows', async () => {
    const { result, batched, single } = await twins('admin', { where: 'status!=closed' });
    expect(result).toMatchObject({ changed: 6, refused: { count: 0 } });
    expect(batched).toEqual(single);
    // The comparison is not vacuous: every ticket closed, each close event queued mail.
    expect(batched.tickets!.every((t) => (t as { status: string }).status === 'closed')).toBe(true);
    expect(batched.outbox!.length).toBeGreaterThan(6);
  });

  it('a note, tags and a close by a superuser, the level-2 ticket refused and left wholly untouched', async () => {
    const { result, batched, single } = await twins('sam', {
      where: 'status!=closed',
      reason: 'duplicate',
      tags: ['cleanup', 'alpha'],
      text: 'closing old work',
    });
    expect(result.refused).toMatchObject({ count: 1, examples: [{ id: 6 }] });
    expect(result.changed).toBe(4);
    expect(batched).toEqual(single);
  });
});

describe('batch close planned outside the write lock', () => {
  it('a write that planning does not model (a watcher) still lands exactly as the single-ticket use cases write it', async () => {
    const [batched, single] = [testWorld(), testWorld()];
    worlds.push(batched, single);
    populate(batched);
    populate(single);
    const watchAndClose =
      (w: TestWorld) =>
      (id: number, options: WriteOptions, via: AppContext = w.app) => {
        act.watchTicket(via, w.actor('admin'), id, ['una'], false, options);
        act.closeTicket(via, w.actor('admin'), id, 'resolved', options);
      };
    const spec = { ...batchCloseSpec(batched.app, batched.actor('admin'), { where: 'status!=closed' }), apply: watchAndClose(batched) };
    const result = await runBatch(batched.app, batched.actor('admin'), spec, { chunkBudgetMs: 0, pauseMs: 0 });
    expect(result).toMatchObject({ changed: 6, refused: { count: 0 } });
    const apply = watchAndClose(single);
    for (const id of notClosed(single)) {
      single.app.store.write(() => apply(id, { batchId: result.batchId, channel: 'cli' }));
    }
    expect(dump(batched)).toEqual(dump(single));
  });

  it('a ticket escalated between its plan and its write is judged as it is then: refused, left as escalated', async () => {
    const w = testWorld();
    worlds.push(w);
    populate(w);
    const sam = w.actor('sam');
    // Ticket 2 is open at level 1, picked up by una; sam's batch targets ACME's tickets 1, 2, 4, 5, 6.
    const picked = 2;
    let escalated = false;
    const result = await runBatch(w.app, sam, batchCloseSpec(w.app, sam, { where: 'status!=closed' }), {
      chunkBudgetMs: 0,
      pauseMs: 30,
      // One ticket per chunk: once ticket 1 is written, ticket 2 is planned next, then escalated
      // (by an agent who may) while the batch waits before writing it.
      onProgress: ({ processed }) => {
        if (processed !== 1) return;
        escalated = true;
        setTimeout(() => act.escalateTicket(w.app, w.actor('una'), picked, 'needs L2 after all'), 10);
      },
    });
    const last = picked;
    expect(escalated).toBe(true);
    expect(result.refused.examples.map((e) => e.id)).toContain(last);
    expect(w.app.tickets.ticketById(last)).toMatchObject({ status: expect.not.stringMatching(/^closed$/), level: 2 });
  });
});
