import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { previewBatch, runBatch, type BatchSpec } from '../../src/app/batch/batch.js';
import { batchCloseSpec } from '../../src/app/batch/batchClose.js';
import { bulkSpec } from '../../src/app/batch/bulkActions.js';
import { previewSelection, runSelection, selectionSpec } from '../../src/app/batch/batchSelection.js';
import { listBatches, showBatch } from '../../src/app/batch/batchHistory.js';
import { addMacro, applyMacro } from '../../src/app/tickets/macros.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { BadInput, NotFound } from '../../src/domain/errors.js';
import { tableRows } from '../helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

const make = (who: string, subject: string) => createTicket(w.app, w.actor(who), { subject, description: `about ${subject}` });
const statusOf = (id: number) => w.app.tickets.ticketById(id)!.status;
const batchEvents = (batchId: string) => tableRows(w.app.store, 'events', { batchId });

describe('batch close', () => {
  it('closes exactly what the preview announced, one batch id on every event, with notifications', async () => {
    const acme = [make('ann', 'a1'), make('abe', 'a2'), make('ann', 'a3')];
    const globex = make('gus', 'g1');
    act.escalateTicket(w.app, w.actor('sam'), acme[2]!.id, 'needs L2');
    const spec = batchCloseSpec(w.app, w.actor('sam'), { where: 'status!=closed', reason: 'duplicate', tags: ['cleanup'] });
    const preview = await previewBatch(w.app, w.actor('sam'), spec);
    // sam (superuser of ACME) sees ACME's three tickets, handles the two at level 1.
    expect(preview).toMatchObject({ total: 3, permitted: 2, refused: { count: 1 } });
    expect(preview.refused.examples[0]).toMatchObject({ id: acme[2]!.id });
    expect(preview.refused.examples[0]!.reason).toMatch(/only staff handling level 2/);
    expect(preview.sample.map((t) => t.id)).toEqual([acme[0]!.id, acme[1]!.id]);

    const result = await runBatch(w.app, w.actor('sam'), spec);
    expect(result).toMatchObject({ changed: 2, previouslyDone: 0, refused: { count: 1 } });
    const closed = tableRows(w.app.store, 'tickets', { status: 'closed' }).map((r) => r.id);
    expect(closed).toEqual(preview.sample.map((t) => t.id));
    expect([statusOf(acme[2]!.id), statusOf(globex.id)]).toEqual(['new', 'new']);
    const written = batchEvents(result.batchId);
    expect(written.map((e) => `${e.ticketId}:${e.action}`).sort()).toEqual([
      `${acme[0]!.id}:close`,
      `${acme[0]!.id}:tag`,
      `${acme[1]!.id}:close`,
      `${acme[1]!.id}:tag`,
    ]);
    const closeEventIds = written.filter((e) => e.action === 'close').map((e) => e.id);
    const mails = tableRows(w.app.store, 'outbox').filter((o) => closeEventIds.includes(o.eventId));
    expect(mails.map((m) => w.app.people.userById(m.recipientId)!.handle).sort()).toEqual(['abe', 'ann']);
    expect(showTicket(w.app, w.actor('sam'), acme[0]!.id)).toMatchObject({
      status: 'closed',
      closingReason: 'duplicate',
      tags: ['cleanup'],
    });
  });

  it('a requester closes only their own solved tickets; others are invisible, not counted', async () => {
    const [a, b] = [make('ann', 'mine solved'), make('ann', 'mine open')];
    const other = make('abe', 'not mine');
    for (const t of [a, other]) {
      act.acceptTicket(w.app, w.actor('sam'), t.id);
      act.solveTicket(w.app, w.actor('sam'), t.id, 'done');
    }
    const spec = batchCloseSpec(w.app, w.actor('ann'), { where: 'status!=closed' });
    const preview = await previewBatch(w.app, w.actor('ann'), spec);
    expect(preview).toMatchObject({ total: 2, permitted: 1, refused: { count: 1, examples: [{ id: b.id }] } });
    await runBatch(w.app, w.actor('ann'), spec);
    expect([statusOf(a.id), statusOf(b.id), statusOf(other.id)]).toEqual(['closed', 'new', 'solved']);
  });

  it('a run after its preview closes what the preview counted: its time, its tickets', async () => {
    const quiet = make('ann', 'quiet since Monday');
    w.advance(60 * 24 * 3);
    const recent = make('abe', 'asked on Thursday');
    w.advance(60 * 24 * 4);
    // Seven days after the first ticket: only it has been idle for more than 6 days.
    const spec = batchCloseSpec(w.app, w.actor('admin'), { where: 'status=new and idle>6d' });
    const preview = await previewBatch(w.app, w.actor('admin'), spec);
    expect(preview.sample.map((t) => t.id)).toEqual([quiet.id]);
    // The confirmation takes four days; meanwhile the second ticket goes idle and a new one comes.
    w.advance(60 * 24 * 4);
    const late = make('gus', 'new today');
    const result = await runBatch(w.app, w.actor('admin'), spec, { after: preview });
    expect(result.changed).toBe(1);
    expect([statusOf(quiet.id), statusOf(recent.id), statusOf(late.id)]).toEqual(['closed', 'new', 'new']);
    // Without the preview, a run picks its tickets at its own time.
    const again = batchCloseSpec(w.app, w.actor('admin'), { where: 'status=new and idle>6d' });
    expect((await runBatch(w.app, w.actor('admin'), again)).changed).toBe(1);
    expect(statusOf(recent.id)).toBe('closed');
  });

  it('refuses a bad filter or reason before writing anything', () => {
    expect(() => batchCloseSpec(w.app, w.actor('admin'), { where: 'status=bogus' })).toThrow(BadInput);
    expect(() => batchCloseSpec(w.app, w.actor('admin'), { where: 'status=new', reason: 'Not A Word' })).toThrow(BadInput);
    expect(() => batchCloseSpec(w.app, w.actor('admin'), { where: '  ' })).toThrow(/--where/);
  });

  it('resumes an interrupted run with the same batch id and never doubles an event', async () => {
    const all = Array.from({ length: 30 }, (_, i) => make('ann', `t${i}`));
    const spec = batchCloseSpec(w.app, w.actor('admin'), { where: 'status=new', reason: 'no_response' });
    let applied = 0;
    // A crash after 12 tickets: an error that is not a refusal aborts the run mid-chunk.
    const crashing: BatchSpec = {
      ...spec,
      apply: (id, options, via) => {
        if (++applied > 12) throw new Error('power cut');
        spec.apply(id, options, via);
      },
    };
    await expect(runBatch(w.app, w.actor('admin'), crashing, { chunkBudgetMs: 0, pauseMs: 0 })).rejects.toThrow('power cut');
    const done = all.filter((t) => statusOf(t.id) === 'closed').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(30);
    // Someone opens a new ticket meanwhile: it was not part of the batch and stays out of it.
    const late = make('ann', 'late');
    const preview = await previewBatch(w.app, w.actor('admin'), spec);
    expect(preview.resuming).toMatchObject({ done });
    expect(preview.permitted).toBe(30 - done);
    const result = await runBatch(w.app, w.actor('admin'), spec);
    expect(result.batchId).toBe(preview.resuming!.batchId);
    expect(result).toMatchObject({ changed: 30 - done, previouslyDone: done });
    expect(all.every((t) => statusOf(t.id) === 'closed')).toBe(true);
    expect(statusOf(late.id)).toBe('new');
    const closes = batchEvents(result.batchId).filter((e) => e.action === 'close');
    expect(closes).toHaveLength(30);
    expect(new Set(closes.map((e) => e.ticketId)).size).toBe(30);
    // Finished: the same command again is a new, empty batch (the late ticket now matches).
    expect((await previewBatch(w.app, w.actor('admin'), spec)).resuming).toBeNull();
  });

  it('a TUI selection is a batch target: only the selected tickets, chunked, and resumed after a crash', async () => {
    const all = Array.from({ length: 20 }, (_, i) => make('ann', `s${i}`));
    const selected = all.filter((_, i) => i % 2 === 0).map((t) => t.id);
    const spec = selectionSpec(w.app, w.actor('admin'), { priority: 'P1' }, selected);
    const first = await previewSelection(w.app, w.actor('admin'), spec);
    expect(first).toMatchObject({ selected: 10, total: 10, permitted: 10, resuming: null });
    let applied = 0;
    const crashing: BatchSpec = {
      ...spec,
      apply: (id, options, via) => {
        if (++applied > 4) throw new Error('power cut');
        spec.apply(id, options, via);
      },
    };
    await expect(runSelection(w.app, w.actor('admin'), crashing, { chunkBudgetMs: 0, pauseMs: 0 })).rejects.toThrow('power cut');
    const priorityOf = (id: number) => tableRows(w.app.store, 'tickets', { id })[0]!.priority;
    const done = selected.filter((id) => priorityOf(id) === 'P1').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(10);
    const again = await previewSelection(w.app, w.actor('admin'), spec);
    expect(again.resuming).toMatchObject({ done });
    const result = await runSelection(w.app, w.actor('admin'), spec, { after: again });
    expect(result).toMatchObject({ batchId: again.resuming!.batchId, changed: 10 - done, previouslyDone: done });
    expect(selected.every((id) => priorityOf(id) === 'P1')).toBe(true);
    expect(all.filter((t) => !selected.includes(t.id)).every((t) => priorityOf(t.id) === 'P3')).toBe(true);
    expect(batchEvents(result.batchId).filter((e) => e.action === 'priority')).toHaveLength(10);
  });
});

describe('bulk actions and macros', () => {
  it('replies and solves every matching ticket; refusals leave a ticket wholly untouched', async () => {
    const l2 = [make('ann', 'outage a'), make('gus', 'outage b')];
    const l1 = make('abe', 'outage c');
    for (const t of [...l2, l1]) act.tagTicket(w.app, w.actor('admin'), t.id, ['outage']);
    for (const t of l2) act.escalateTicket(w.app, w.actor('una'), t.id, 'vendor side');
    const spec = bulkSpec(w.app, w.actor('bob'), { where: 'tag=outage', reply: 'Fixed now.', solve: 'outage over', priority: 'p2' });
    expect(spec.check).toBeUndefined();
    const preview = await previewBatch(w.app, w.actor('bob'), spec);
    expect(preview).toMatchObject({ total: 3, permitted: 2, refused: { count: 1, examples: [{ id: l1.id }] } });
    // The preview ran the changes in a rolled-back transaction: nothing changed.
    expect(l2.map((t) => statusOf(t.id))).toEqual(['new', 'new']);
    const result = await runBatch(w.app, w.actor('bob'), spec);
    expect(result.changed).toBe(2);
    for (const t of l2)
      expect(showTicket(w.app, w.actor('admin'), t.id)).toMatchObject({
        status: 'solved',
        priority: 'P2',
        resolution: 'outage over',
        assignee: 'bob',
      });
    // The refused ticket got neither the priority nor the reply (the whole ticket is one savepoint).
    expect(showTicket(w.app, w.actor('admin'), l1.id)).toMatchObject({
      status: 'new',
      level: 1,
      priority: 'P3',
      comments: [{ body: 'about outage c' }],
    });
    expect(
      batchEvents(result.batchId)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['priority', 'priority', 'reply', 'reply', 'solve', 'solve']);
  });

  it('validates the request once', () => {
    const admin = w.actor('admin');
    expect(() => bulkSpec(w.app, admin, { where: 'status=new' })).toThrow(/at least one change/);
    expect(() => bulkSpec(w.app, admin, { where: 'status=new', priority: 'P9' })).toThrow(/bad priority/);
    expect(() => bulkSpec(w.app, admin, { where: 'status=new', assign: 'nobody' })).toThrow(/unknown user/);
    expect(() => bulkSpec(w.app, admin, { where: 'status=new', escalate: 'x', solve: 'y' })).toThrow(/exclude/);
    expect(() => bulkSpec(w.app, admin, { where: 'status=new', macro: 'missing' })).toThrow(/unknown macro/);
  });

  it('applies a macro as one change with placeholders filled, alone or in bulk', async () => {
    addMacro(w.app, w.actor('bob'), 'fixed', {
      reply: 'Hello {{requester.name}}, {{ticket.id}} is fixed. {{agent.handle}}',
      note: 'closed via macro',
      action: 'solve',
      tags: ['Fixed'],
      priority: 'P4',
    });
    expect(() => addMacro(w.app, w.actor('bob'), 'bad', { reply: 'Hi {{requester.shoe}}' })).toThrow(
      /unknown placeholder \{\{requester.shoe\}\}/,
    );
    expect(() => addMacro(w.app, w.actor('ann'), 'mine', { reply: 'x' })).toThrow(/only staff/);
    const t = createTicket(w.app, w.actor('bob'), { subject: 'VPN', description: 'drops', requester: 'ann', level: 2 });
    const r = applyMacro(w.app, w.actor('bob'), t.id, 'fixed');
    expect(r.ticket).toMatchObject({ status: 'solved', priority: 'P4' });
    const detail = showTicket(w.app, w.actor('bob'), t.id);
    expect(detail.tags).toEqual(['fixed']);
    expect(detail.comments.map((c) => [c.internal, c.body])).toEqual([
      [false, 'drops'],
      [true, 'closed via macro'],
      [false, `Hello Ann Archer, #${t.id} is fixed. bob`],
    ]);
    // A macro that cannot finish changes nothing: sam may reply at L2 (for the customer), not solve.
    const u = createTicket(w.app, w.actor('bob'), { subject: 'Mail', description: 'bounces', requester: 'ann', level: 2 });
    expect(() => applyMacro(w.app, w.actor('sam'), u.id, 'fixed')).toThrow(/cannot solve/);
    expect(showTicket(w.app, w.actor('bob'), u.id)).toMatchObject({ status: 'new', priority: 'P3', tags: [], version: 1 });

    const spec = bulkSpec(w.app, w.actor('admin'), { where: 'text~bounces', macro: 'fixed' });
    const result = await runBatch(w.app, w.actor('admin'), spec);
    expect(result.changed).toBe(1);
    expect(statusOf(u.id)).toBe('solved');
  });
});

describe('the record of batch runs', () => {
  it("lists an actor their own runs, newest first, and an admin everyone's; shows one by a prefix", async () => {
    const acme = [make('ann', 'a1'), make('abe', 'a2')];
    const globex = make('gus', 'g1');
    const sams = await runBatch(
      w.app,
      w.actor('sam'),
      batchCloseSpec(w.app, w.actor('sam'), { where: 'status=new', reason: 'duplicate', tags: ['cleanup'] }),
    );
    w.advance(60);
    const unas = await runSelection(w.app, w.actor('una'), selectionSpec(w.app, w.actor('una'), { priority: 'P1' }, [globex.id]));

    expect(listBatches(w.app, w.actor('sam')).map((b) => b.id)).toEqual([sams.batchId]);
    expect(listBatches(w.app, w.actor('una')).map((b) => b.id)).toEqual([unas.batchId]);
    const all = listBatches(w.app, w.actor('admin'));
    expect(all.map((b) => [b.command, b.actor, b.filter, b.done, b.total])).toEqual([
      ['tui-bulk', 'una', 'selection of 1', 1, 1],
      ['close', 'sam', 'status=new', 2, 2],
    ]);
    expect(all[1]).toMatchObject({
      params: { reason: 'duplicate', tags: ['cleanup'], text: null },
      createdAt: '2026-03-02T10:00:00.000Z',
      finishedAt: '2026-03-02T10:00:00.000Z',
    });
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
