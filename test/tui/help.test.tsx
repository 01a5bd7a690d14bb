// `?` at 80×24: every key in force is reachable by scrolling, and `/` filters the keys by a word.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { COMMANDS } from '../../src/tui/keymap/commands.js';
import { openTicket } from './ticketHelpers.js';
import type { RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  createTicket(world.app, world.actor('bob'), { subject: 'Printer jammed', description: 'Tray 2.', requester: 'ann', level: 2 });
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

/** The help's key rows on screen (below its two title rows, above the status line). */
const keyRows = (frame: string) =>
  frame
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() && !l.includes(' · test.db · '));

describe('the help overlay', () => {
  it('at 80×24 on the ticket view, scrolling reaches every key in force', async () => {
    tui = await openTicket(world, 'bob', 1, { size: { columns: 80, rows: 24 } });
    await tui.press('app.help');
    let frame = await tui.waitFor((f) => f.includes('Keys in force'), 'help');
    expect(frame).toMatch(/keys 1–\d+ of \d+/);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      for (const row of keyRows(tui.frame())) seen.add(row);
      if (/keys \d+–(\d+) of \1\b/.test(tui.frame())) break;
      await tui.press('help.pageDown');
    }
    frame = tui.frame();
    expect(frame).toMatch(/keys \d+–(\d+) of \1\b/);
    const text = [...seen].join('\n');
    const inForce = COMMANDS.filter((c) => ['ticket', 'action', 'app'].includes(c.scope));
    expect(inForce.length).toBeGreaterThan(30);
    for (const c of inForce) expect(text, c.id).toContain(c.description.slice(0, 25));
    // Back to the top.
    await tui.press('help.top');
    expect(tui.frame()).toMatch(/keys 1–/);
  });

  it('/ filters the keys by a word; enter keeps the filter, esc clears it, esc again closes', async () => {
    tui = await openTicket(world, 'bob', 1);
    await tui.press('app.help');
    await tui.waitFor((f) => f.includes('Keys in force'), 'help');
    await tui.press('help.filter');
    await tui.type('level');
    let frame = await tui.waitFor((f) => f.includes('/ level'), 'the filter typed');
    expect(keyRows(frame).join('\n')).toContain('escalate to the next level');
    expect(frame).not.toContain('scroll down');
    await tui.keys('enter');
    frame = await tui.waitFor((f) => f.includes('filter: level'), 'the filter kept');
    await tui.keys('j'); // scrolls (the filter is kept), no longer typed
    expect(tui.frame()).toContain('filter: level');
    await tui.press('help.filter');
    await tui.type('zzz');
    await tui.waitFor((f) => f.includes('no key matches the filter'), 'no match');
    await tui.keys('escape');
    frame = await tui.waitFor((f) => f.includes('scroll down'), 'the filter cleared');
    expect(frame).toContain('Keys in force');
    await tui.keys('escape');
    await tui.waitFor((f) => /^#1 Printer jammed/m.test(f) && !f.includes('Keys in force'), 'help closed');
  });
});
