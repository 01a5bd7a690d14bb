import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, ingestRaw, mailWorld } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { setSetting } from '../../src/app/settings/settings.js';
import { BadInput } from '../../src/domain/errors.js';
import { tableCount, tableRows, type TableName, type Row } from '../helpers/tableRows.js';

let w: TestWorld;
beforeEach(() => {
  w = mailWorld();
});
afterEach(() => w.close());

const rows = <N extends TableName>(name: N, where: Partial<Row<N>> = {}) => tableRows(w.app.store, name, where);
const ticketCount = () => tableCount(w.app.store, 'tickets');
const vpnTicket = () => createTicket(w.app, w.actor('ann'), { subject: 'VPN drops', description: 'Every hour.' });
const detail = (id: number) => showTicket(w.app, w.actor('admin'), id);

describe('mailgate: new tickets', () => {
  it('a plain-text mail from an unknown sender opens an e-mail ticket; the sender becomes a requester', async () => {
    const r = await ingestRaw(w, fixture('plain.eml'));
    expect(r).toMatchObject({ outcome: 'created', ticketId: 1 });
    const t = detail(1);
    expect(t).toMatchObject({ subject: 'Printer on floor 3 is offline', channel: 'email', status: 'new', level: 1, organization: null });
    expect(t.description).toContain('shows "offline" since this morning');
    const carol = w.app.people.userByEmail('carol@initech.test')!;
    expect(carol).toMatchObject({ role: 'requester', name: 'Carol Client' });
    expect(rows('comments', { ticketId: 1 })[0]?.messageId).toBe('<plain-1@initech.test>');
  });

  it('an unknown sender of a registered domain joins that organization', async () => {
    await ingestRaw(w, fixture('iso-8859-1.eml'));
    const t = detail(1);
    expect(t.organization).toBe('ACME');
    expect(w.app.people.userByEmail('renee@acme.test')).toMatchObject({ name: 'Renée François' });
    expect(t.subject).toBe("Problème de connexion à l'intranet");
    expect(t.description).toContain("je n'arrive plus à me connecter à l'intranet");
  });

  it('decodes gb18030 subjects, names and bodies', async () => {
    await ingestRaw(w, fixture('gb18030.eml'));
    const t = detail(1);
    expect(t.subject).toBe('打印机无法连接');
    expect(t.description).toContain('打印机无法连接到网络');
    expect(w.app.people.userByEmail('wei@globex.test')).toMatchObject({ name: '王伟' });
    expect(t.organization).toBe('Globex');
  });

  it('an HTML-only mail becomes text', async () => {
    await ingestRaw(w, fixture('html-only.eml'));
    const t = detail(1);
    expect(t.requester).toBe('ann');
    expect(t.description).toMatch(/cannot log in/i);
    expect(t.description).not.toContain('<p>');
  });

  it('keeps attachments, nested messages included', async () => {
    await ingestRaw(w, fixture('multipart-attachments.eml'));
    await ingestRaw(w, fixture('nested-rfc822.eml'));
    const first = detail(1).comments[0]!;
    expect(first.body).toBe('The export fails with the error in the screenshot. Log attached.');
    expect(first.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['screen.png', 'image/png'],
      ['export.log', 'text/plain'],
    ]);
    const log = rows('attachments', { filename: 'export.log' })[0]!;
    expect(log.data.toString('utf8')).toContain('line 1: ERROR timeout');
    const nested = detail(2).comments[0]!.attachments;
    expect(nested).toHaveLength(1);
    expect(nested[0]!.contentType).toBe('message/rfc822');
    expect(detail(2).description).toBe('Is this invoice from you? The original is attached.');
  });

  it('refuses attachments over the cap and writes nothing', async () => {
    setSetting(w.app, w.actor('admin'), 'mail.maxAttachmentBytes', '50');
    await expect(ingestRaw(w, fixture('multipart-attachments.eml'))).rejects.toThrow(/attachments total .* over the limit of 50 bytes/);
    expect(ticketCount()).toBe(0);
    expect(rows('mailMessages')).toEqual([]);
  });

  it('shortens a very long subject to 250 characters', async () => {
    await ingestRaw(w, fixture('long-subject.eml'));
    const t = detail(1);
    expect(t.subject.length).toBe(250);
    expect(t.subject.startsWith('Very long subject word0 word1')).toBe(true);
    expect(t.subject.endsWith('…')).toBe(true);
  });
});

describe('mailgate: replies', () => {
  it('a reply carrying [#id] adds a public comment without the quoted tail and reopens a pending ticket', async () => {
    const t = vpnTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.requestInfo(w.app, w.actor('sam'), t.id, 'Which version?');
    const r = await ingestRaw(w, fixture('reply-with-tag.eml'));
    expect(r).toMatchObject({ outcome: 'commented', ticketId: 1 });
    const d = detail(1);
    expect(d.status).toBe('open');
    const last = d.comments.at(-1)!;
    expect(last).toMatchObject({ author: 'ann', channel: 'email', internal: false, body: 'It still drops, now every ten minutes.' });
  });

  it('a reply found only by In-Reply-To lands on its ticket', async () => {
    vpnTicket();
    const r = await ingestRaw(w, fixture('reply-in-reply-to.eml'));
    expect(r).toMatchObject({ outcome: 'commented', ticketId: 1 });
    expect(detail(1).comments.at(-1)!.body).toBe('Version 5.2 fixed it, thank you.');
  });

  it('a reply to the mail that opened a ticket threads by References to it', async () => {
    await ingestRaw(w, fixture('plain.eml'));
    const r = await ingestRaw(
      w,
      `From: carol@initech.test\nSubject: Re: Printer\nMessage-ID: <plain-2@initech.test>\nReferences: <plain-1@initech.test>\n\nStill offline.\n`,
    );
    expect(r).toMatchObject({ outcome: 'commented', ticketId: 1 });
  });

  it('a reply to a closed ticket opens a follow-up', async () => {
    const t = vpnTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.solveTicket(w.app, w.actor('sam'), t.id, 'new client');
    act.closeTicket(w.app, w.actor('sam'), t.id, undefined);
    const r = await ingestRaw(w, fixture('reply-closed.eml'));
    expect(r).toMatchObject({ outcome: 'follow_up', ticketId: 2, followUpOf: 1 });
    expect(detail(2)).toMatchObject({
      subject: 'Re: VPN drops',
      followUpOf: 1,
      channel: 'email',
      requester: 'ann',
      description: 'Sorry, it is back again.',
    });
    expect(detail(1).status).toBe('closed');
  });

  it('a sender who may not see the tagged ticket gets a new ticket, not a comment on it', async () => {
    vpnTicket();
    const r = await ingestRaw(w, `From: gus@globex.test\nSubject: Re: [#1] VPN drops\nMessage-ID: <gus-1@globex.test>\n\nLet me in.\n`);
    expect(r).toMatchObject({ outcome: 'created', ticketId: 2 });
    expect(detail(2)).toMatchObject({ subject: 'Re: VPN drops', requester: 'gus' });
    expect(detail(1).comments).toHaveLength(1);
  });
});

describe('mailgate: guards', () => {
  it.each([
    ['out-of-office.eml', /Auto-Submitted: auto-replied/],
    ['bounce.eml', /MAILER-DAEMON|mailer-daemon/],
    ['bulk.eml', /Precedence: bulk/],
  ])('ignores %s and logs why', async (name, reason) => {
    vpnTicket();
    const r = await ingestRaw(w, fixture(name));
    expect(r.outcome).toBe('ignored');
    expect((r as { reason: string }).reason).toMatch(reason);
    expect(ticketCount()).toBe(1);
    expect(detail(1).comments).toHaveLength(1);
    expect(rows('mailMessages')).toMatchObject([{ outcome: 'ignored', ticketId: null }]);
  });

  it('ignores loops: X-Loop, our own loop header, and mail from the support address', async () => {
    const loops = [
      'From: ann@acme.test\nSubject: hi\nMessage-ID: <l1@x>\nX-Loop: support@help.example.com\n\nx\n',
      'From: ann@acme.test\nSubject: [#1] hi\nMessage-ID: <l2@x>\nX-Ticketty-Loop: support@help.example.com\n\nx\n',
      'From: "Support" <SUPPORT@help.example.com>\nSubject: hi\nMessage-ID: <l3@x>\n\nx\n',
      'From: postmaster@acme.test\nSubject: hi\nMessage-ID: <l4@x>\n\nx\n',
    ];
    for (const raw of loops) expect((await ingestRaw(w, raw)).outcome).toBe('ignored');
    expect(ticketCount()).toBe(0);
  });

  it('Auto-Submitted: no is a person writing', async () => {
    const r = await ingestRaw(w, 'From: ann@acme.test\nSubject: hi\nMessage-ID: <n1@x>\nAuto-Submitted: no\n\nx\n');
    expect(r.outcome).toBe('created');
  });

  it('ignores a duplicate Message-ID and writes nothing more', async () => {
    await ingestRaw(w, fixture('plain.eml'));
    const r = await ingestRaw(w, fixture('plain.eml'));
    expect(r).toMatchObject({ outcome: 'duplicate' });
    expect((r as { reason: string }).reason).toContain('<plain-1@initech.test>');
    expect(ticketCount()).toBe(1);
    expect(detail(1).comments).toHaveLength(1);
  });

  it('refuses input that is not a mail message', async () => {
    await expect(ingestRaw(w, fixture('not-a-message.txt'))).rejects.toBeInstanceOf(BadInput);
    await expect(ingestRaw(w, '')).rejects.toThrow(/empty/);
    expect(ticketCount()).toBe(0);
  });

  it('keeps a message whose sender cannot be read for an admin, and never bounces it', async () => {
    expect(await ingestRaw(w, 'Subject: no sender\nMessage-ID: <ns-1@x.test>\n\nbody\n')).toEqual({
      outcome: 'rejected',
      reason: 'the message has no From header',
    });
    expect(await ingestRaw(w, 'From: <<<>>>\nSubject: garbled\nMessage-ID: <ns-2@x.test>\n\nbody\n')).toEqual({
      outcome: 'rejected',
      reason: 'the sender cannot be read (From: <<<>>>)',
    });
    expect(ticketCount()).toBe(0);
    const kept = rows('mailMessages', { messageId: '<ns-2@x.test>' })[0]!;
    expect(kept).toMatchObject({ outcome: 'rejected', subject: 'garbled', sender: '<<<>>>', ticketId: null });
    expect(kept.raw?.toString()).toContain('Subject: garbled');
  });
});
