// A macro with a text opens the composer with it (placeholders filled) to edit before it is sent;
// Ctrl-S applies the whole macro with the edited text. Without a text it applies at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { addMacro } from '../../src/app/tickets/macros.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { saveDraft } from '../../src/app/tickets/drafts.js';
import { statusText, type RenderedTui } from './helpers.js';
import { openTicket } from './ticketHelpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  addMacro(world.app, world.actor('admin'), 'ask-logs', {
    reply: 'Hello {{requester.name}},\nplease send the logs for {{ticket.id}}.',
    note: 'asked for logs',
    action: 'request-info',
    tags: ['logs'],
  });
  addMacro(world.app, world.actor('admin'), 'urgent', { priority: 'P1', tags: ['hot'] });
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
});

const db = (id: number) => showTicket(world.app, world.actor('admin'), id);
function newTicket(): number {
  const id = createTicket(world.app, world.actor('admin'), {
    subject: 'VPN drops',
    description: 'It drops.',
    requester: 'ann',
    level: 2,
  }).id;
  acceptTicket(world.app, world.actor('bob'), id);
  return id;
}
async function pickMacro(t: RenderedTui, name: string): Promise<void> {
  await t.press('action.macro');
  await t.waitFor((x) => x.includes(name), 'the macro list');
  while (!new RegExp(`› ${name}`).test(t.frame())) await t.press('choice.down');
  await t.press('choice.pick');
}

describe('a macro with a text', () => {
  it('opens its reply in the composer, filled in, and sends the edited text with the rest of the macro', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await pickMacro(tui, 'ask-logs');
    const f = await tui.waitFor((x) => x.includes(`#${id} PUBLIC REPLY · macro ask-logs`), 'the composer');
    expect(f).toContain('Hello Ann Archer,');
    expect(f).toContain(`please send the logs for #${id}.`);
    expect(db(id)).toMatchObject({ status: 'open', tags: [] }); // nothing sent yet
    await tui.keys('backspace'); // the final "." …
    await tui.type(' (the VPN client log, please)');
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('PENDING L2'), 'the macro applied');
    const t = db(id);
    expect(t.comments.at(-1)).toMatchObject({
      internal: false,
      body: `Hello Ann Archer,\nplease send the logs for #${id} (the VPN client log, please)`,
    });
    expect(t.comments.at(-2)).toMatchObject({ internal: true, body: 'asked for logs' });
    expect(t.tags).toEqual(['logs']);
    expect(statusText(tui.frame())).toContain(`ticketty ticket macro ${id} ask-logs`);
  });

  it('sends nothing when the composer is closed, and keeps a draft of one’s own from being overwritten', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await pickMacro(tui, 'ask-logs');
    await tui.waitFor((x) => x.includes('macro ask-logs'), 'the composer');
    await tui.press('composer.close');
    await tui.waitFor((x) => x.includes('y keep the draft'), 'the question');
    await tui.keys('d');
    await tui.waitFor((x) => !x.includes('macro ask-logs'), 'closed');
    expect(db(id)).toMatchObject({ status: 'open', tags: [], version: 2 });

    saveDraft(world.app, world.actor('bob'), id, { kind: 'reply', text: 'my own words', baseVersion: 2 });
    await pickMacro(tui, 'ask-logs');
    await tui.waitFor((x) => statusText(x).includes(`you have a draft on #${id}`), 'the refusal');
    expect(tui.frame()).not.toContain('macro ask-logs ·');
    expect(db(id).status).toBe('open');
  });

  it('applies a macro without a text at once', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await pickMacro(tui, 'urgent');
    await tui.waitFor((x) => x.includes('P1 Blocker'), 'applied');
    expect(db(id)).toMatchObject({ priority: 'P1', tags: ['hot'] });
  });
});
