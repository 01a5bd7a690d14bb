// The keys of the approval step (E estimate, Y approve, X decline), F channel, T edit subject,
// H hold on the customer and M mute: each runs its verb, shows the CLI equivalent with its flags,
// and the database holds the change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { acceptTicket, estimateTicket, isMuted } from '../../src/app/tickets/ticketActions.js';
import { statusText, type RenderedTui } from './helpers.js';
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

function openL2(): number {
  const id = createTicket(world.app, world.actor('admin'), {
    subject: 'CSV export',
    description: 'monthly',
    requester: 'ann',
    level: 2,
  }).id;
  acceptTicket(world.app, world.actor('bob'), id);
  return id;
}
const db = (id: number) => showTicket(world.app, world.actor('admin'), id);
const statusLine = (t: RenderedTui) => statusText(t.frame());
async function submit(t: RenderedTui, text: string) {
  await t.press('prompt.clear');
  await t.type(text);
  await t.press('prompt.submit');
}

describe('approval keys', () => {
  it('E records an estimate; the requester approves with Y', async () => {
    const id = openL2();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.estimate');
    await submit(tui, 'three days');
    await tui.waitFor((x) => x.includes('PENDING L2'), 'pending on approval');
    expect(statusLine(tui)).toContain(`$ ticketty ticket estimate ${id} --text 'three days'`);
    await tui.press('action.approve');
    expect(statusLine(tui)).toContain('✗ only the requester');
    tui.unmount();
    tui = await openTicket(world, 'ann', id);
    await tui.press('action.approve');
    await submit(tui, 'go');
    await tui.waitFor((x) => x.includes('OPEN L2'), 'approved');
    expect(
      db(id)
        .events.map((e) => e.action)
        .slice(-2),
    ).toEqual(['estimate', 'approve']);
  });

  it('X declines: solved with the reason', async () => {
    const id = openL2();
    estimateTicket(world.app, world.actor('bob'), id, 'two weeks', '80');
    tui = await openTicket(world, 'ann', id);
    await tui.press('action.decline');
    await submit(tui, 'too costly');
    await tui.waitFor((x) => x.includes('SOLVED L2'), 'declined');
    expect(db(id)).toMatchObject({ status: 'solved', resolution: 'estimate declined: too costly' });
  });
});

describe('channel, edit, hold on the customer, mute', () => {
  it('F picks a channel; T edits the subject, the old one in the history', async () => {
    const id = openL2();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.channel');
    await tui.waitFor((x) => x.includes('#' + id + ' channel'), 'the channel list');
    await tui.keys('j', 'j');
    await tui.press('choice.pick');
    await tui.waitFor(() => statusLine(tui!).includes(`$ ticketty ticket channel ${id}`), 'the channel change');
    expect(db(id).channel).toBe('email');
    await tui.press('action.edit');
    await submit(tui, 'CSV export of invoices');
    await tui.waitFor((x) => x.includes(`#${id} CSV export of invoices`), 'the new subject');
    expect(statusLine(tui)).toContain(`$ ticketty ticket edit ${id} --subject 'CSV export of invoices'`);
    expect(db(id).events.at(-1)).toMatchObject({
      action: 'edit',
      before: { subject: 'CSV export' },
      after: { subject: 'CSV export of invoices' },
    });
  });

  it('H holds on the customer; M mutes and unmutes', async () => {
    const id = openL2();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.holdOnRequester');
    await submit(tui, 'gathering logs');
    await tui.waitFor((x) => x.includes('ON HOLD L2'), 'on hold');
    expect(statusLine(tui)).toContain(`$ ticketty ticket hold ${id} --on requester --text 'gathering logs'`);
    expect(db(id)).toMatchObject({ status: 'on_hold', waitingOn: 'requester' });
    await tui.press('action.watchMute');
    await tui.waitFor(() => statusLine(tui!).includes(`ticket watch ${id} --mute`), 'muted');
    expect(isMuted(world.app, world.actor('bob'), id)).toBe(true);
    await tui.press('action.watchMute');
    await tui.waitFor(() => statusLine(tui!).includes(`ticket watch ${id} --unmute`), 'unmuted');
    expect(isMuted(world.app, world.actor('bob'), id)).toBe(false);
  });
});
