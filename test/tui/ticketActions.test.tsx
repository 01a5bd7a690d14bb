// Every ticket action of SPEC 2.1 on its key in the ticket view, and its refusals: what the person
// sees (frame, status line) and what the database holds afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { acceptTicket, requestInfo, tagTicket } from '../../src/app/tickets/ticketActions.js';
import { addMacro } from '../../src/app/tickets/macros.js';
import type { RenderedTui } from './helpers.js';
import { statusText } from './helpers.js';
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

/** A new level-2 ticket from ann (ACME). */
function newTicket(level: 1 | 2 | 3 = 2, subject = 'VPN drops'): number {
  return createTicket(world.app, world.actor('admin'), { subject, description: 'It drops every hour.', requester: 'ann', level }).id;
}
const db = (id: number) => showTicket(world.app, world.actor('admin'), id);
const statusLine = (t: RenderedTui) => statusText(t.frame());

/** Writes in the composer and sends with Ctrl-S; waits until the composer has closed. */
async function compose(t: RenderedTui, text: string) {
  await t.waitFor((x) => x.includes('ctrl+s send'), 'the composer');
  await t.type(text);
  await t.press('composer.send');
  await t.waitFor((x) => !x.includes('ctrl+s send') && !x.includes('sending…'), 'the composer to close');
}

async function submit(t: RenderedTui, text: string) {
  await t.press('prompt.clear');
  await t.type(text);
  await t.press('prompt.submit');
}

describe('actions without text', () => {
  it('a accepts: the header, the status line and the database change', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.accept');
    const f = await tui.waitFor((x) => x.includes('OPEN L2'), 'the accepted ticket');
    expect(f).toMatch(/assignee bob/);
    expect(statusLine(tui)).toContain(`$ ticketty ticket accept ${id}`);
    expect(db(id)).toMatchObject({ status: 'open', assignee: 'bob' });
    expect(db(id).events.at(-1)).toMatchObject({ action: 'accept', actor: 'bob' });
  });

  it('refuses with the reason and writes nothing: wrong status, wrong level, wrong role', async () => {
    const id = newTicket();
    const l1 = newTicket(1, 'Level one question');
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.resume');
    expect(statusLine(tui)).toContain(`✗ cannot resume #${id}: it is NEW L2; possible: accept`);
    await tui.press('action.reopen');
    expect(statusLine(tui)).toContain(`✗ cannot reopen #${id}: it is NEW L2`);
    tui.unmount();
    tui = await openTicket(world, 'bob', l1);
    await tui.press('action.accept');
    expect(statusLine(tui)).toContain(`✗ only staff handling level 1 may accept #${l1}`);
    tui.unmount();
    tui = await openTicket(world, 'ann', id);
    await tui.press('action.note');
    expect(statusLine(tui)).toContain(`✗ only staff may add an internal note to #${id}`);
    await tui.press('action.priority');
    expect(statusLine(tui)).toContain('✗ only staff may change the priority');
    expect(db(id).version).toBe(1);
    expect(db(l1).version).toBe(1);
  });
});

describe('actions with a line of text', () => {
  it('r replies, n notes, i requests info, o holds, O resumes, S solves, u reopens, c closes', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.reply');
    const composer = await tui.waitFor((x) => x.includes(`#${id} PUBLIC REPLY`), 'the reply composer');
    expect(composer).toContain('sent to ann');
    await compose(tui, 'Which client version?');
    await tui.waitFor((x) => x.includes('│ Which client version?'), 'the reply in the conversation');
    expect(statusLine(tui)).toContain(`$ ticketty ticket reply ${id} --text 'Which client version?'`);
    expect(db(id).status).toBe('open');

    await tui.press('action.note');
    expect(await tui.waitFor((x) => x.includes('INTERNAL NOTE · staff only'), 'the note composer')).not.toMatch(/notifies.*\bann\b/);
    await compose(tui, 'MTU again?');
    await tui.waitFor((x) => x.includes('┃ MTU again?'), 'the internal note');
    expect(db(id).comments.at(-1)).toMatchObject({ internal: true, body: 'MTU again?' });

    await tui.press('action.requestInfo');
    await compose(tui, 'Please send the logs');
    await tui.waitFor((x) => x.includes('PENDING L2'), 'pending');
    expect(db(id)).toMatchObject({ status: 'pending', waitingOn: 'superusers' });

    await tui.press('action.hold');
    await submit(tui, 'waiting on the ISP');
    await tui.waitFor((x) => x.includes('ON HOLD L2') || /ON.HOLD/.test(x), 'on hold');
    expect(db(id).status).toBe('on_hold');

    await tui.press('action.resume');
    await tui.waitFor((x) => x.includes('OPEN L2'), 'resumed');

    await tui.press('action.solve');
    await tui.waitFor((x) => x.includes('ctrl+s send'), 'the composer');
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('not sent: nothing to send yet'), 'the refusal of an empty resolution');
    expect(db(id).status).toBe('open');
    await compose(tui, 'MTU set to 1400');
    await tui.waitFor((x) => /SOLVED L2/.test(x), 'solved');
    expect(db(id)).toMatchObject({ status: 'solved', resolution: 'MTU set to 1400' });

    await tui.press('action.reopen');
    await submit(tui, '');
    await tui.waitFor((x) => x.includes('OPEN L2'), 'reopened');

    await tui.press('action.close');
    const prompt = await tui.waitFor((x) => x.includes('close, reason: resolved'), 'the close prompt with its default');
    expect(prompt).toContain('closes for good');
    await submit(tui, 'duplicate');
    await tui.waitFor((x) => /CLOSED L2/.test(x), 'closed');
    expect(db(id)).toMatchObject({ status: 'closed', closingReason: 'duplicate' });
    await tui.press('action.hold');
    expect(statusLine(tui)).toContain(`✗ cannot hold #${id}: it is CLOSED L2`);
  });

  it('a reply on a closed ticket opens a follow-up and says so', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.close');
    await submit(tui, 'resolved');
    await tui.waitFor((x) => /CLOSED L2/.test(x), 'closed');
    await tui.press('action.reply');
    await compose(tui, 'One more thing');
    await tui.waitFor((x) => x.includes('opened follow-up #'), 'the follow-up note');
    expect(db(id + 1)).toMatchObject({ followUpOf: id, subject: 'Re: VPN drops' });
  });

  it('provide-info by the party waited on (the requester, at level 1)', async () => {
    const id = newTicket(1);
    requestInfo(world.app, world.actor('sam'), id, 'Which office?');
    tui = await openTicket(world, 'ann', id);
    await tui.press('action.provideInfo');
    await submit(tui, 'Lyon');
    await tui.waitFor((x) => x.includes('OPEN L1'), 'open again');
    expect(db(id).comments.at(-1)).toMatchObject({ author: 'ann', body: 'Lyon', internal: false });
  });

  it('+ tags, - untags, W adds watchers, w toggles watching yourself', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.tag');
    await submit(tui, 'vpn, urgent');
    await tui.waitFor((x) => x.includes('tags urgent vpn'), 'the tags');
    await tui.press('action.untag');
    await submit(tui, 'urgent');
    await tui.waitFor((x) => x.includes('tags vpn ·'), 'one tag left');
    await tui.press('action.watchers');
    await submit(tui, 'bea');
    await tui.waitFor((x) => x.includes('watchers bea'), 'bea watching');
    await tui.press('action.watch');
    await tui.waitFor((x) => x.includes('watchers bea bob'), 'bob watching');
    expect(statusLine(tui)).toContain(`$ ticketty ticket watch ${id}`);
    await tui.press('action.watch');
    await tui.waitFor((x) => /watchers bea\s*$/m.test(x), 'bob not watching');
    expect(statusLine(tui)).toContain(`$ ticketty ticket watch ${id} --remove`);
    expect(db(id)).toMatchObject({ tags: ['vpn'], watchers: ['bea'] });
  });
});

describe('actions with a pick', () => {
  it('p picks the priority, t the type, A the assignee (with their load), m a macro', async () => {
    const id = newTicket();
    const other = newTicket(2, 'Other');
    acceptTicket(world.app, world.actor('bob'), other);
    addMacro(world.app, world.actor('admin'), 'need-logs', {
      reply: 'Hello {{requester.handle}}, please send logs for {{ticket.id}}.',
      action: 'request-info',
      tags: ['logs'],
    });
    tui = await openTicket(world, 'bob', id);

    await tui.press('action.priority');
    await tui.waitFor((x) => x.includes('› P3'), 'the priority list on the current one');
    await tui.keys('k', 'k');
    await tui.press('choice.pick');
    await tui.waitFor((x) => x.includes('P1 Blocker'), 'P1');
    expect(db(id).priority).toBe('P1');
    expect(statusLine(tui)).toContain(`$ ticketty ticket priority ${id} P1`);

    await tui.press('action.type');
    await tui.waitFor((x) => x.includes('› question'), 'the type list');
    await tui.press('choice.down');
    await tui.press('choice.pick');
    await tui.waitFor((x) => x.includes('· fault ·'), 'the type');
    expect(db(id).type).toBe('fault');

    await tui.press('action.assign');
    const list = await tui.waitFor((x) => x.includes('assign (staff handling level 2'), 'the assignee list');
    expect(list).toMatch(/› bea .*0 open/);
    expect(list).toMatch(/bob .*1 open/);
    expect(list).not.toMatch(/\beve\b/);
    await tui.press('choice.pick');
    await tui.waitFor((x) => x.includes('assignee bea'), 'assigned to bea');
    expect(db(id)).toMatchObject({ assignee: 'bea', status: 'open' });

    await tui.press('action.macro');
    await tui.waitFor((x) => x.includes('need-logs'), 'the macro list');
    await tui.press('choice.pick');
    // Its reply opens in the composer first (test/tui/macroComposer.test.tsx edits it).
    await tui.waitFor((x) => x.includes('macro need-logs') && x.includes('Hello ann'), 'the macro text in the composer');
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('PENDING L2'), 'the macro applied');
    expect(db(id).comments.at(-1)?.body).toBe(`Hello ann, please send logs for #${id}.`);
    expect(db(id).tags).toEqual(['logs']);
    expect(statusLine(tui)).toContain(`$ ticketty ticket macro ${id} need-logs`);
  });

  it('esc cancels a pick and writes nothing', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.priority');
    await tui.keys('k');
    await tui.press('choice.cancel');
    await tui.press('action.reply');
    await tui.waitFor((x) => x.includes('ctrl+s send'), 'the composer');
    await tui.press('composer.close');
    expect(db(id).version).toBe(1);
  });
});

describe('conflicts', () => {
  it('refuses to apply over another agent’s change, shows what changed and reloads', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    // bea changes the ticket meanwhile (same connection: the screen is not told).
    tagTicket(world.app, world.actor('bea'), id, ['hot']);
    acceptTicket(world.app, world.actor('bea'), id);
    await tui.press('action.tag');
    await submit(tui, 'vpn');
    const f = await tui.waitFor((x) => x.includes('was changed by someone else since version 1'), 'the conflict report');
    expect(f).toContain('NOT applied');
    expect(f).toMatch(/bea tag tags —→hot/);
    expect(f).toMatch(/bea accept status new→open, assignee —→bea/);
    expect(db(id).tags).toEqual(['hot']);
    await tui.press('confirm.no');
    await tui.waitFor((x) => x.includes('assignee bea') && x.includes('v3'), 'the reloaded ticket');
    expect(statusLine(tui)).toContain(`conflict: #${id} changed since you looked`);
  });

  it('keeps a note over a change by someone else, shows it above the text, and sends it on the next ctrl+s', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    tagTicket(world.app, world.actor('bea'), id, ['hot']);
    await tui.press('action.note');
    await tui.waitFor((x) => x.includes('ctrl+s send'), 'the composer');
    await tui.type('my note');
    await tui.press('composer.send');
    const f = await tui.waitFor((x) => x.includes('changed by someone else since version 1'), 'the conflict above the text');
    expect(f).toMatch(/bea tag tags —→hot/);
    expect(f).toContain('my note');
    expect(db(id).comments.some((c) => c.body === 'my note')).toBe(false);
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('┃ my note'), 'the note sent on the new version');
    expect(db(id).comments.at(-1)).toMatchObject({ internal: true, body: 'my note' });
  });

  it("one's own earlier action is no conflict", async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.note');
    await tui.waitFor((x) => x.includes('ctrl+s send'), 'the composer');
    await tui.type('first');
    // bob's own change from elsewhere (the CLI, another window) after the composer opened.
    tagTicket(world.app, world.actor('bob'), id, ['mine']);
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('┃ first'), 'the note sent without a conflict');
  });
});
