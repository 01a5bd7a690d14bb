// Every key of the queue, on the real shell over a real (in-memory) app, pressed by command id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { cursorId, isSelected, renderTui, rowIds, type RenderedTui } from './helpers.js';
import type { TuiConfig } from '../../src/tui/config.js';
import type { KeyOverrides } from '../../src/tui/keymap/keymap.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
const PAGE = 24 - 1 - 1 - 3; // terminal rows − spare row − status line − queue chrome
const COUNT = 45;
/** The default sort (SLA time left, soonest first): the P1s (4 h pickup) before the P3s (16 h), by id within each. */
const SLA_ORDER = [
  ...Array.from({ length: COUNT }, (_, i) => i + 1).filter((id) => id % 5 === 0),
  ...Array.from({ length: COUNT }, (_, i) => i + 1).filter((id) => id % 5 !== 0),
];

/** `count` new tickets by ann at level 2 (#1 …), "Printer N"; #7 is about a VPN; every 5th is P1. */
function seedTickets(count = COUNT): void {
  const bob = world.actor('bob');
  for (let i = 1; i <= count; i++) {
    createTicket(world.app, bob, {
      subject: i === 7 ? 'VPN drops every hour' : `Printer ${i}`,
      description: `text ${i}`,
      requester: 'ann',
      level: 2,
      priority: i % 5 === 0 ? 'P1' : 'P3',
    });
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

/** Opens the TUI as bob on the "Unassigned L2" tab (the 45 tickets). */
async function openUnassigned(options: { keys?: KeyOverrides; views?: TuiConfig['views'] } = {}) {
  seedTickets();
  tui = await renderTui(world.app, world.actor('bob'), options);
  await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the first page');
  await tui.press('queue.nextTab');
  await tui.waitFor((f) => f.includes('45 tickets'), 'the unassigned tab');
  return tui;
}

describe('queue layout', () => {
  it('shows the tabs, the columns, the total and only one page', async () => {
    const t = await openUnassigned();
    const frame = t.frame();
    for (const tab of ['Mine', 'Unassigned L2', 'All open', 'Waiting', 'Breaching', 'Closed']) expect(frame).toContain(` ${tab}`);
    expect(frame).toMatch(/#\s+P\s+STATUS\s+SLA\s+REQUESTER\/ORG\s+SUBJECT\s+ASSIGNEE\s+UPD/);
    expect(rowIds(frame)).toEqual(SLA_ORDER.slice(0, PAGE));
    expect(frame).toContain('NEW L2');
    expect(frame).toContain('ann/ACME');
    expect(frame).toContain('sort: SLA left ↑');
    expect(frame.split('\n').length).toBeLessThan(24);
    expect(frame).toContain('bob (agent L2) · test.db');
  });

  it('makes person-made text harmless', async () => {
    createTicket(world.app, world.actor('bob'), {
      subject: 'evil \x1b]0;pwned\x07title\x1b[2J\bX\u202e',
      description: 'd',
      requester: 'ann',
      level: 2,
    });
    tui = await renderTui(world.app, world.actor('bob'));
    await tui.press('queue.nextTab');
    const frame = await tui.waitFor((f) => f.includes('1 ticket'));
    expect(frame).toContain('evil title');
    expect(frame).not.toMatch(/\x1b\]|\x1b\[2J|\r|\x08|\u202e/);
  });
});

describe('queue keys', () => {
  it('j/k and the arrows move the cursor; past the last row the window scrolls', async () => {
    const t = await openUnassigned();
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
    await t.keys('j', 'down');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[2]);
    await t.keys('k');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[1]);
    await t.keys('up', 'up');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
    for (let i = 0; i < PAGE; i++) await t.press('queue.down');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[PAGE]);
    expect(rowIds(t.frame())[0]).toBe(SLA_ORDER[1]);
    await t.keys('k');
    for (let i = 0; i < PAGE; i++) await t.press('queue.up');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
    expect(rowIds(t.frame())[0]).toBe(SLA_ORDER[0]);
  });

  it('walking the whole queue with j, then k, shows every ticket once, in order, a page at a time', async () => {
    const t = await openUnassigned();
    const seen: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const id = cursorId(t.frame());
      seen.push(id!);
      const rows = rowIds(t.frame());
      expect(rows).toEqual(SLA_ORDER.slice(SLA_ORDER.indexOf(rows[0]!), SLA_ORDER.indexOf(rows[0]!) + PAGE));
      if (i < COUNT - 1) await t.press('queue.down');
    }
    expect(seen).toEqual(SLA_ORDER);
    for (let i = COUNT - 1; i > 0; i--) await t.press('queue.up');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
    expect(rowIds(t.frame())).toEqual(SLA_ORDER.slice(0, PAGE));
    const pages: number[][] = [];
    for (let i = 0; i < 3; i++, await t.press('queue.pageDown')) pages.push(rowIds(t.frame()));
    expect(pages).toEqual([SLA_ORDER.slice(0, PAGE), SLA_ORDER.slice(PAGE, 2 * PAGE), SLA_ORDER.slice(COUNT - PAGE)]);
  });

  it('PgDn/PgUp move by a page on the keyset; g/G go to the first and last ticket', async () => {
    const t = await openUnassigned();
    const last = SLA_ORDER[COUNT - 1];
    await t.keys('pagedown');
    expect(rowIds(t.frame())[0]).toBe(SLA_ORDER[PAGE]);
    await t.press('queue.pageDown'); // a full last page rather than a short one
    expect(rowIds(t.frame())).toEqual(SLA_ORDER.slice(COUNT - PAGE));
    await t.press('queue.pageUp');
    expect(rowIds(t.frame()).at(-1)).toBe(SLA_ORDER[COUNT - PAGE - 1]);
    await t.keys('pageup');
    expect(rowIds(t.frame())[0]).toBe(SLA_ORDER[0]);
    await t.press('queue.last');
    expect(cursorId(t.frame())).toBe(last);
    expect(rowIds(t.frame()).at(-1)).toBe(last);
    await t.press('queue.first');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
    await t.keys('end');
    expect(cursorId(t.frame())).toBe(last);
    await t.keys('home');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[0]);
  });

  it('Enter opens the ticket, Esc goes back to the same place, the status line shows the CLI command', async () => {
    const t = await openUnassigned();
    await t.keys('j', 'j');
    await t.press('queue.open');
    const ticket = await t.waitFor((f) => f.includes('#15 Printer 15'), 'the ticket screen');
    expect(ticket).toContain('text 15');
    expect(ticket).toContain('$ ticketty ticket show 15');
    await t.press('ticket.back');
    await t.waitFor((f) => f.includes('45 tickets'));
    expect(cursorId(t.frame())).toBe(15);
  });

  it('/ searches the text; the status line shows the equivalent ticket list', async () => {
    const t = await openUnassigned();
    await t.press('queue.search');
    await t.type('vpn');
    expect(t.frame()).toContain('/ vpn');
    await t.press('prompt.submit');
    const frame = await t.waitFor((f) => f.includes('1 ticket ·'), 'the search result');
    expect(rowIds(frame)).toEqual([7]);
    expect(frame).toContain('search: vpn');
    expect(frame).toContain(`$ ticketty ticket list --where '(assignee=none and status in (new, open`); // cut at 100 columns
    await t.press('queue.clear');
    await t.waitFor((f) => f.includes('45 tickets'));
  });

  it('f filters; a bad filter is shown inline with its position and cannot be applied', async () => {
    const t = await openUnassigned();
    await t.press('queue.filter');
    await t.type('priority<=P9');
    const bad = t.frame();
    expect(bad).toContain('bad filter at column 11');
    const lines = bad.split('\n');
    const input = lines.findIndex((l) => l.startsWith('filter: priority<=P9'));
    expect(lines[input + 1]!.indexOf('^')).toBe('filter: '.length + 10);
    await t.press('prompt.submit');
    expect(t.frame()).toContain('fix the filter first');
    await t.keys('backspace');
    await t.type('1');
    await t.press('prompt.submit');
    const frame = await t.waitFor((f) => f.includes('9 tickets'), 'the filtered queue');
    expect(rowIds(frame)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45]);
    expect(frame).toContain('filter: priority<=P1');
    await t.press('queue.filter');
    await t.press('prompt.cancel');
    expect(t.frame()).toContain('9 tickets');
  });

  it('s cycles the sorts and keeps the cursor on the same ticket', async () => {
    const t = await openUnassigned();
    await t.keys(...Array<string>(10).fill('j')); // #2, a P3 (the 11th soonest due)
    expect(cursorId(t.frame())).toBe(2);
    await t.press('queue.sort');
    let frame = await t.waitFor((f) => f.includes('sort: priority ↑'));
    expect(cursorId(frame)).toBe(2);
    expect(rowIds(frame).slice(0, 9)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45]);
    await t.press('queue.sort');
    frame = await t.waitFor((f) => f.includes('sort: updated ↓'));
    expect(cursorId(frame)).toBe(2);
    await t.press('queue.sort');
    frame = await t.waitFor((f) => f.includes('sort: created ↓'));
    expect(cursorId(frame)).toBe(2);
    expect(rowIds(frame)).toEqual(Array.from({ length: PAGE }, (_, i) => PAGE - i)); // 19 … 1: the last page
    await t.press('queue.sort');
    frame = await t.waitFor((f) => f.includes('sort: SLA left ↑'));
    expect(cursorId(frame)).toBe(2);
  });

  it('Tab and Shift-Tab switch tabs; saved views from the config are extra tabs', async () => {
    const t = await openUnassigned({ views: [{ name: 'Printers P1', filter: 'priority=P1 and text~printer' }] });
    expect(t.frame()).toContain(' Printers P1');
    await t.press('queue.prevTab');
    await t.waitFor((f) => f.includes('0 tickets'), 'Mine');
    await t.keys('shift+tab');
    const view = await t.waitFor((f) => f.includes('9 tickets'), 'the saved view');
    expect(rowIds(view)[0]).toBe(5);
    await t.keys('tab');
    await t.waitFor((f) => f.includes('0 tickets'), 'back to Mine');
    await t.keys('tab', 'tab');
    await t.waitFor((f) => f.includes('45 tickets'), 'All open');
  });

  it('space selects and moves down, and unselects; Esc clears the selection', async () => {
    const t = await openUnassigned();
    await t.press('queue.select');
    await t.keys('space');
    let frame = t.frame();
    expect(frame).toContain('2 selected');
    expect(isSelected(frame, SLA_ORDER[0]!) && isSelected(frame, SLA_ORDER[1]!)).toBe(true);
    expect(cursorId(frame)).toBe(SLA_ORDER[2]);
    await t.keys('k', 'space');
    frame = t.frame();
    expect(frame).toContain('1 selected');
    expect(isSelected(frame, SLA_ORDER[0]!)).toBe(true);
    expect(isSelected(frame, SLA_ORDER[1]!)).toBe(false);
    await t.press('queue.clear');
    expect(t.frame()).not.toContain('selected');
  });

  it('? shows the keys in force from the key map; only one overlay is open at a time', async () => {
    const t = await openUnassigned({ keys: { 'queue.down': ['n', 'down'] } });
    await t.press('app.help');
    const help = await t.waitFor((f) => f.includes('Keys in force'));
    expect(help).toMatch(/n ↓\s+next ticket/);
    expect(help).toMatch(/\/\s+search the text/);
    expect(help).not.toContain('SUBJECT');
    await t.press('queue.search'); // taken by the help overlay (its filter), not the queue
    expect(t.frame()).toContain('Keys in force');
    await t.press('prompt.cancel'); // the help filter
    expect(t.frame()).toContain('Keys in force');
    await t.press('overlay.close');
    await t.waitFor((f) => f.includes('SUBJECT'));
    expect(t.frame()).not.toContain('/ ');
    await t.keys('n');
    expect(cursorId(t.frame())).toBe(SLA_ORDER[1]);
    await t.keys('j'); // no longer bound
    expect(cursorId(t.frame())).toBe(SLA_ORDER[1]);
  });

  it('q quits', async () => {
    const t = await openUnassigned();
    await t.press('app.quit');
    expect(t.exited()).toBe(true);
  });

  it('Ctrl-C quits from anywhere, even a prompt; q in a prompt is just a letter', async () => {
    const t = await openUnassigned();
    await t.press('queue.search');
    await t.waitFor((f) => f.includes('search subjects and texts'), 'the prompt');
    await t.type('q');
    expect(t.exited()).toBe(false);
    expect(t.frame()).toContain('/ q');
    await t.keys('ctrl+c');
    expect(t.exited()).toBe(true);
  });
});
