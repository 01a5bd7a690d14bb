// The people of a mail conversation: CC'd customers become watchers (the requester side) and answer
// by mail; replies lose the quoted history of their client, the full original kept beside them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, ingestRaw, mailWorld } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { tableRows, type Row, type TableName } from '../helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = mailWorld();
});
afterEach(() => w.close());

const rows = <N extends TableName>(name: N, where: Partial<Row<N>> = {}) => tableRows(w.app.store, name, where);
const detail = (id: number) => showTicket(w.app, w.actor('admin'), id);
const userId = (email: string) => w.app.people.userByEmail(email)!.id;
const watcherEmails = (ticketId: number) =>
  rows('watchers', { ticketId })
    .map((r) => w.app.people.userById(r.userId)!.email)
    .sort();
const mailsTo = (email: string) => rows('outbox', { recipientId: userId(email) });

describe("CC'd customers", () => {
  it('customers in To/Cc become watchers; staff and the support address do not', async () => {
    expect(await ingestRaw(w, fixture('cc-customers.eml'))).toMatchObject({ outcome: 'created', ticketId: 1, requester: 'carol' });
    expect(watcherEmails(1)).toEqual(['dave@initech.test', 'erin@initech.test']);
    expect(w.app.people.userByEmail('dave@initech.test')).toMatchObject({ role: 'requester', name: 'Dave Dunn' });
    expect(w.app.people.userByEmail('erin@initech.test')).toMatchObject({ role: 'requester', name: 'Erin Eck' });
  });

  it("a CC'd customer's mail reply is a comment on the ticket, by [#id] or by In-Reply-To", async () => {
    await ingestRaw(w, fixture('cc-customers.eml'));
    const byTag = await ingestRaw(
      w,
      'From: Dave Dunn <dave@initech.test>\nSubject: Re: [#1] Shared drive is full\nMessage-ID: <cc-2@initech.test>\n\nMe too, since 9:00.\n',
    );
    expect(byTag).toMatchObject({ outcome: 'commented', ticketId: 1, requester: 'dave' });
    const byThread = await ingestRaw(
      w,
      'From: erin@initech.test\nSubject: Re: Shared drive\nMessage-ID: <cc-3@initech.test>\nIn-Reply-To: <cc-1@initech.test>\n\nSame here.\n',
    );
    expect(byThread).toMatchObject({ outcome: 'commented', ticketId: 1, requester: 'erin' });
    expect(detail(1).comments.map((c) => [c.author, c.body, c.internal])).toEqual([
      ['carol', 'The shared drive is full; Dave and Erin are affected too.', false],
      ['dave', 'Me too, since 9:00.', false],
      ['erin', 'Same here.', false],
    ]);
  });

  it('a watcher answering a pending question reopens the ticket, as the requester would', async () => {
    await ingestRaw(w, fixture('cc-customers.eml'));
    act.acceptTicket(w.app, w.actor('una'), 1);
    act.requestInfo(w.app, w.actor('una'), 1, 'Which drive letter?');
    await ingestRaw(w, 'From: dave@initech.test\nSubject: Re: [#1] Shared drive\nMessage-ID: <cc-4@initech.test>\n\nS:\n');
    expect(detail(1).status).toBe('open');
  });

  it('watchers are told what the requester is told: public replies, never internal notes', async () => {
    await ingestRaw(w, fixture('cc-customers.eml'));
    act.acceptTicket(w.app, w.actor('una'), 1);
    const before = mailsTo('dave@initech.test').length;
    act.addNote(w.app, w.actor('una'), 1, 'internal: the quota is set by IT');
    expect(mailsTo('dave@initech.test')).toHaveLength(before);
    act.replyToTicket(w.app, w.actor('una'), 1, 'We raised the quota.');
    expect(mailsTo('dave@initech.test')).toHaveLength(before + 1);
  });

  it('a watcher gains no more than mail: they cannot see the ticket elsewhere, and another ticket stays closed to them', async () => {
    await ingestRaw(w, fixture('cc-customers.eml'));
    expect(() => showTicket(w.app, w.actor('ann'), 1)).toThrow(/not found/);
    const dave = w.app.people.userByEmail('dave@initech.test')!;
    expect(() => showTicket(w.app, { id: dave.id, handle: dave.handle, role: 'requester', tier: null, orgId: dave.orgId }, 1)).toThrow(
      /not found/,
    );
    // Someone who is not a watcher writing to [#1] gets a new ticket of their own.
    const r = await ingestRaw(
      w,
      'From: mallory@initech.test\nSubject: Re: [#1] Shared drive\nMessage-ID: <cc-5@initech.test>\n\nLet me in.\n',
    );
    expect(r).toMatchObject({ outcome: 'created', ticketId: 2 });
  });
});

describe('replies lose the quoted history, the original is kept', () => {
  it('an Outlook reply in German: only the new text; the full mail as original-message.txt', async () => {
    await ingestRaw(w, fixture('plain.eml'));
    const raw =
      'From: carol@initech.test\nSubject: AW: [#1] Printer on floor 3 is offline\nMessage-ID: <de-1@initech.test>\n\n' +
      'Danke, jetzt geht es wieder.\n\nVon: ACME Support <support@help.example.com>\nGesendet: Montag, 2. März 2026 10:00\nAn: Carol Client <carol@initech.test>\nBetreff: [#1] Printer on floor 3 is offline\n\nBitte starten Sie den Drucker neu.\n';
    expect(await ingestRaw(w, raw)).toMatchObject({ outcome: 'commented', ticketId: 1 });
    const last = detail(1).comments.at(-1)!;
    expect(last.body).toBe('Danke, jetzt geht es wieder.');
    expect(last.attachments.map((a) => a.filename)).toEqual(['original-message.txt']);
    const original = rows('attachments', { commentId: last.id, filename: 'original-message.txt' })[0]!;
    expect(original.data.toString('utf8')).toContain('Bitte starten Sie den Drucker neu.');
  });

  it('a reply with nothing to cut has no extra attachment', async () => {
    await ingestRaw(w, fixture('plain.eml'));
    await ingestRaw(w, 'From: carol@initech.test\nSubject: Re: [#1] Printer\nMessage-ID: <plain-9@initech.test>\n\nStill offline.\n');
    expect(detail(1).comments.at(-1)!.attachments).toEqual([]);
  });
});
