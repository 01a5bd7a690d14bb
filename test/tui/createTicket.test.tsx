// Creating a ticket on behalf of a caller (`C`): the requester search, the defaults, the
// description's editor, the one-line refusal that writes nothing, and the new ticket opening.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { listTickets, showTicket } from '../../src/app/tickets/ticketQueries.js';
import { searchRequesters } from '../../src/app/people/peopleQueries.js';
import { renderTui, statusText, type RenderedTui } from './helpers.js';

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

const paste = (text: string) => `\x1b[200~${text}\x1b[201~`;
const ticketCount = () => listTickets(world.app, world.actor('admin'), { where: undefined, limit: 100 }).tickets.length;
const openForm = async (who: string) => {
  const t = await renderTui(world.app, world.actor(who));
  await t.waitFor((f) => f.includes(`${who} (`), 'the queue');
  await t.press('app.create');
  await t.waitFor((f) => f.includes('New ticket on behalf of a caller'), 'the form');
  return t;
};

describe('creating a ticket in the TUI', () => {
  it('finds the requester by a few letters, keeps the defaults, takes a pasted description and opens the new ticket', async () => {
    tui = await openForm('bob');
    expect(tui.frame()).toMatch(/type:\s+question/);
    expect(tui.frame()).toMatch(/priority:\s+P3/);
    expect(tui.frame()).toMatch(/channel:\s+phone/);
    await tui.type('arch');
    let f = await tui.waitFor((x) => x.includes('ann · Ann Archer <ann@acme.test> · ACME'), 'the search result');
    expect(f).not.toContain('abe ·');
    await tui.press('form.next');
    f = await tui.waitFor((x) => /requester:\s+ann\b/.test(x) && /› subject:/.test(x), 'ann taken, on the subject');
    await tui.type('Printer on fire');
    await tui.press('form.next');
    await tui.keys('right', 'right'); // type improvement, with its default priority P4
    await tui.waitFor((x) => /type:\s+‹ improvement ›/.test(x) && /priority:\s+P4/.test(x), 'the type and its priority');
    await tui.press('form.next');
    await tui.press('form.next');
    await tui.press('form.next');
    await tui.waitFor((x) => /› description:/.test(x), 'on the description');
    await tui.raw(paste('Caller says the printer smokes.\nq\nPlease send someone.'));
    await tui.waitFor((x) => x.includes('Please send someone.'), 'the pasted description');
    expect(tui.exited()).toBe(false);
    await tui.press('form.submit');
    f = await tui.waitFor((x) => x.includes('#1 Printer on fire'), 'the new ticket');
    expect(f).toContain('requester ann (ACME)');
    expect(statusText(f)).toContain('ticketty ticket create -s');
    const t = showTicket(world.app, world.actor('admin'), 1);
    expect(t).toMatchObject({ requester: 'ann', channel: 'phone', type: 'improvement', priority: 'P4', status: 'new' });
    expect(t.description).toBe('Caller says the printer smokes.\nq\nPlease send someone.');
    expect(t.events[0]).toMatchObject({ action: 'create', actor: 'bob' });
    // Esc from the new ticket goes back to the queue, not to the form.
    await tui.press('ticket.back');
    await tui.waitFor((x) => x.includes('ASSIGNEE'), 'the queue');
  });

  it('refuses bad input in one line and writes nothing', async () => {
    tui = await openForm('bob');
    await tui.type('nobody-here');
    await tui.press('form.next');
    await tui.type('Subject');
    await tui.press('form.submit');
    let f = await tui.waitFor((x) => x.includes('not created:'), 'the refusal');
    expect(f).toContain('not created: a description is required');
    await tui.keys('tab', 'tab', 'tab', 'tab');
    await tui.type('Some text');
    await tui.press('form.submit');
    f = await tui.waitFor((x) => x.includes("unknown requester 'nobody-here'"), 'the unknown requester');
    expect(f).toContain('New ticket on behalf of a caller');
    expect(ticketCount()).toBe(0);
    // Esc asks before it throws the typed text away.
    await tui.press('form.cancel');
    await tui.waitFor((x) => x.includes('esc again discards'), 'the question');
    await tui.press('form.cancel');
    await tui.waitFor((x) => x.includes('ASSIGNEE'), 'back on the queue');
    expect(ticketCount()).toBe(0);
  });

  it('is for staff only, and a bound superuser finds only their organization', async () => {
    tui = await renderTui(world.app, world.actor('ann'));
    await tui.waitFor((f) => f.includes('ann ('), 'the queue');
    await tui.press('app.create');
    await tui.waitFor((f) => statusText(f).includes('only staff create tickets'), 'the refusal');
    expect(tui.frame()).not.toContain('New ticket on behalf');
    expect(searchRequesters(world.app, world.actor('sam'), 'g').map((p) => p.handle)).toEqual([]);
    expect(searchRequesters(world.app, world.actor('bob'), 'g').map((p) => p.handle)).toEqual(['gus']);
    expect(() => searchRequesters(world.app, world.actor('ann'), 'a')).toThrow(/only staff/);
  });
});
