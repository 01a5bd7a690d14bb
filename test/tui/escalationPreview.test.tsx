// The escalation view's preview is the write, rolled back: with routing on, the assignee and the
// people notified that it shows are the ones the escalation then produces, and the preview itself
// writes nothing (no event, no outbox row, no routing turn).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { escalationPreview } from '../../src/app/tickets/ticketActionsView.js';
import { escalateTicket } from '../../src/app/tickets/ticketActions.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { tableCount, tableRows } from '../helpers/tableRows.js';
import type { RenderedTui } from './helpers.js';
import { openTicket } from './ticketHelpers.js';

let w: TestWorld;
let tui: RenderedTui | undefined;
beforeEach(() => {
  w = testWorld('2026-03-02T10:00:00Z');
  seedPeople(w);
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  w.close();
});

const newTicket = (subject = 'Printer on fire') => createTicket(w.app, w.actor('ann'), { subject, description: 'Tray 2.' }).id;
const handle = (id: number) => w.app.people.userById(id)!.handle;
/** The handles notified by the events of ticket `id` after `version`, in the order they were queued. */
function notifiedSince(id: number, version: number): string[] {
  const eventIds = new Set(
    tableRows(w.app.store, 'events', { ticketId: id })
      .filter((e) => e.version > version)
      .map((e) => e.id),
  );
  const rows = tableRows(w.app.store, 'outbox').filter((o) => o.eventId !== null && eventIds.has(o.eventId));
  return [...new Set(rows.map((o) => handle(o.recipientId)))];
}
const counts = () => ({
  events: tableCount(w.app.store, 'events'),
  outbox: tableCount(w.app.store, 'outbox'),
  turns: w.app.config.get('routing.lastRouted') ?? null,
});

describe('the escalation preview runs the write and rolls it back', () => {
  it('with routing on, shows the routed assignee and everyone the write notifies, then escalates exactly so', async () => {
    setSetting(w.app, w.actor('admin'), 'routing.levels', '2');
    const id = newTicket();
    const before = counts();
    tui = await openTicket(w, 'sam', id);
    await tui.press('action.escalate');
    const f = await tui.waitFor((x) => x.includes(`Escalate #${id} Printer on fire`), 'the escalation view');
    expect(f).toMatch(/level 1 \(NEW\) → level 2 as NEW, assigned to bob/);
    // ann (the requester) for the escalation; bob, and sam (the routing is a system change), for the assignment.
    expect(f).toContain('Notified: ann, bob, sam');
    expect(f).toContain('Pickup at level 2: due 2026-03-04 10:00');
    // The preview wrote nothing: no event, no notification, not even the routing turn.
    expect(counts()).toEqual(before);
    await tui.type('on fire');
    await tui.press('prompt.submit');
    await tui.waitFor((x) => x.includes('$ ticketty ticket escalate'), 'the escalation done');
    const after = w.app.tickets.ticketById(id)!;
    expect(after).toMatchObject({ level: 2, status: 'new' });
    expect(handle(after.assigneeId!)).toBe('bob');
    expect(notifiedSince(id, 1)).toEqual(['ann', 'bob', 'sam']);
  });

  it('promises what the write does, routing on or off, for the next ticket in turn too', () => {
    for (const levels of ['', '2']) {
      setSetting(w.app, w.actor('admin'), 'routing.levels', levels);
      for (let i = 0; i < 3; i++) {
        const id = newTicket(`ticket ${levels} ${i}`);
        const preview = escalationPreview(w.app, w.actor('sam'), id, 'escalate');
        const again = escalationPreview(w.app, w.actor('sam'), id, 'escalate');
        expect(again).toEqual(preview);
        const { version } = w.app.tickets.ticketById(id)!;
        const done = escalationWrite(id);
        expect(done.assignee).toBe(preview.assigneeAfter);
        expect(notifiedSince(id, version)).toEqual(preview.notified);
        expect(done.pickupDueAt).toBe(preview.pickupDueAt);
      }
    }
  });
});

function escalationWrite(id: number): { assignee: string | null; pickupDueAt: string | null } {
  const t = escalateTicket(w.app, w.actor('sam'), id, 'needs L2').ticket;
  return {
    assignee: t.assigneeId === null ? null : handle(t.assigneeId),
    pickupDueAt: t.pickupDueAt === null ? null : new Date(t.pickupDueAt).toISOString(),
  };
}
