// The preview pane beside the queue (140 columns and wider): the ticket under the cursor, its SLA
// clocks and newest messages (sanitized), following the cursor; absent on narrower terminals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket, addNote, replyToTicket } from '../../src/app/tickets/ticketActions.js';
import { cursorId, renderTui, type RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  const bob = world.actor('bob');
  for (const subject of ['Printer jammed', 'VPN drops every hour']) {
    createTicket(world.app, bob, { subject, description: `${subject}: since Monday.`, requester: 'ann', level: 2 });
    world.advance(1);
  }
  acceptTicket(world.app, bob, 1);
  replyToTicket(world.app, bob, 1, 'Please try the \x1b[31mred\x1b[0m tray first.');
  addNote(world.app, bob, 1, 'Tray 2 is known to jam.');
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

/** The pane's text: the part of each row right of its border. */
function pane(frame: string): string {
  return frame
    .split('\n')
    .map((line) => line.split('│').slice(1).join('│'))
    .join('\n');
}

/** Tab to All open (both tickets). */
async function allOpen(t: RenderedTui): Promise<void> {
  await t.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
  for (let i = 0; i < 8 && !t.frame().includes('2 tickets'); i++) await t.press('queue.nextTab');
  await t.waitFor((f) => f.includes('2 tickets'), 'All open');
}

describe('the preview pane', () => {
  it('at 200 columns shows the ticket under the cursor: its SLA and newest messages, sanitized', async () => {
    tui = await renderTui(world.app, world.actor('bob'), { size: { columns: 200, rows: 60 } });
    await allOpen(tui);
    await tui.press('queue.first');
    const id = cursorId(tui.frame())!;
    const frame = await tui.waitFor((f) => pane(f).includes(`#${id} `), 'the pane');
    const text = pane(frame);
    expect(text).toMatch(/pickup L\d/);
    expect(text).toMatch(/resolution/);
    // On #1 (its reply and note) whichever ticket the sort put first.
    if (id !== 1) await tui.press('queue.down');
    const one = pane(await tui.waitFor((f) => pane(f).includes('#1 Printer jammed') && pane(f).includes('tray'), 'the pane on #1'));
    expect(one).toContain('Please try the red tray first.');
    expect(one).toContain('[INTERNAL NOTE] bob');
    expect(one).toContain('Tray 2 is known to jam.');
    expect(tui.frame()).not.toContain('[31m');
    // Every line fits the terminal.
    expect(frame.split('\n').every((l) => [...l].length <= 200)).toBe(true);
  });

  it('follows the cursor', async () => {
    tui = await renderTui(world.app, world.actor('bob'), { size: { columns: 200, rows: 60 } });
    await allOpen(tui);
    const first = cursorId(tui.frame())!;
    await tui.waitFor((f) => pane(f).includes(`#${first} `), 'the pane on the first ticket');
    await tui.press('queue.down');
    const second = cursorId(tui.frame())!;
    expect(second).not.toBe(first);
    // The pane reads the ticket once the cursor rests: its messages follow the new number.
    const frame = await tui.waitFor(
      (f) => pane(f).includes(`#${second} `) && pane(f).includes('since Monday.'),
      'the next ticket in the pane',
    );
    expect(pane(frame)).not.toContain(`#${first} `);
  });

  it('is absent below 140 columns', async () => {
    tui = await renderTui(world.app, world.actor('bob'), { size: { columns: 139, rows: 40 } });
    const frame = await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(tui.frame()).not.toContain('newest message');
    expect(frame).not.toMatch(/pickup L\d/);
  });
});
