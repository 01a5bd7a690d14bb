// The ticket view's other open tickets of the requester and the organization: a line under the
// header (a few, newest first; solved ones and other customers' never) and `J` to jump to one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket, solveTicket } from '../../src/app/tickets/ticketActions.js';
import { relatedOpenTickets } from '../../src/app/tickets/ticketContext.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { openTicket } from './ticketHelpers.js';
import type { RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

function ticket(subject: string, requester: string): number {
  const r = createTicket(world.app, world.actor('bob'), { subject, description: `${subject}.`, requester, level: 2 });
  world.advance(1);
  return r.id;
}

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  ticket('Printer jammed', 'ann'); // #1
  ticket('Scanner offline', 'ann'); // #2
  ticket('Old question', 'ann'); // #3, solved below
  ticket('Mail bounces', 'abe'); // #4, ACME
  ticket('Globex VPN down', 'gus'); // #5, another organization
  ticket('Badge reader broken', 'ann'); // #6
  acceptTicket(world.app, world.actor('bob'), 3);
  solveTicket(world.app, world.actor('bob'), 3, 'Answered.');
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

describe("the requester's and organization's other open tickets", () => {
  it('are read newest first, a few of each, without the ticket itself or closed ones', () => {
    const related = relatedOpenTickets(world.app, world.actor('bob'), showTicket(world.app, world.actor('bob'), 1), 5);
    expect(related.requester.map((t) => t.id)).toEqual([6, 2]);
    expect(related.organization.map((t) => t.id)).toEqual([4]);
    for (let i = 0; i < 8; i++) ticket(`More ${i}`, 'ann');
    const few = relatedOpenTickets(world.app, world.actor('bob'), showTicket(world.app, world.actor('bob'), 1), 3);
    expect(few.requester.map((t) => t.id)).toEqual([14, 13, 12]);
  });

  it('show under the header; J lists them and Enter opens the one picked', async () => {
    tui = await openTicket(world, 'bob', 1);
    const frame = tui.frame();
    expect(frame).toContain('other open: ann #6 #2 · ACME #4 (J jumps)');
    expect(frame).not.toMatch(/#3\b|#5\b/);
    await tui.press('ticket.related');
    await tui.waitFor((f) => f.includes('other open tickets, newest first'), 'the pick list');
    expect(tui.frame()).toContain('#4 Mail bounces');
    await tui.press('choice.down');
    await tui.press('choice.pick');
    await tui.waitFor((f) => /^#2 Scanner offline/m.test(f), 'ticket #2');
    await tui.press('app.quit');
    await tui.waitFor((f) => /^#1 Printer jammed/m.test(f), 'back on #1');
  });

  it('none: the line says so and J says why it does nothing', async () => {
    tui = await openTicket(world, 'bob', 5);
    expect(tui.frame()).toContain('no other open tickets of gus or Globex');
    await tui.press('ticket.related');
    await tui.waitFor((f) => f.includes('no other open tickets of this requester or organization'), 'the notice');
  });
});
