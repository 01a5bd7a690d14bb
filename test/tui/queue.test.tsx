// Every key of the queue, on the real shell over a real (in-memory) app.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/createTicket.js';
import { acceptTicket } from '../../src/app/ticketActions.js';
import { renderTui, rowIds, type RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

/** 45 tickets by ann at level 2 (#1 … #45), subjects "Printer 1" …; #7 says "VPN". */
function seedTickets(count = 45): void {
  const bob = world.actor('bob');
  for (let i = 1; i <= count; i++) {
    createTicket(world.app, bob, { subject: i === 7 ? 'VPN drops every hour' : `Printer ${i}`, description: `text ${i}`, requester: 'ann', level: 2, priority: i % 5 === 0 ? 'P1' : 'P3' });
    world.advance(1);
  }
}

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
});

const open = async (handle = 'bob') => {
  tui = await renderTui(world.app, world.actor(handle), {});
  await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the first page');
  return tui;
};
const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›'));

describe('queue', () => {
  it('shows tabs, columns, the total and only one page at 100×24', async () => {
    seedTickets();
    const t = await open();
    const frame = t.frame();
    expect(frame).toContain(' Mine ');
    expect(frame).toContain('Unassigned L2');
    expect(frame).toContain('Breaching');
    expect(frame).toMatch(/#\s+P\s+STATUS\s+SLA\s+REQUESTER\/ORG\s+SUBJECT/);
    expect(frame).toContain('0 tickets'); // Mine: bob has none assigned
    await t.press('queue.nextTab');
    const unassigned = await t.waitFor((f) => f.includes('45 tickets'), 'the unassigned tab');
    expect(rowIds(unassigned).length).toBe(24 - 1 - 1 - 3); // frame rows − status − chrome
    expect(unassigned.split('\n').length).toBeLessThanOrEqual(23);
    expect(unassigned).toContain('NEW L2');
    expect(unassigned).toContain('ann/ACME');
  });
});
