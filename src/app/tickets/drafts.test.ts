import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../../../test/helpers/app.js';
import { createTicket } from './createTicket.js';
import * as act from './ticketActions.js';
import { changesBySomeoneElse, composerContext, discardDraft, loadDraft, saveDraft } from './drafts.js';
import { NotFound, BadInput } from '../../domain/errors.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld();
  seedPeople(w);
});
afterEach(() => w.close());

const newTicket = () =>
  createTicket(w.app, w.actor('ann'), { subject: 'VPN drops', description: 'Since Monday the VPN drops every hour.' });

describe('drafts', () => {
  it('are kept per ticket and user, replaced as typed, and removed when emptied or discarded', () => {
    const t = newTicket();
    const sam = w.actor('sam');
    expect(loadDraft(w.app, sam, t.id)).toBeNull();
    saveDraft(w.app, sam, t.id, { kind: 'reply', text: 'Hello Ann,\nplease', baseVersion: 1 });
    saveDraft(w.app, sam, t.id, { kind: 'reply', text: 'Hello Ann,\nplease restart.', baseVersion: 1 });
    expect(loadDraft(w.app, sam, t.id)).toMatchObject({ kind: 'reply', text: 'Hello Ann,\nplease restart.', baseVersion: 1 });
    expect(loadDraft(w.app, w.actor('una'), t.id)).toBeNull();
    saveDraft(w.app, sam, t.id, { kind: 'reply', text: '  ', baseVersion: 1 });
    expect(loadDraft(w.app, sam, t.id)).toBeNull();
    saveDraft(w.app, sam, t.id, { kind: 'note', text: 'x', baseVersion: 1 });
    discardDraft(w.app, sam, t.id);
    expect(loadDraft(w.app, sam, t.id)).toBeNull();
  });

  it('are refused on a ticket the writer may not see, or of an unknown kind', () => {
    const t = newTicket();
    expect(() => saveDraft(w.app, w.actor('gus'), t.id, { kind: 'reply', text: 'x', baseVersion: 1 })).toThrow(NotFound);
    expect(() => saveDraft(w.app, w.actor('sam'), t.id, { kind: 'shout' as never, text: 'x', baseVersion: 1 })).toThrow(BadInput);
  });
});

describe('the composer around a draft', () => {
  it('names the recipients: the requester for a reply, never for an internal note', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.watchTicket(w.app, w.actor('sam'), t.id, ['bob'], false);
    const reply = composerContext(w.app, w.actor('sam'), t.id, 'reply');
    expect(reply).toMatchObject({ internal: false });
    expect(reply.recipients).toEqual(expect.arrayContaining(['ann', 'bob']));
    expect(reply.recipients).not.toContain('sam');
    const note = composerContext(w.app, w.actor('sam'), t.id, 'note');
    expect(note.internal).toBe(true);
    expect(note.recipients).toContain('bob');
    expect(note.recipients).not.toContain('ann');
  });

  it('quotes the last public message of a customer, not staff or internal notes', () => {
    const t = newTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.replyToTicket(w.app, w.actor('ann'), t.id, 'It dropped again at 9:00.');
    act.replyToTicket(w.app, w.actor('sam'), t.id, 'Looking into it.');
    act.addNote(w.app, w.actor('sam'), t.id, 'internal thought');
    expect(composerContext(w.app, w.actor('sam'), t.id, 'reply').lastCustomerMessage).toMatchObject({
      author: 'ann',
      body: 'It dropped again at 9:00.',
    });
  });

  it("calls only someone else's events a change: one's own actions are not a conflict", () => {
    const t = newTicket();
    const sam = w.actor('sam');
    act.acceptTicket(w.app, sam, t.id);
    act.setPriority(w.app, sam, t.id, 'P2');
    expect(changesBySomeoneElse(w.app, sam, t.id, 1).events).toEqual([]);
    act.addNote(w.app, w.actor('una'), t.id, 'I know this one');
    const changes = changesBySomeoneElse(w.app, sam, t.id, 1);
    expect(changes.events.map((e) => [e.actor, e.action])).toEqual([['una', 'note']]);
    expect(changes.version).toBe(4);
  });
});
