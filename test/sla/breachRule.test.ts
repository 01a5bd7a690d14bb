// SPEC 4: a clock is breached only once the business time elapsed exceeds its target — the same
// rule in `ticket show`, the `sla=` filter (and so the Breaching tab), `report sla` and `forecast`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket, solveTicket } from '../../src/app/tickets/ticketActions.js';
import { listTickets, showTicket } from '../../src/app/tickets/ticketQueries.js';
import { slaReport } from '../../src/app/sla/reportSla.js';
import { forecast } from '../../src/app/automation/forecast.js';
import { setPlan } from '../../src/app/sla/slaSettings.js';
import { queueTabs } from '../../src/app/tickets/queueTabs.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld('2026-03-07T10:00:00Z'); // a Saturday
  seedPeople(w);
});
afterEach(() => w.close());

const create = (priority: string) =>
  createTicket(w.app, w.actor('ann'), { subject: 'Server down', description: 'Nothing answers', priority }).id;
const sla = (id: number) => showTicket(w.app, w.actor('admin'), id).sla;
const ids = (where: string) => listTickets(w.app, w.actor('admin'), { where }).tickets.map((t) => t.id);
const breachingTab = () => queueTabs(w.actor('admin')).find((t) => t.id === 'breaching')!.filter;

describe('the breach rule, everywhere', () => {
  it('P1 created Saturday 10:00, accepted Monday 09:05, solved Monday 17:30: met, in show and in report sla', () => {
    const id = create('P1');
    w.setNow('2026-03-09T09:05:00Z');
    acceptTicket(w.app, w.actor('sam'), id);
    w.setNow('2026-03-09T17:30:00Z');
    solveTicket(w.app, w.actor('sam'), id, 'Restarted');
    expect(sla(id).pickup).toMatchObject({ state: 'met', elapsedMinutes: 5 });
    expect(sla(id).resolution).toMatchObject({ state: 'met', elapsedMinutes: 480, leftMinutes: 0 });
    const report = slaReport(w.app, w.actor('admin'), {});
    expect(report.groups[0]!.resolution).toMatchObject({ measured: 1, met: 1, breached: 0 });
    expect(ids('sla=breached')).toEqual([]);
  });

  it('a due time on Friday 17:00 is not breached over the weekend, and is from Monday 09:00 on', () => {
    w.setNow('2026-03-06T13:00:00Z'); // Friday 13:00: the P1 pickup (4 h) is due at 17:00
    const id = create('P1');
    expect(sla(id).pickup.dueAt).toBe('2026-03-06T17:00:00.000Z');
    for (const now of ['2026-03-06T17:00:00Z', '2026-03-06T21:00:00Z', '2026-03-08T12:00:00Z', '2026-03-09T09:00:00Z']) {
      w.setNow(now);
      expect([now, sla(id).pickup.state, sla(id).state]).toEqual([now, 'running', 'at_risk']);
      expect(ids('sla=breached')).toEqual([]);
      expect(ids(`${breachingTab()}`)).toEqual([id]); // at risk, not breached
    }
    // forecast from Sunday noon: the breach comes Monday at the opening, not Friday evening.
    w.setNow('2026-03-08T12:00:00Z');
    expect(forecast(w.app, w.actor('admin'), { within: '24h' }).items.filter((i) => i.kind.endsWith('breach'))).toMatchObject([
      { ticketId: id, kind: 'pickup_breach', at: '2026-03-09T09:00:00.000Z' },
    ]);
    w.setNow('2026-03-09T09:01:00Z');
    expect(sla(id).pickup.state).toBe('breached');
    expect(sla(id).state).toBe('breached');
    expect(ids('sla=breached')).toEqual([id]);
    expect(slaReport(w.app, w.actor('admin'), {}).groups[0]!.open.breached).toBe(1);
  });

  it('a 0-minute pickup target is not breached at creation', () => {
    setPlan(w.app, w.actor('admin'), 'standard', (p) => ({
      ...p,
      targets: { ...p.targets, P2: { pickupMinutes: 0, resolutionMinutes: 60 } },
    }));
    w.setNow('2026-03-09T10:00:00Z');
    const id = create('P2');
    expect(sla(id).pickup.state).toBe('running');
    expect(ids('sla=breached')).toEqual([]);
    w.setNow('2026-03-09T10:01:00Z');
    expect(ids('sla=breached')).toEqual([id]);
  });
});
