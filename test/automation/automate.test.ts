// Time-based automations (SPEC 5) on a real app and database, moved along the injectable clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { runAutomations } from '../../src/app/automation/automation.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { setCalendar, setOrgSla } from '../../src/app/sla/slaSettings.js';
import { tableRows } from '../helpers/tableRows.js';
import { BadInput } from '../../src/domain/errors.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld('2026-03-02T10:00:00Z'); // a Monday
  seedPeople(w);
});
afterEach(() => w.close());

const HOUR = 60;
const DAY = 24 * HOUR;
const newTicket = (who = 'ann') => createTicket(w.app, w.actor(who), { subject: 'VPN drops', description: 'Every hour.' }).id;
/** A ticket that sam asked ann about: pending, waiting on the requester, from now. */
const pendingTicket = () => {
  const id = newTicket();
  act.acceptTicket(w.app, w.actor('sam'), id);
  act.requestInfo(w.app, w.actor('sam'), id, 'Which client version?');
  return id;
};
const ticket = (id: number) => w.app.tickets.ticketById(id)!;
const tags = (id: number) => w.app.tickets.tagsOf([id]).get(id) ?? [];
const run = () =>
  runAutomations(w.app).fired.map(
    (f) => `#${f.ticketId} ${f.step}${f.superseded ? ' skipped' : ''}${f.reminded.length ? ` → ${f.reminded.join(',')}` : ''}`,
  );
const eventsOf = (id: number, action: string) => tableRows(w.app.store, 'events', { ticketId: id }).filter((e) => e.action === action);
const outboxOf = (id: number, kind: string) =>
  tableRows(w.app.store, 'outbox', { ticketId: id })
    .filter((o) => o.kind === kind)
    .map((o) => w.app.people.userById(o.recipientId)!.handle)
    .sort();

describe('the default pending timeline', () => {
  it('reminds after 24 h and 5 d, then tags no-response and closes no_response after 7 d', () => {
    const id = pendingTicket();
    w.advance(23 * HOUR);
    expect(run()).toEqual([]);

    w.advance(HOUR);
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
    const [reminder] = eventsOf(id, 'remind');
    expect(reminder).toMatchObject({ actorId: null, text: 'reminder (pending.1): waiting on requester' });
    expect(outboxOf(id, 'remind')).toEqual(['ann']); // the party waited on, not everyone on the ticket
    expect(ticket(id)).toMatchObject({ status: 'pending', version: 3 }); // a reminder is not activity

    w.advance(4 * DAY - 1);
    expect(run()).toEqual([]);
    w.advance(1);
    expect(run()).toEqual([`#${id} pending.2 → ann`]);
    expect(outboxOf(id, 'remind')).toEqual(['ann', 'ann']);

    w.advance(2 * DAY - 1);
    expect(run()).toEqual([]);
    expect(ticket(id).status).toBe('pending');
    w.advance(1);
    expect(run()).toEqual([`#${id} pending.3`]);
    expect(ticket(id)).toMatchObject({ status: 'closed', closingReason: 'no_response' });
    expect(tags(id)).toEqual(['no-response']);
    const [closed] = eventsOf(id, 'auto_close');
    expect(closed).toMatchObject({ actorId: null });
    expect(JSON.parse(closed!.after!)).toMatchObject({ status: 'closed', closingReason: 'no_response', tags: ['no-response'] });
    expect(outboxOf(id, 'auto_close')).toEqual(['ann', 'sam']);

    w.advance(30 * DAY);
    expect(run()).toEqual([]);
  });

  it('is idempotent: a second run at the same moment does nothing', () => {
    const id = pendingTicket();
    w.advance(DAY);
    expect(run()).toHaveLength(1);
    expect(run()).toEqual([]);
    expect(eventsOf(id, 'remind')).toHaveLength(1);
    expect(tableRows(w.app.store, 'automationFirings')).toHaveLength(1);
  });

  it('catching up after days without a run sends no stale reminders before the close', () => {
    const id = pendingTicket();
    w.advance(8 * DAY);
    expect(run()).toEqual([`#${id} pending.1 skipped`, `#${id} pending.2 skipped`, `#${id} pending.3`]);
    expect(outboxOf(id, 'remind')).toEqual([]);
    expect(ticket(id).status).toBe('closed');
  });

  it('reminds the party waited on: the superusers at L2, the last L2 assignee at L3', () => {
    const id = newTicket();
    act.escalateTicket(w.app, w.actor('sam'), id, 'vendor');
    act.acceptTicket(w.app, w.actor('bob'), id);
    act.requestInfo(w.app, w.actor('bob'), id, 'Logs?');
    w.advance(DAY);
    expect(run()).toEqual([`#${id} pending.1 → sam`]);

    act.provideInfo(w.app, w.actor('sam'), id, 'attached');
    act.escalateTicket(w.app, w.actor('bob'), id, 'defect');
    act.acceptTicket(w.app, w.actor('eve'), id);
    act.requestInfo(w.app, w.actor('eve'), id, 'Reproduce on 5.2?');
    w.advance(DAY);
    expect(run()).toEqual([`#${id} pending.1 → bob`]);
  });
});

describe('solved tickets', () => {
  it('close after 24 h with reason resolved', () => {
    const id = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), id);
    act.solveTicket(w.app, w.actor('sam'), id, 'Reinstalled the client');
    w.advance(DAY - 1);
    expect(run()).toEqual([]);
    w.advance(1);
    expect(run()).toEqual([`#${id} solved.1`]);
    expect(ticket(id)).toMatchObject({ status: 'closed', closingReason: 'resolved' });
    expect(tags(id)).toEqual([]);
  });

  it('reopening cancels the timer; solving again restarts it', () => {
    const id = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), id);
    act.solveTicket(w.app, w.actor('sam'), id, 'fixed');
    w.advance(20 * HOUR);
    act.reopenTicket(w.app, w.actor('ann'), id, 'Still broken');
    w.advance(10 * HOUR);
    expect(run()).toEqual([]);
    act.solveTicket(w.app, w.actor('sam'), id, 'fixed for real');
    w.advance(DAY - 1);
    expect(run()).toEqual([]);
    w.advance(1);
    expect(run()).toEqual([`#${id} solved.1`]);
  });
});

describe('leaving and re-entering a status', () => {
  it("the requester's reply stops the reminders; a new question starts them afresh", () => {
    const id = pendingTicket();
    w.advance(12 * HOUR);
    act.replyToTicket(w.app, w.actor('ann'), id, 'Version 5.1');
    expect(ticket(id).status).toBe('open');
    w.advance(12 * HOUR);
    expect(run()).toEqual([]);

    act.requestInfo(w.app, w.actor('sam'), id, 'And the OS?');
    w.advance(DAY - 1);
    expect(run()).toEqual([]);
    w.advance(1);
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
  });

  it('a pending ticket reminded once is reminded again from the start after it re-enters pending', () => {
    const id = pendingTicket();
    w.advance(DAY);
    expect(run()).toHaveLength(1);
    act.provideInfo(w.app, w.actor('ann'), id, '5.1');
    act.requestInfo(w.app, w.actor('sam'), id, 'Logs?');
    w.advance(DAY);
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
  });
});

describe('the inactive policy (business days)', () => {
  it('reminds after 30 d and 2 bd later, closes inactive 2 bd after that, skipping the weekend', () => {
    setSetting(w.app, w.actor('admin'), 'automation.policy', 'inactive');
    w.setNow('2026-02-02T14:30:00Z'); // Monday
    const id = pendingTicket();
    w.setNow('2026-03-04T14:29:00Z');
    expect(run()).toEqual([]);
    w.setNow('2026-03-04T14:30:00Z'); // Wednesday, 30 d later
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
    w.setNow('2026-03-06T14:30:00Z'); // Friday, 2 bd later
    expect(run()).toEqual([`#${id} pending.2 → ann`]);
    w.setNow('2026-03-09T14:30:00Z'); // Monday: only 1 business day since Friday
    expect(run()).toEqual([]);
    w.setNow('2026-03-10T14:30:00Z'); // Tuesday
    expect(run()).toEqual([`#${id} pending.3`]);
    expect(ticket(id)).toMatchObject({ status: 'closed', closingReason: 'inactive' });
  });

  it("counts business days in the organization's calendar", () => {
    const admin = w.actor('admin');
    setSetting(w.app, admin, 'automation.policy', 'inactive');
    setCalendar(w.app, admin, 'sixdays', (c) => ({ ...c, week: { ...c.week, sat: [{ start: '09:00', end: '17:00' }] } }));
    setOrgSla(w.app, admin, 'ACME', { calendar: 'sixdays' });
    w.setNow('2026-02-04T14:30:00Z'); // Wednesday: 30 d later is Friday 2026-03-06
    const id = pendingTicket();
    w.setNow('2026-03-06T14:30:00Z');
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
    w.setNow('2026-03-09T14:30:00Z'); // Saturday counts for ACME: Monday is 2 bd later
    expect(run()).toEqual([`#${id} pending.2 → ann`]);
  });

  it('refuses a bad policy with a clear error and keeps the one in force', () => {
    expect(() => setSetting(w.app, w.actor('admin'), 'automation.policy', '{"pending":[{"after":"24h","do":["nag"]}]}')).toThrow(
      "bad value for automation.policy: bad automation policy: pending[0].do[0]: unknown action 'nag'",
    );
    expect(() => setSetting(w.app, w.actor('admin'), 'automation.policy', 'weekly')).toThrow(BadInput);
    const id = pendingTicket();
    w.advance(DAY);
    expect(run()).toEqual([`#${id} pending.1 → ann`]);
  });

  it('runs a custom JSON policy', () => {
    setSetting(w.app, w.actor('admin'), 'automation.policy', '{"open":[{"after":"2bh","do":["tag stale"]}]}');
    const id = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), id); // Monday 10:00
    w.setNow('2026-03-02T11:59:00Z');
    expect(run()).toEqual([]);
    w.setNow('2026-03-02T12:00:00Z');
    expect(run()).toEqual([`#${id} open.1`]);
    expect(tags(id)).toEqual(['stale']);
    expect(ticket(id).status).toBe('open');
    expect(eventsOf(id, 'tag')[0]).toMatchObject({ actorId: null });
  });
});

describe('runs', () => {
  it('works through many tickets a chunk at a time', () => {
    const ids = Array.from({ length: 7 }, () => pendingTicket());
    w.advance(DAY);
    const result = runAutomations(w.app, { chunkSize: 2 });
    expect(result.fired.map((f) => f.ticketId)).toEqual(ids);
    expect(runAutomations(w.app, { chunkSize: 2 }).fired).toEqual([]);
  });

  it('dry-run reports what would fire and writes nothing', () => {
    const id = pendingTicket();
    w.advance(8 * DAY);
    const before = ticket(id);
    const dry = runAutomations(w.app, { dryRun: true });
    expect(dry.fired.map((f) => [f.step, f.superseded, f.actions])).toEqual([
      ['pending.1', true, 'remind'],
      ['pending.2', true, 'remind'],
      ['pending.3', false, 'tag no-response, close no_response'],
    ]);
    expect(ticket(id)).toEqual(before);
    expect(tableRows(w.app.store, 'automationFirings')).toEqual([]);
    expect(runAutomations(w.app).fired).toEqual(dry.fired);
  });
});
