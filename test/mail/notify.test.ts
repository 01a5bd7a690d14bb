// notify against a real SMTP server on loopback: delivery, threading, outages, exactly once.
import { beforeEach, describe, expect, it } from 'vitest';
import { mailWorldWithSmtp, startSmtp, type Smtp, fixture, ingestRaw, SUPPORT } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { deliverOutbox } from '../../src/app/mail/notifyDelivery.js';
import { addUser } from '../../src/app/people/people.js';
import { createSmtpSender, type SmtpSender } from '../../src/mail/smtpSender.js';
import { tableRows } from '../helpers/tableRows.js';

const env = mailWorldWithSmtp();
let w: TestWorld;
let smtp: Smtp;
let sender: SmtpSender;
beforeEach(() => ({ w, smtp, sender } = env));

const rows = () => tableRows(w.app.store, 'outbox');
const header = (i: number, name: string) => smtp.received[i]!.parsed.headers.get(name);
const vpnTicket = (subject = 'VPN drops') => createTicket(w.app, w.actor('ann'), { subject, description: 'Every hour.' });

describe('notify', () => {
  it('delivers each queued notification once, with subject, body, recipients and threading headers', async () => {
    const t = vpnTicket();
    act.acceptTicket(w.app, w.actor('sam'), t.id);
    act.replyToTicket(w.app, w.actor('sam'), t.id, 'Please try version 5.2.');
    const report = await deliverOutbox(w.app, sender);
    expect(report).toMatchObject({ sent: 4, retrying: 0, failed: 0 });
    // create → ann (her receipt) and sam (the org's superuser); accept → ann; reply → ann. Never the actor but for the receipt.
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['ann@acme.test'], ['sam@acme.test'], ['ann@acme.test'], ['ann@acme.test']]);
    for (const m of smtp.received) {
      expect(m.parsed.subject).toBe('[#1] VPN drops');
      expect(m.parsed.from?.text).toBe('"ACME Support" <support@help.example.com>');
      expect(m.parsed.inReplyTo).toBe('<ticket-1@help.example.com>');
      expect(m.parsed.references).toBe('<ticket-1@help.example.com>');
      expect(m.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    }
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^<ticket-1\.n\d+@help\.example\.com>$/);
    const reply = smtp.received[3]!.parsed.text!;
    expect(reply).toContain('sam replied:');
    expect(reply).toContain('Please try version 5.2.');
    expect(reply).toMatch(/Status: OPEN L1 \| Priority: P3 Major \| Assignee: sam/);
    expect(rows().map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(rows().map((r) => r.messageId)).toEqual(ids);
    expect(header(0, 'reply-to')).toMatchObject({ text: SUPPORT });

    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(4);
  });

  it('threads under the mail that opened the ticket', async () => {
    await ingestRaw(w, fixture('multipart-attachments.eml'));
    await deliverOutbox(w.app, sender);
    expect(smtp.received).toHaveLength(2); // the receipt to the sender and the news to the org's superuser
    expect(smtp.received[0]!.parsed.inReplyTo).toBe('<multi-1@acme.test>');
    expect(smtp.received[0]!.parsed.references).toEqual(['<multi-1@acme.test>', '<ticket-1@help.example.com>']);
  });

  it('sends internal notes to staff only, marked as internal', async () => {
    const t = vpnTicket();
    act.watchTicket(w.app, w.actor('bob'), t.id, ['bob'], false);
    act.addNote(w.app, w.actor('sam'), t.id, 'Customer is on the old client.');
    await deliverOutbox(w.app, sender);
    const notes = smtp.received.filter((m) => m.parsed.text!.includes('internal note'));
    expect(notes.map((m) => m.envelopeTo)).toEqual([['bob@vendor.test']]);
    expect(notes[0]!.parsed.text).toContain('INTERNAL NOTE - not visible to the customer');
    expect(smtp.received.some((m) => m.envelopeTo.includes('ann@acme.test') && m.parsed.text!.includes('old client'))).toBe(false);
  });

  it('loses nothing in an outage and sends everything exactly once after it', async () => {
    for (let i = 1; i <= 5; i++) vpnTicket(`Ticket ${i}`);
    smtp.setRefusing(true);
    const during = await deliverOutbox(w.app, sender);
    // Each ticket: the requester's receipt and the superuser's news.
    expect(during).toMatchObject({ sent: 0, retrying: 10, failed: 0 });
    expect(during.errors[0]).toMatch(/421|service not available/);
    // No message reached a server that could answer about it: no attempt counts.
    expect(rows().map((r) => [r.state, r.attempts, r.sentAt])).toEqual(Array(10).fill(['queued', 0, null]));
    expect(rows()[0]!.lastError).toMatch(/421|service not available/);
    // Nothing is due again until the backoff has passed.
    smtp.setRefusing(false);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 0 });
    w.advance(2);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 10, retrying: 0 });
    expect(smtp.received.map((m) => m.parsed.subject).sort()).toEqual(
      [1, 2, 3, 4, 5].flatMap((i) => [`[#${i}] Ticket ${i}`, `[#${i}] Ticket ${i}`]),
    );
    w.advance(60);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(10);
  });

  it('a day-long outage costs no notification an attempt: connection failures never fail a message', async () => {
    vpnTicket('Outage');
    const port = smtp.port;
    await smtp.close();
    for (let hour = 0; hour < 30; hour++) {
      expect(await deliverOutbox(w.app, sender, { maxAttempts: 3 })).toMatchObject({ sent: 0, failed: 0 });
      w.advance(60);
    }
    // The notification and the requester's receipt: neither lost an attempt.
    expect(rows().map((r) => [r.state, r.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
    ]);
    expect(rows()[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
    smtp = await startSmtp(port);
    expect(await deliverOutbox(w.app, sender, { maxAttempts: 3 })).toMatchObject({ sent: 2 });
  });

  it('survives the server being gone altogether, then delivers to it when it is back', async () => {
    vpnTicket('One');
    vpnTicket('Two');
    const port = smtp.port;
    await smtp.close();
    const down = await deliverOutbox(w.app, sender);
    expect(down).toMatchObject({ sent: 0, retrying: 4 });
    expect(rows().map((r) => r.state)).toEqual(['queued', 'queued', 'queued', 'queued']);
    smtp = await startSmtp(port);
    w.advance(5);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 4 });
    expect(smtp.received.map((m) => m.parsed.subject)).toEqual(['[#1] One', '[#1] One', '[#2] Two', '[#2] Two']);
  });

  it('two senders at once never send the same notification twice', async () => {
    for (let i = 1; i <= 6; i++) vpnTicket(`Ticket ${i}`);
    const other = createSmtpSender(smtp.url);
    const [a, b] = await Promise.all([deliverOutbox(w.app, sender, { chunk: 2 }), deliverOutbox(w.app, other, { chunk: 2 })]);
    other.close();
    expect(a.sent + b.sent).toBe(12);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(12);
    expect(smtp.received).toHaveLength(12);
  });

  it('takes back rows whose sender crashed once their lease has run out', async () => {
    vpnTicket();
    w.app.store.write(() => w.app.mail.claimDue(w.app.nowMs(), w.app.nowMs() + 10 * 60_000, 10));
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 0 });
    w.advance(11);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 2 });
    expect(rows()[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('gives up at once on a permanent refusal, and skips people without an address', async () => {
    await smtp.close();
    smtp = await startSmtp(0, ['sam@acme.test']);
    sender.close();
    sender = createSmtpSender(smtp.url);
    addUser(w.app, null, { handle: 'nomail', role: 'superuser', org: 'ACME' });
    vpnTicket();
    const report = await deliverOutbox(w.app, sender);
    expect(report).toMatchObject({ sent: 1, failed: 1, skipped: 1 }); // sent: ann's receipt
    expect(report.errors[0]).toMatch(/550|no such user/);
    const byRecipient = Object.fromEntries(rows().map((r) => [w.app.people.userById(r.recipientId)!.handle, r.state]));
    expect(byRecipient).toEqual({ ann: 'sent', sam: 'failed', nomail: 'skipped' });
    w.advance(600);
    expect(await deliverOutbox(w.app, sender)).toMatchObject({ sent: 0, failed: 0 });
  });
});
