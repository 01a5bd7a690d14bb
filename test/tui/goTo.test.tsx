// `#` or `:` from any screen: a prompt for a ticket number; Enter opens the ticket, or says in one
// line that it was not found (absent, or not the user's to see) and changes nothing else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { renderTui, statusText, type RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  const bob = world.actor('bob');
  createTicket(world.app, bob, { subject: 'Printer jammed', description: 'Tray 2.', requester: 'ann', level: 1 });
  createTicket(world.app, bob, { subject: 'Globex VPN down', description: 'Since noon.', requester: 'gus', level: 1 });
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

const ticketView = (id: number) => (f: string) => new RegExp(`^#${id} `, 'm').test(f) && f.includes('requester ');

describe('go to a ticket by number', () => {
  it('# then a number and Enter opens the ticket; from the ticket view : goes to another, q comes back', async () => {
    tui = await renderTui(world.app, world.actor('bob'));
    await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.keys('#');
    await tui.waitFor((f) => f.includes('go to #'), 'the prompt');
    await tui.type('2');
    await tui.keys('enter');
    let frame = await tui.waitFor(ticketView(2), 'ticket #2');
    expect(frame).toContain('Globex VPN down');
    expect(statusText(frame)).toContain('ticket show 2');
    await tui.keys(':');
    await tui.type('#1');
    await tui.keys('enter');
    frame = await tui.waitFor(ticketView(1), 'ticket #1');
    expect(frame).toContain('Printer jammed');
    await tui.keys('q');
    await tui.waitFor(ticketView(2), 'back on #2');
  });

  it('a ticket that does not exist: one line saying so, and the queue stays', async () => {
    tui = await renderTui(world.app, world.actor('bob'));
    const before = await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.keys(':');
    await tui.type('99');
    await tui.keys('enter');
    const frame = await tui.waitFor((f) => statusText(f).includes('ticket #99 not found'), 'the notice');
    expect(frame).not.toContain('go to #');
    expect(frame.split('\n')[0]).toBe(before.split('\n')[0]);
  });

  it("a ticket the user may not see is 'not found' too (a requester and another customer's ticket)", async () => {
    tui = await renderTui(world.app, world.actor('ann'));
    await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.keys('#');
    await tui.type('2');
    await tui.keys('enter');
    const frame = await tui.waitFor((f) => statusText(f).includes('ticket #2 not found'), 'the notice');
    expect(frame).not.toContain('Globex VPN down');
  });

  it('a text that is not a number is refused with a notice; Esc cancels the prompt', async () => {
    tui = await renderTui(world.app, world.actor('bob'));
    await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.keys('#');
    await tui.type('abc');
    await tui.keys('enter');
    let frame = await tui.waitFor((f) => statusText(f).includes('type a ticket number'), 'the notice');
    expect(frame).toContain('go to #');
    await tui.keys('escape');
    frame = await tui.waitFor((f) => !f.includes('go to #'), 'the prompt closed');
    expect(tui.exited()).toBe(false);
    expect(frame).toMatch(/\d+ tickets?/);
  });
});
