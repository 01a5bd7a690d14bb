// SLA clocks kept by the write path: the examples, pauses, re-targets, escalations and
// per-level pickups, read back through `ticket show`'s view and the stored columns.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import {
  acceptTicket,
  deescalateTicket,
  escalateTicket,
  provideInfo,
  reopenTicket,
  replyToTicket,
  requestInfo,
  setPriority,
  solveTicket,
  closeTicket,
  tagTicket,
} from '../../src/app/tickets/ticketActions.js';
import { showTicket, listTickets } from '../../src/app/tickets/ticketQueries.js';
import { NO_DUE } from '../../src/store/port/index.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld('2026-03-06T16:00:00Z'); // a Friday
  seedPeople(w);
});
afterEach(() => w.close());

const create = (priority: string, as = 'ann') =>
  createTicket(w.app, w.actor(as), { subject: 'Printer', description: 'It jams', priority }).id;
const show = (id: number) => showTicket(w.app, w.actor('admin'), id).sla;
const row = (id: number) => w.app.tickets.ticketById(id)!;

describe('SLA clocks in a Mon–Fri 09:00–17:00 calendar', () => {
  it('P1 created on a Friday at 16:00: pickup due Monday 12:00, resolution Monday 16:00', () => {
    const id = create('P1');
    const sla = show(id);
    expect(sla.pickup).toMatchObject({
      level: 1,
      targetMinutes: 240,
      dueAt: '2026-03-09T12:00:00.000Z',
      state: 'running',
      elapsedMinutes: 0,
      leftMinutes: 240,
    });
    expect(sla.resolution).toMatchObject({ targetMinutes: 480, dueAt: '2026-03-09T16:00:00.000Z', state: 'running' });
    expect(sla.dueAt).toBe('2026-03-09T12:00:00.000Z');
    expect(sla.state).toBe('running');
    // Saturday: no business time passes; Monday 11:30 is past 75% of the pickup target.
    w.setNow('2026-03-07T12:00:00Z');
    expect(show(id).pickup).toMatchObject({ elapsedMinutes: 60, leftMinutes: 180 });
    w.setNow('2026-03-09T11:30:00Z');
    expect(show(id)).toMatchObject({ state: 'at_risk', risk: 'at_risk', leftMinutes: 30 });
    // At the due time elapsed equals the target: not yet breached (SPEC 4); a minute later it is.
    w.setNow('2026-03-09T12:00:00Z');
    expect(show(id)).toMatchObject({ state: 'at_risk', risk: 'at_risk' });
    w.setNow('2026-03-09T12:01:00Z');
    expect(show(id)).toMatchObject({ state: 'breached', risk: 'breached' });
  });

  it('P3 created on a Wednesday at 10:00: pickup due Friday 10:00', () => {
    w.setNow('2026-03-04T10:00:00Z');
    const id = create('P3');
    expect(show(id).pickup.dueAt).toBe('2026-03-06T10:00:00.000Z');
    expect(show(id).resolution.targetMinutes).toBe(80 * 60);
  });

  it('a pickup stops the level-1 clock and keeps the verdict; the resolution clock runs on', () => {
    const id = create('P1');
    w.setNow('2026-03-09T10:30:00Z'); // 1h Friday + 1h30 Monday
    acceptTicket(w.app, w.actor('sam'), id);
    const r = row(id);
    expect(r).toMatchObject({ firstPickupAt: Date.parse('2026-03-09T10:30:00Z'), pickupMinutes: 150, pickupBreached: false });
    expect(r.slaDueAt).toBe(Date.parse('2026-03-09T16:00:00Z'));
    expect(show(id).pickup).toMatchObject({ state: 'met', elapsedMinutes: 150, leftMinutes: 90, stoppedAt: '2026-03-09T10:30:00.000Z' });
    expect(w.app.tickets.level(id, 1)).toMatchObject({ pickedUpAt: r.firstPickupAt, pickupMinutes: 150 });
  });

  it('a late pickup is breached for good', () => {
    const id = create('P1');
    w.setNow('2026-03-09T13:00:00Z');
    replyToTicket(w.app, w.actor('admin'), id, 'Looking into it');
    expect(row(id)).toMatchObject({ pickupMinutes: 300, pickupBreached: true });
    expect(show(id).pickup.state).toBe('breached');
    expect(show(id).state).toBe('breached');
  });

  it('pauses the resolution clock while pending and pushes its due time by the pause', () => {
    const id = create('P1');
    w.setNow('2026-03-09T10:00:00Z');
    acceptTicket(w.app, w.actor('sam'), id);
    requestInfo(w.app, w.actor('sam'), id, 'Which printer?');
    expect(row(id)).toMatchObject({ pausedSince: Date.parse('2026-03-09T10:00:00Z'), slaDueAt: NO_DUE });
    w.setNow('2026-03-09T15:00:00Z');
    const paused = show(id);
    expect(paused.state).toBe('paused');
    expect(paused.resolution).toMatchObject({
      state: 'paused',
      pausedBecause: 'pending',
      pausedMinutes: 300,
      elapsedMinutes: 120,
      dueAt: '2026-03-10T13:00:00.000Z',
    });
    provideInfo(w.app, w.actor('ann'), id, 'The one on floor 3');
    expect(row(id)).toMatchObject({ pausedSince: null, resolutionPausedMinutes: 300, resolutionDueAt: Date.parse('2026-03-10T13:00:00Z') });
    expect(row(id).slaDueAt).toBe(Date.parse('2026-03-10T13:00:00Z'));
    w.setNow('2026-03-10T09:30:00Z');
    solveTicket(w.app, w.actor('sam'), id, 'Cleared the jam');
    // Friday 1h + Monday 1h (before the pause) + Monday 2h + Tuesday 30m.
    expect(row(id)).toMatchObject({ resolutionMinutes: 270, resolutionBreached: false, slaDueAt: NO_DUE });
    expect(show(id).resolution).toMatchObject({ state: 'met', elapsedMinutes: 270, pausedMinutes: 300, leftMinutes: 210 });
  });

  it('re-targets the running clocks from the start when the priority changes', () => {
    const id = create('P3');
    w.setNow('2026-03-09T10:00:00Z');
    setPriority(w.app, w.actor('sam'), id, 'P1');
    expect(show(id).pickup).toMatchObject({ targetMinutes: 240, dueAt: '2026-03-09T12:00:00.000Z', elapsedMinutes: 120 });
    expect(show(id).resolution.dueAt).toBe('2026-03-09T16:00:00.000Z');
    setPriority(w.app, w.actor('sam'), id, 'P5');
    expect(show(id).pickup.state).toBe('none');
    expect(row(id).slaDueAt).toBe(NO_DUE);
    expect(show(id).state).toBe('none');
  });

  it('keeps the resolution clock through escalations and runs one pickup clock per level', () => {
    const id = create('P2');
    w.setNow('2026-03-09T09:30:00Z');
    escalateTicket(w.app, w.actor('sam'), id, 'needs an agent');
    const afterEscalation = row(id);
    expect(afterEscalation).toMatchObject({ firstPickupAt: Date.parse('2026-03-09T09:30:00Z'), pickupMinutes: 90, pickupBreached: false });
    expect(afterEscalation.resolutionDueAt).toBe(Date.parse('2026-03-10T16:00:00Z'));
    expect(w.app.tickets.level(id, 2)).toMatchObject({
      enteredAt: Date.parse('2026-03-09T09:30:00Z'),
      pickupDueAt: Date.parse('2026-03-10T09:30:00Z'),
      pickedUpAt: null,
    });
    w.setNow('2026-03-09T11:30:00Z');
    acceptTicket(w.app, w.actor('bob'), id);
    expect(w.app.tickets.level(id, 2)).toMatchObject({ pickupMinutes: 120 });
    expect(row(id).resolutionDueAt).toBe(Date.parse('2026-03-10T16:00:00Z'));
    const sla = show(id);
    expect(sla.levels.map((l) => [l.level, l.state, l.elapsedMinutes])).toEqual([
      [1, 'met', 90],
      [2, 'met', 120],
    ]);
    // Back to level 1: its clock was stopped, it stays so; a new escalation starts a fresh level-2 clock.
    deescalateTicket(w.app, w.actor('bob'), id, 'superuser can finish');
    expect(w.app.tickets.level(id, 1)).toMatchObject({ pickupMinutes: 90 });
    w.setNow('2026-03-09T12:00:00Z');
    escalateTicket(w.app, w.actor('sam'), id, 'after all');
    expect(w.app.tickets.level(id, 2)).toMatchObject({ enteredAt: Date.parse('2026-03-09T12:00:00Z'), pickedUpAt: null });
    expect(row(id).slaDueAt).toBe(Date.parse('2026-03-10T12:00:00Z'));
  });

  it('reopening resumes the resolution clock with the solved time as a pause', () => {
    const id = create('P1');
    w.setNow('2026-03-09T10:00:00Z');
    acceptTicket(w.app, w.actor('sam'), id);
    solveTicket(w.app, w.actor('sam'), id, 'Done');
    expect(row(id)).toMatchObject({ resolutionMinutes: 120, slaDueAt: NO_DUE });
    w.setNow('2026-03-09T14:00:00Z');
    reopenTicket(w.app, w.actor('ann'), id, 'Still jams');
    expect(row(id)).toMatchObject({
      resolutionMinutes: null,
      resolutionBreached: null,
      resolutionPausedMinutes: 240,
      resolutionDueAt: Date.parse('2026-03-10T12:00:00Z'),
    });
    w.setNow('2026-03-09T16:00:00Z');
    closeTicket(w.app, w.actor('sam'), id, 'resolved');
    expect(row(id)).toMatchObject({ resolutionMinutes: 240, resolutionBreached: false });
  });

  it('leaves the clocks alone on changes that cannot touch them', () => {
    const id = create('P1');
    const before = row(id);
    w.setNow('2026-03-09T10:00:00Z');
    tagTicket(w.app, w.actor('sam'), id, ['printer']);
    const after = row(id);
    expect({ ...after, updatedAt: 0, version: 0 }).toEqual({ ...before, updatedAt: 0, version: 0 });
  });

  it('lists the countdown fields the queue needs', () => {
    const id = create('P1');
    w.setNow('2026-03-09T10:00:00Z');
    const [t] = listTickets(w.app, w.actor('admin'), { where: `sla=running` }).tickets;
    expect(t).toMatchObject({ id, sla: { dueAt: '2026-03-09T12:00:00.000Z', leftMinutes: 120, risk: 'ok', state: 'running' } });
  });
});

describe('on hold for the customer (SPEC 2.1 hold --on requester)', () => {
  it('pauses the resolution clock, resumes on the customer’s reply, and is never closed automatically', async () => {
    const { holdTicket } = await import('../../src/app/tickets/ticketActions.js');
    const { runAutomations } = await import('../../src/app/automation/automation.js');
    const { setSetting } = await import('../../src/app/settings/settings.js');
    w.setNow('2026-03-09T09:00:00Z'); // Monday
    const id = create('P3');
    acceptTicket(w.app, w.actor('sam'), id);
    w.setNow('2026-03-09T10:00:00Z');
    const held = holdTicket(w.app, w.actor('sam'), id, 'please collect the logs', {}, 'requester').ticket;
    const thirdParty = create('P3');
    acceptTicket(w.app, w.actor('sam'), thirdParty);
    holdTicket(w.app, w.actor('sam'), thirdParty, 'waiting on the vendor');
    expect(held).toMatchObject({ status: 'on_hold', waitingOn: 'requester' });
    expect(show(id).resolution).toMatchObject({ state: 'paused', pausedBecause: 'on_hold_requester', elapsedMinutes: 60 });
    // A team whose on_hold rule closes after 2 days: not this hold.
    setSetting(w.app, w.actor('admin'), 'automation.policy', JSON.stringify({ on_hold: [{ after: '2d', do: ['close inactive'] }] }));
    w.setNow('2026-03-12T10:00:00Z');
    runAutomations(w.app, {});
    expect(row(id).status).toBe('on_hold');
    expect(row(thirdParty)).toMatchObject({ status: 'closed', closingReason: 'inactive' });
    const resumed = replyToTicket(w.app, w.actor('ann'), id, 'Here are the logs').ticket;
    expect(resumed).toMatchObject({ status: 'open', waitingOn: null });
    // Three business days paused: still one hour elapsed.
    expect(show(id).resolution).toMatchObject({ state: 'running', elapsedMinutes: 60, pausedMinutes: 3 * 480 });
    expect(() => holdTicket(w.app, w.actor('sam'), id, undefined, {}, 'vendor')).toThrow(/bad --on 'vendor'/);
  });
});

describe("a summary's SLA view", () => {
  it('is computed as of its read, whenever its clocks are first looked at; JSON has every field, in order', () => {
    w.setNow('2026-03-09T09:00:00Z');
    const id = create('P2');
    const listed = listTickets(w.app, w.actor('admin'), {}).tickets.find((t) => t.id === id)!.sla;
    // Later: a queue page's clocks are those of the moment it was read, however late they are shown.
    w.setNow('2026-03-09T11:00:00Z');
    acceptTicket(w.app, w.actor('sam'), id);
    expect(listed.pickup).toMatchObject({ state: 'running', elapsedMinutes: 0, stoppedAt: null });
    expect(listed.resolution).toMatchObject({ state: 'running', elapsedMinutes: 0 });
    expect(listed.resolution).toBe(listed.resolution); // computed once
    expect(Object.keys(JSON.parse(JSON.stringify(show(id))))).toEqual([
      'dueAt',
      'leftMinutes',
      'state',
      'risk',
      'plan',
      'calendar',
      'businessDayMinutes',
      'pickup',
      'levels',
      'resolution',
    ]);
    expect(JSON.parse(JSON.stringify(show(id))).pickup).toMatchObject({ level: 1, state: 'met', elapsedMinutes: 120 });
  });
});
