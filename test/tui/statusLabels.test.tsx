// Status labels in the TUI (SPEC 2.1): the queue's status column and the ticket header show the
// dictionary's label, a per-level label as it is; the filter prompt takes a label.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { setDictionary } from '../../src/app/settings/dictionaries.js';
import { rowIds, type RenderedTui } from './helpers.js';
import { openTicket, queueAt } from './ticketHelpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  const admin = world.actor('admin');
  setDictionary(world.app, admin, 'status', 'open', 'OPEN 1L', 1);
  setDictionary(world.app, admin, 'status', 'open', 'EN COURS');
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
});

function twoOpenTickets(): { l1: number; l2: number } {
  const l1 = createTicket(world.app, world.actor('ann'), { subject: 'Printer jams', description: 'x' }).id;
  const l2 = createTicket(world.app, world.actor('bob'), { subject: 'VPN drops', description: 'y', requester: 'ann', level: 2 }).id;
  acceptTicket(world.app, world.actor('sam'), l1);
  acceptTicket(world.app, world.actor('bob'), l2);
  return { l1, l2 };
}

describe('status labels in the TUI', () => {
  it('labels the queue rows and the ticket header, per level', async () => {
    const { l1, l2 } = twoOpenTickets();
    tui = await queueAt(world, 'admin', l1);
    const f = tui.frame();
    expect(f).toMatch(new RegExp(`#${l1}\\s+P3\\s+OPEN 1L\\s`));
    expect(f).toMatch(new RegExp(`#${l2}\\s+P3\\s+EN COURS L2\\s`));
    tui.unmount();
    tui = await openTicket(world, 'admin', l2);
    expect(tui.frame()).toContain(' EN COURS L2 ');
  });

  it('filters by a label from the filter prompt', async () => {
    const { l1 } = twoOpenTickets();
    tui = await queueAt(world, 'admin', l1);
    await tui.press('queue.filter');
    await tui.type('status="OPEN 1L"');
    await tui.press('prompt.submit');
    await tui.waitFor((f) => f.includes('1 ticket'), 'the filtered queue');
    expect(rowIds(tui.frame())).toEqual([l1]);
  });
});
