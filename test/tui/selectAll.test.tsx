// Select-all on a view (`*`), its clearing, and q/Esc alike on the queue: back (undo a search,
// filter or selection), then quit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { cursorId, isSelected, renderTui, rowIds, statusText, type RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
const VPN = 25; // more than a page at 80×24
const PRINTERS = 5;

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  const bob = world.actor('bob');
  for (let i = 1; i <= VPN + PRINTERS; i++) {
    const subject = i <= VPN ? `VPN drops ${i}` : `Printer ${i}`;
    createTicket(world.app, bob, { subject, description: 'x', requester: 'ann', level: 2, priority: 'P3' });
  }
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

/** The queue's summary line (total, sort, search, filter, selection). */
const summary = (frame: string) => frame.split('\n')[1] ?? '';
const priorityOf = (id: number) => showTicket(world.app, world.actor('admin'), id).priority;

async function unassigned(): Promise<RenderedTui> {
  const t = await renderTui(world.app, world.actor('bob'), { size: { columns: 100, rows: 24 } });
  await t.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
  for (let i = 0; i < 3 && !t.frame().includes(`${VPN + PRINTERS} tickets`); i++) await t.press('queue.nextTab');
  await t.waitFor((f) => f.includes(`${VPN + PRINTERS} tickets`), 'the Unassigned tab');
  return t;
}

describe('select-all on a view', () => {
  it('* selects the whole view (past the page); a batch changes exactly its tickets', async () => {
    tui = await unassigned();
    await tui.press('queue.search');
    await tui.type('VPN');
    await tui.press('prompt.submit');
    await tui.waitFor((f) => f.includes(`${VPN} tickets`), 'the search');
    await tui.press('queue.selectAll');
    const frame = await tui.waitFor((f) => f.includes(`all ${VPN} selected`), 'all selected');
    const shown = rowIds(frame);
    expect(shown.length).toBeLessThan(VPN);
    expect(shown.every((id) => isSelected(frame, id))).toBe(true);
    await tui.press('queue.batch');
    await tui.waitFor((f) => f.includes(`Batch action on ${VPN} selected tickets`), 'the batch menu');
    await tui.press('choice.pick'); // set the priority
    await tui.waitFor((f) => f.includes(`set the priority on ${VPN} selected`), 'the priority list');
    await tui.press('choice.pick'); // P1
    const preview = await tui.waitFor((f) => f.includes('Batch: set the priority P1'), 'the preview');
    expect(preview).toContain(`${VPN} selected · ${VPN} will change · 0 refused`);
    await tui.press('confirm.yes');
    await tui.waitFor((f) => statusText(f).includes(`${VPN} changed`), 'the result');
    for (let id = 1; id <= VPN; id++) expect(priorityOf(id), `#${id}`).toBe('P1');
    for (let id = VPN + 1; id <= VPN + PRINTERS; id++) expect(priorityOf(id), `#${id}`).toBe('P3');
    expect(tui.frame()).not.toContain('selected');
  });

  it('* again selects none; space then selects one and moves down; a new search drops select-all', async () => {
    tui = await unassigned();
    await tui.press('queue.selectAll');
    await tui.waitFor((f) => f.includes(`all ${VPN + PRINTERS} selected`), 'all selected');
    await tui.press('queue.select');
    expect(statusText(tui.frame())).toContain('the whole view is selected');
    await tui.press('queue.selectAll');
    let frame = await tui.waitFor((f) => !summary(f).includes('selected'), 'none selected');
    const first = cursorId(frame)!;
    await tui.press('queue.select');
    frame = await tui.waitFor((f) => f.includes('1 selected'), 'one selected');
    expect(isSelected(frame, first)).toBe(true);
    expect(cursorId(frame)).not.toBe(first);
    await tui.press('queue.selectAll'); // something is selected: * clears it
    await tui.waitFor((f) => !summary(f).includes('selected'), 'none selected');
    await tui.press('queue.selectAll');
    await tui.waitFor((f) => f.includes('all 30 selected'), 'all selected');
    await tui.press('queue.search');
    await tui.type('Printer');
    await tui.press('prompt.submit');
    frame = await tui.waitFor((f) => f.includes(`${PRINTERS} tickets`), 'the search');
    expect(summary(frame)).not.toContain('selected');
  });
});

describe('q and Esc on the queue', () => {
  it('Esc undoes a filter, then quits (as q does)', async () => {
    tui = await unassigned();
    await tui.press('queue.filter');
    await tui.type('priority=P3');
    await tui.press('prompt.submit');
    await tui.waitFor((f) => f.includes('filter: priority=P3'), 'the filter');
    await tui.keys('escape');
    await tui.waitFor((f) => !f.includes('filter: priority=P3'), 'the filter cleared');
    expect(tui.exited()).toBe(false);
    await tui.keys('escape');
    await tui.waitFor(() => tui!.exited(), 'quit');
  });

  it('q undoes a selection, then quits; in a prompt q is a letter and Esc cancels', async () => {
    tui = await unassigned();
    await tui.press('queue.select');
    await tui.waitFor((f) => f.includes('1 selected'), 'one selected');
    await tui.keys('q');
    await tui.waitFor((f) => !f.includes('selected'), 'the selection cleared');
    expect(tui.exited()).toBe(false);
    await tui.press('queue.search');
    await tui.type('q');
    await tui.waitFor((f) => f.includes('/ q'), 'q typed');
    await tui.keys('escape');
    await tui.waitFor((f) => !f.includes('/ q'), 'the prompt cancelled');
    expect(tui.exited()).toBe(false);
    await tui.keys('q');
    await tui.waitFor(() => tui!.exited(), 'quit');
  });
});
