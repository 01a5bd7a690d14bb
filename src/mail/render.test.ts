import { describe, expect, it } from 'vitest';
import { renderNotification, subjectFor } from './render.js';
import type { OutgoingNotification } from '../app/mail/notifyDelivery.js';

const base: OutgoingNotification = {
  outboxId: 7,
  from: 'support@help.example.com',
  replyTo: 'support@help.example.com',
  to: { name: 'Ann', address: 'ann@acme.test' },
  messageId: '<ticket-123.n7@help.example.com>',
  inReplyTo: '<ticket-123@help.example.com>',
  references: ['<ticket-123@help.example.com>'],
  recipientIsStaff: false,
  recipientIsRequester: true,
  ticket: {
    id: 123,
    subject: 'VPN drops',
    status: 'PENDING',
    level: 2,
    priority: 'P2 Critical',
    requester: 'Ann Archer',
    organization: 'ACME',
    assignee: 'Bob',
  },
  event: { action: 'request_info', actor: 'Bob', at: new Date(0), text: 'Which client version?', internal: false, after: {} },
};

describe('renderNotification', () => {
  it('never lets a stored name or subject start a header of its own', () => {
    const mail = renderNotification({
      ...base,
      to: { name: 'Ann\r\nBcc: victim@example.com', address: 'ann@acme.test' },
      ticket: { ...base.ticket, subject: 'VPN\r\nBcc: x@y' },
    });
    expect(mail.to.name).toBe('Ann Bcc: victim@example.com');
    expect(mail.subject).toBe('[#123] VPN Bcc: x@y');
  });

  it('says what happened, by whom, the comment and the status line, under [#id] subject', () => {
    const mail = renderNotification(base);
    expect(mail.subject).toBe('[#123] VPN drops');
    expect(mail.text).toBe(
      [
        'Bob asked for information:',
        '',
        'Which client version?',
        '',
        '--',
        '#123 VPN drops',
        'Status: PENDING L2 | Priority: P2 Critical | Assignee: Bob',
        'Requester: Ann Archer (ACME)',
        'Reply to this message to add a comment; keep [#123] in the subject.',
        '',
      ].join('\n'),
    );
    expect(mail.headers['Auto-Submitted']).toBe('auto-generated');
    expect(mail.headers['X-Ticketty-Loop']).toBe('support@help.example.com');
  });

  it('shows the status as the dictionary named it at the event (a per-level label as it is)', () => {
    const mail = renderNotification({ ...base, ticket: { ...base.ticket, level: 1, statusLine: 'WAITING L1' } });
    expect(mail.text).toContain('Status: WAITING L1 | Priority: P2 Critical');
  });

  it('tells the customer how to answer an estimate', () => {
    const mail = renderNotification({ ...base, event: { ...base.event, action: 'estimate', text: null, after: { hours: 24 } } });
    expect(mail.text).toMatch(
      /^Bob sent an estimate for your approval \(24 h\):\n\nTo start the work, reply with APPROVE as the first word/,
    );
    const staff = renderNotification({
      ...base,
      recipientIsStaff: true,
      event: { ...base.event, action: 'estimate', text: null, after: {} },
    });
    expect(staff.text).not.toContain('APPROVE');
  });

  it('marks internal notes and names the level of an escalation', () => {
    expect(renderNotification({ ...base, event: { ...base.event, action: 'note', internal: true } }).text).toMatch(
      /^INTERNAL NOTE - not visible to the customer\n\nBob added an internal note:/,
    );
    expect(renderNotification({ ...base, event: { ...base.event, action: 'escalate', after: { level: 3 } } }).text).toContain(
      'Bob escalated the ticket to level 3:',
    );
  });

  it('keeps line breaks out of the subject and escape sequences out of the body', () => {
    expect(subjectFor(5, 'Hello\r\nBcc: evil@x.test')).toBe('[#5] Hello Bcc: evil@x.test');
    const mail = renderNotification({ ...base, event: { ...base.event, text: 'ok\u001b]0;pwned\u0007 done\u001b[2J' } });
    expect(mail.text).toContain('ok done');
    expect(mail.text).not.toContain('\u001b');
  });
});
