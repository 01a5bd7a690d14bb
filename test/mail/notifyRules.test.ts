// SPEC 3: who hears about what, and what the mail says — fixed at the event, receipts to the
// requester, every earlier handler until the ticket closes (unless they opt out), the level-3
// question to level 2, priority and type changes. Delivered through a real SMTP server.
import { beforeEach, describe, expect, it } from 'vitest';
import { mailWorldWithSmtp, type Smtp } from './helpers.js';
import type { TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { deliverOutbox } from '../../src/app/mail/notifyDelivery.js';
import { runAutomations } from '../../src/app/automation/automation.js';
import type { SmtpSender } from '../../src/mail/smtpSender.js';
import { tableRows } from '../helpers/tableRows.js';

const env = mailWorldWithSmtp();
let w: TestWorld;
let smtp: Smtp;
let sender: SmtpSender;
beforeEach(() => ({ w, smtp, sender } = env));

const handleOf = (id: number) => w.app.people.userById(id)!.handle;
const queued = (kind: string) =>
  tableRows(w.app.store, 'outbox')
    .filter((o) => o.kind === kind)
    .map((o) => handleOf(o.recipientId))
    .sort();
const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.text ?? '');
const vpn = () => createTicket(w.app, w.actor('ann'), { subject: 'VPN drops', description: 'Every hour.' }).id;

describe('notifications (SPEC 3)', () => {
  it('freezes the text at the event: an assignment names who was assigned then, a reminder the status then', async () => {
    const id = vpn();
    act.acceptTicket(w.app, w.actor('sam'), id);
    act.escalateTicket(w.app, w.actor('sam'), id, 'vendor bug');
    act.assignTicket(w.app, w.actor('admin'), id, 'bob');
    act.requestInfo(w.app, w.actor('bob'), id, 'Logs please?');
    w.advance(25 * 60); // the first reminder is due after 24 h
    runAutomations(w.app, {});
    act.assignTicket(w.app, w.actor('admin'), id, 'bea');
    act.solveTicket(w.app, w.actor('bea'), id, 'Fixed');
    act.closeTicket(w.app, w.actor('bea'), id, undefined);
    await deliverOutbox(w.app, sender);
    const toBob = mailsTo('bob@vendor.test');
    expect(toBob.find((t) => t.includes('assigned the ticket'))).toMatch(/assigned the ticket to bob/);
    const reminder = smtp.received.find((m) => /Reminder/.test(m.parsed.text ?? ''))!.parsed.text!;
    expect(reminder).toMatch(/Status: PENDING L2/);
    expect(reminder).not.toMatch(/CLOSED/);
  });

  it('sends the requester a receipt with the number and what happens next, however the ticket was opened', async () => {
    const own = vpn();
    const onBehalf = createTicket(w.app, w.actor('bob'), {
      subject: 'Phone call',
      description: 'Printer on fire',
      requester: 'abe@acme.test',
      channel: 'phone',
    }).id;
    act.acceptTicket(w.app, w.actor('sam'), own);
    act.solveTicket(w.app, w.actor('sam'), own, 'done');
    act.closeTicket(w.app, w.actor('sam'), own, undefined);
    const followUp = act.replyToTicket(w.app, w.actor('ann'), own, 'It is back').ticket.id;
    expect(queued('create')).toEqual(['abe', 'ann', 'ann', 'sam', 'sam', 'sam']);
    await deliverOutbox(w.app, sender);
    const receipts = mailsTo('ann@acme.test').filter((t) => t.includes('We have received your request'));
    expect(receipts.map((t) => /Its number is #(\d+)/.exec(t)?.[1])).toEqual([String(own), String(followUp)]);
    expect(receipts[0]).toMatch(/What happens next: our level-1 support will pick it up/);
    expect(mailsTo('abe@acme.test')[0]).toContain(`Its number is #${onBehalf}`);
    // Staff get no receipt, only the news.
    expect(mailsTo('sam@acme.test').some((t) => t.includes('We have received'))).toBe(false);
  });

  it('keeps everyone who handled the ticket informed until it closes, unless they opt out', () => {
    const id = vpn();
    act.acceptTicket(w.app, w.actor('sam'), id);
    act.escalateTicket(w.app, w.actor('sam'), id, 'vendor bug');
    act.acceptTicket(w.app, w.actor('bob'), id);
    act.escalateTicket(w.app, w.actor('bob'), id, 'code defect');
    act.acceptTicket(w.app, w.actor('eve'), id);
    act.addNote(w.app, w.actor('eve'), id, 'found it');
    expect(queued('note')).toEqual(['bob', 'sam']);
    act.muteTicket(w.app, w.actor('bob'), id, true);
    act.solveTicket(w.app, w.actor('eve'), id, 'patched');
    expect(queued('solve')).toEqual(['ann', 'sam']);
    act.muteTicket(w.app, w.actor('bob'), id, false);
    act.closeTicket(w.app, w.actor('eve'), id, undefined);
    expect(queued('close')).toEqual(['ann', 'bob', 'sam']);
    expect(() => act.muteTicket(w.app, w.actor('ann'), id, true)).toThrow(/only staff/);
  });

  it('a level-3 question reaches level-2 staff; priority and type changes notify', () => {
    const id = vpn();
    act.escalateTicket(w.app, w.actor('sam'), id, 'vendor bug');
    act.escalateTicket(w.app, w.actor('admin'), id, 'code defect');
    act.acceptTicket(w.app, w.actor('eve'), id);
    act.requestInfo(w.app, w.actor('eve'), id, 'Can L2 reproduce?');
    expect(queued('request_info')).toEqual(['bea', 'bob', 'sam']); // no L2 handler yet: every agent
    act.setPriority(w.app, w.actor('eve'), id, 'P2');
    expect(queued('priority')).toEqual(['ann', 'sam']);
    act.setType(w.app, w.actor('eve'), id, 'fault');
    expect(queued('type')).toEqual(['ann', 'sam']);
  });
});
