// The ticket view: header, conversation (public and internal told apart), scrolling, history,
// and person-made text made harmless — on the real shell over a real in-memory app.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { addNote, replyToTicket, tagTicket, watchTicket, acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { renderTui, type RenderedTui } from './helpers.js';
import { openTicket } from './ticketHelpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
});

describe('ticket view', () => {
  it('shows the header, the SLA clock, public replies and internal notes distinctly', async () => {
    const bob = world.actor('bob');
    const ticket = createTicket(world.app, bob, {
      subject: 'VPN drops',
      description: 'It drops every hour.',
      requester: 'ann',
      level: 2,
      priority: 'P2',
      type: 'fault',
    });
    world.advance(5);
    acceptTicket(world.app, bob, ticket.id);
    tagTicket(world.app, bob, ticket.id, ['vpn', 'network']);
    watchTicket(world.app, bob, ticket.id, ['bea'], false);
    replyToTicket(world.app, bob, ticket.id, 'Which client version?');
    addNote(world.app, bob, ticket.id, 'Probably the MTU again.');
    tui = await openTicket(world, 'bob', ticket.id);
    const f = tui.frame();
    expect(f).toContain(`#${ticket.id} VPN drops`);
    expect(f).toMatch(/OPEN L2/);
    expect(f).toContain('P2 Critical');
    expect(f).toContain('fault');
    expect(f).toMatch(/requester ann \(ACME\) · assignee bob · tags network vpn · watchers bea/);
    expect(f).toMatch(/SLA|pickup|resolution/);
    expect(f).toContain('bob · 2026-03-02 10:05 · public reply');
    expect(f).toContain('│ Which client version?');
    expect(f).toContain('[INTERNAL NOTE] bob · 2026-03-02 10:05 (staff only)');
    expect(f).toContain('┃ Probably the MTU again.');
    expect(f.split('\n').length).toBeLessThan(24);
  });

  it('hides internal notes from a requester', async () => {
    const bob = world.actor('bob');
    const ticket = createTicket(world.app, bob, { subject: 'Printer', description: 'jammed', requester: 'ann', level: 2 });
    addNote(world.app, bob, ticket.id, 'secret staff remark');
    replyToTicket(world.app, bob, ticket.id, 'On it.');
    tui = await renderTui(world.app, world.actor('ann'));
    await tui.waitFor((f) => f.includes(`#${ticket.id}`), 'ann’s queue');
    await tui.press('queue.open');
    const f = await tui.waitFor((x) => x.includes('On it.'), 'the conversation');
    expect(f).not.toContain('secret staff remark');
    expect(f).not.toContain('INTERNAL');
  });

  it('scrolls a long conversation, shows the history on h, and makes text harmless', async () => {
    const bob = world.actor('bob');
    const ticket = createTicket(world.app, bob, {
      subject: 'evil \x1b]0;pwned\x07 subject',
      description: 'first line',
      requester: 'ann',
      level: 2,
    });
    for (let i = 1; i <= 30; i++) replyToTicket(world.app, bob, ticket.id, `reply number ${i}\x1b[2J`);
    tui = await openTicket(world, 'bob', ticket.id);
    let f = tui.frame();
    expect(f).toContain('reply number 30');
    expect(f).not.toContain('first line');
    expect(f).not.toMatch(/\x1b\]|\x1b\[2J/);
    await tui.press('ticket.top');
    f = tui.frame();
    expect(f).toContain('first line');
    expect(f).not.toContain('reply number 30');
    await tui.press('ticket.down');
    expect(tui.frame()).not.toContain('description (cli)');
    await tui.press('ticket.bottom');
    expect(tui.frame()).toContain('reply number 30');
    await tui.press('ticket.history');
    f = await tui.waitFor((x) => x.includes('history (h: conversation)'), 'the history');
    expect(f).toMatch(/v\d+ bob reply/);
    expect(f).toContain('“reply number 30”');
    await tui.press('ticket.history');
    await tui.waitFor((x) => x.includes('conversation:'), 'the conversation again');
  });
});
