// `ticketty batch list|show` behind the CLI: who sees which runs, progress, events, id prefixes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/createTicket.js';
import { runBatch } from '../../src/app/batch.js';
import { batchCloseSpec } from '../../src/app/batchClose.js';
import { runSelection, selectionSpec } from '../../src/app/batchSelection.js';
import { listBatches, showBatch } from '../../src/app/batchHistory.js';
import { BadInput, NotFound } from '../../src/domain/errors.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

const make = (who: string, subject: string) => createTicket(w.app, w.actor(who), { subject, description: `about ${subject}` });

describe('the record of batch runs', () => {
  it('lists an actor their own runs, newest first, and an admin everyone\'s; shows one by a prefix', async () => {
    const acme = [make('ann', 'a1'), make('abe', 'a2')];
    const globex = make('gus', 'g1');
    const sams = await runBatch(w.app, w.actor('sam'), batchCloseSpec(w.app, w.actor('sam'), { where: 'status=new', reason: 'duplicate', tags: ['cleanup'] }));
    w.advance(60);
    const unas = await runSelection(w.app, w.actor('una'), [globex.id], selectionSpec(w.app, w.actor('una'), { priority: 'P1' }));

    expect(listBatches(w.app, w.actor('sam')).map((b) => b.id)).toEqual([sams.batchId]);
    expect(listBatches(w.app, w.actor('una')).map((b) => b.id)).toEqual([unas.batchId]);
    const all = listBatches(w.app, w.actor('admin'));
    expect(all.map((b) => [b.command, b.actor, b.filter, b.done, b.total])).toEqual([
      ['tui-bulk', 'una', 'selection of 1', 1, 1],
      ['close', 'sam', 'status=new', 2, 2],
    ]);
    expect(all[1]).toMatchObject({ params: { reason: 'duplicate', tags: ['cleanup'], text: null }, createdAt: '2026-03-02T10:00:00.000Z', finishedAt: '2026-03-02T10:00:00.000Z' });
    expect(listBatches(w.app, w.actor('admin'), { limit: 1 })).toHaveLength(1);
    expect(listBatches(w.app, w.actor('admin'), { unfinished: true })).toEqual([]);

    const shown = showBatch(w.app, w.actor('sam'), sams.batchId.slice(0, 8).toUpperCase());
    expect(shown).toMatchObject({ id: sams.batchId, tickets: 2, events: { close: 2, tag: 2 } });
    expect(acme.map((t) => w.app.tickets.ticketById(t.id)!.status)).toEqual(['closed', 'closed']);
    // Someone else's run is not found, the same answer as a run that does not exist.
    expect(() => showBatch(w.app, w.actor('sam'), unas.batchId)).toThrow(NotFound);
    expect(showBatch(w.app, w.actor('admin'), unas.batchId)).toMatchObject({ actor: 'una', tickets: 1, events: { priority: 1 } });
    expect(() => showBatch(w.app, w.actor('admin'), 'abc')).toThrow(BadInput);
    expect(() => showBatch(w.app, w.actor('admin'), 'no such id')).toThrow(BadInput);
    expect(() => listBatches(w.app, w.actor('admin'), { limit: 0 })).toThrow(BadInput);
  });

  it('shows a run a crash left unfinished, with what it did so far', async () => {
    const tickets = Array.from({ length: 6 }, (_, i) => make('ann', `t${i}`));
    const spec = batchCloseSpec(w.app, w.actor('admin'), { where: 'status=new' });
    let calls = 0;
    const crashing = {
      ...spec,
      plannable: false,
      apply: (id: number, options: Parameters<typeof spec.apply>[1], via?: Parameters<typeof spec.apply>[2]) => {
        if (++calls === 4) throw new Error('power cut');
        spec.apply(id, options, via);
      },
    };
    await expect(runBatch(w.app, w.actor('admin'), crashing, { chunkBudgetMs: 0, pauseMs: 0 })).rejects.toThrow('power cut');
    const [unfinished] = listBatches(w.app, w.actor('admin'), { unfinished: true });
    expect(unfinished).toMatchObject({ command: 'close', done: 3, total: tickets.length, finishedAt: null });
    expect(showBatch(w.app, w.actor('admin'), unfinished!.id)).toMatchObject({ tickets: 3, events: { close: 3 } });
  });
});
