// The multi-line composer, drafts and type-ahead in rendered frames (ink-testing-library).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket, replyToTicket } from '../../src/app/tickets/ticketActions.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { loadDraft } from '../../src/app/tickets/drafts.js';
import { OutcomeUnknown } from '../../src/domain/errors.js';
import { OUTCOME_UNKNOWN_MESSAGE } from '../../src/store/postgres/transactions.js';
import { renderTui, statusText, type RenderedTui } from './helpers.js';
import { openTicket, queueAt } from './ticketHelpers.js';

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

const newTicket = (subject = 'VPN drops') =>
  createTicket(world.app, world.actor('admin'), { subject, description: 'It drops every hour.', requester: 'ann', level: 2 }).id;
const paste = (text: string) => `\x1b[200~${text}\x1b[201~`;
const opened = (t: RenderedTui) => t.waitFor((x) => x.includes('ctrl+s send'), 'the composer');

describe('the composer', () => {
  it('takes a multi-line paste as text, never keys, and sends it whole', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.reply');
    await opened(tui);
    await tui.raw(paste('Hello Ann,\rq\rplease restart.\x1b[A'));
    const f = await tui.waitFor((x) => x.includes('please restart.'), 'the pasted text');
    expect(f).toMatch(/^Hello Ann,\s*$/m);
    expect(f).toMatch(/^q\s*$/m);
    expect(tui.exited()).toBe(false);
    await tui.press('composer.send');
    await tui.waitFor((x) => x.includes('│ please restart.'), 'the reply in the conversation');
    expect(showTicket(world.app, world.actor('admin'), id).comments.at(-1)?.body).toBe('Hello Ann,\nq\nplease restart.[A');
  });

  it('edits by words (ctrl+w, alt+b) and quotes the last customer message on demand', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    replyToTicket(world.app, world.actor('ann'), id, 'It dropped again at 9:00.');
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.reply');
    await opened(tui);
    await tui.type('please restart the VPN');
    await tui.keys('ctrl+w');
    await tui.waitFor((x) => /please restart the\s*$/m.test(x), 'the last word deleted');
    await tui.raw('\x1bb');
    await tui.type('X');
    await tui.waitFor((x) => x.includes('please restart Xthe'), 'alt+b moved a word left');
    await tui.press('composer.quote');
    const f = await tui.waitFor((x) => x.includes('ann wrote:'), 'the quote');
    expect(f).toContain('> It dropped again at 9:00.');
  });

  it('saves the draft as it is typed, esc asks and keeps it, and the ticket restores it', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.note');
    await opened(tui);
    await tui.type('half a thought');
    // Debounced: the draft is in the database shortly after typing pauses (a crash keeps it).
    for (let i = 0; i < 50 && !loadDraft(world.app, world.actor('bob'), id); i++) await new Promise((r) => setTimeout(r, 20));
    expect(loadDraft(world.app, world.actor('bob'), id)).toMatchObject({ kind: 'note', text: 'half a thought' });
    await tui.press('composer.close');
    await tui.waitFor((x) => x.includes('y keep the draft'), 'the question');
    await tui.keys('y');
    const view = await tui.waitFor((x) => x.includes('✎ your draft note'), 'the draft banner in the ticket view');
    expect(view).not.toContain('ctrl+s send');
    // r continues the draft in its own kind (a note stays internal).
    await tui.press('action.reply');
    const f = await opened(tui);
    expect(f).toContain('INTERNAL NOTE');
    expect(f).toContain('half a thought');
    await tui.press('composer.close');
    await tui.keys('d');
    await tui.waitFor((x) => !x.includes('✎ your draft'), 'the draft discarded');
    expect(loadDraft(world.app, world.actor('bob'), id)).toBeNull();
  });

  it('never resends a reply whose commit went unanswered: says it may be sent, keeps the text, shows the conversation', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.reply');
    await opened(tui);
    await tui.type('Please restart the client.');
    // The next write commits and then reports its answer lost, as a PostgreSQL commit whose
    // connection dropped does (src/store/postgres/transactions.ts).
    const store = world.app.store;
    const write = store.write.bind(store);
    let lose = true;
    store.write = <T,>(fn: () => T): T => {
      const value = write(fn);
      if (lose && showTicket(world.app, world.actor('bob'), id).comments.length) {
        lose = false;
        throw new OutcomeUnknown(OUTCOME_UNKNOWN_MESSAGE);
      }
      return value;
    };
    await tui.press('composer.send');
    const f = await tui.waitFor((x) => x.includes('maybe sent:'), 'the outcome unknown');
    expect(f).toContain('Please restart the client.');
    expect(f).not.toContain('not sent');
    // Not retried behind the person's back (a Busy would be): one reply, the text kept as a draft.
    await new Promise((r) => setTimeout(r, 1500));
    expect(showTicket(world.app, world.actor('bob'), id).comments.filter((c) => c.body === 'Please restart the client.')).toHaveLength(1);
    expect(loadDraft(world.app, world.actor('bob'), id)).toMatchObject({ kind: 'reply', text: 'Please restart the client.' });
    await tui.press('composer.close');
    await tui.keys('y');
    await tui.waitFor((x) => x.includes('│ Please restart the client.'), 'the reply in the conversation, once');
  });
});

describe('pastes and type-ahead outside a text field', () => {
  it('a paste in the queue runs nothing and says so', async () => {
    const id = newTicket();
    tui = await queueAt(world, 'bob', id);
    await tui.raw(paste('qa\r'));
    await tui.waitFor((x) => x.includes('a paste is only taken by a text field'), 'the notice');
    expect(tui.exited()).toBe(false);
    expect(showTicket(world.app, world.actor('admin'), id).version).toBe(1);
  });

  it('a burst `f priority=P2 Enter` types into the filter prompt it opened', async () => {
    newTicket('first');
    const id = newTicket('second');
    tui = await queueAt(world, 'bob', id);
    await tui.raw('fpriority=P2\r');
    const f = await tui.waitFor((x) => /no tickets match|0 tickets/.test(x), 'the filter applied: no P2 tickets');
    expect(f).toContain('priority=P2');
    expect(f).not.toContain('requester ann');
  });

  it('a burst `Enter h` opens the ticket and then switches it to its history', async () => {
    const id = newTicket();
    tui = await queueAt(world, 'bob', id);
    await tui.raw('\rh');
    await tui.waitFor((x) => x.includes('history (h: conversation)'), 'the history of the opened ticket');
  });
});

describe('the first screen', () => {
  it('starts on a tab with tickets: admins on All open, others past an empty Mine', async () => {
    const id = newTicket();
    tui = await renderTui(world.app, world.actor('admin'), { startOn: 'auto' });
    await tui.waitFor((x) => new RegExp(`#${id} `).test(x) && x.includes('1 ticket'), 'the admin on All open');
    tui.unmount();
    tui = await renderTui(world.app, world.actor('bob'), { startOn: 'auto' });
    await tui.waitFor((x) => new RegExp(`#${id} `).test(x), 'bob past his empty Mine tab');
    acceptTicket(world.app, world.actor('bob'), id);
    const other = newTicket('other');
    tui.unmount();
    tui = await renderTui(world.app, world.actor('bob'), { startOn: 'auto' });
    // Mine has a ticket now: it is the first screen (the unassigned one is not on it).
    const f = await tui.waitFor((x) => new RegExp(`#${id} `).test(x), 'bob on Mine');
    expect(f).not.toMatch(new RegExp(`#${other} `));
  });
});

describe('tabs that fit the role', () => {
  it('gives requesters their own open and closed tickets, and staff a Solved tab', async () => {
    newTicket();
    tui = await renderTui(world.app, world.actor('ann'));
    const f = await tui.waitFor((x) => /\d+ tickets?/.test(x), 'the requester queue');
    expect(f).toContain(' My open ');
    expect(f).toMatch(/ Solved & closed\s*$/m);
    expect(f).not.toContain('Unassigned');
    expect(f).not.toContain('Breaching');
    tui.unmount();
    tui = await renderTui(world.app, world.actor('bob'));
    const s = await tui.waitFor((x) => /\d+ tickets?/.test(x), 'the agent queue');
    for (const tab of ['Mine', 'Unassigned L2', 'All open', 'Waiting', 'Breaching', 'Solved', 'Closed'])
      expect(s).toMatch(new RegExp(` ${tab}( |\\s*$)`, 'm'));
  });
});

describe('errors', () => {
  it('wrap onto more rows instead of being cut at the width', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.resume');
    const f = await tui.waitFor((x) => x.includes(`cannot resume #${id}`), 'the refusal');
    const status = statusText(f);
    expect(status).toMatch(/possible: [a-z_, -]+$/);
    expect(status).not.toContain('…');
    expect(f.split('\n').every((l) => l.length <= 100)).toBe(true);
  });
});

describe('the empty macro picker', () => {
  it('shows its title and (none), the one under the other', async () => {
    const id = newTicket();
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.macro');
    const f = await tui.waitFor((x) => x.includes('(none)'), 'the empty picker');
    const lines = f.split('\n');
    const title = lines.findIndex((l) => l.includes(`#${id} macro — j/k move`));
    expect(title).toBeGreaterThanOrEqual(0);
    expect(lines[title + 1]).toContain('(none)');
  });
});
