// Roles on every surface (issue 21): the directory, a bound superuser's reach, fields a requester
// may not set, staff reasons, notes on closed tickets, event versions and automations.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { mailWorld, startSmtp } from '../mail/helpers.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { directoryFor, organizationsFor } from '../../src/app/people/peopleQueries.js';
import { automate } from '../../src/app/automation/automation.js';
import { addUser } from '../../src/app/people/people.js';
import { deliverOutbox } from '../../src/app/mail/notifyDelivery.js';
import { createSmtpSender } from '../../src/mail/smtpSender.js';
import { DomainError } from '../../src/domain/errors.js';
import { tableCount } from '../helpers/tableRows.js';

const kindOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
};

let w: TestWorld;
beforeAll(() => {
  w = testWorld();
  seedPeople(w);
});
afterAll(() => w.close());

describe('the directory', () => {
  it('vendor staff and an unbound superuser read everyone; a bound superuser their organization; a requester themself', () => {
    const all = w.app.people.countUsers();
    const seen = (handle: string) => directoryFor(w.app, w.actor(handle)).map((u) => u.handle);
    for (const handle of ['admin', 'bob', 'eve', 'una']) expect(seen(handle), handle).toHaveLength(all);
    expect(seen('sam')).toEqual(['abe', 'ann', 'sam']);
    expect(seen('ann')).toEqual(['ann']);
    expect(seen('gus')).toEqual(['gus']);
  });

  it('organizations: all for vendor staff, their own for customers', () => {
    const seen = (handle: string) => organizationsFor(w.app, w.actor(handle)).map((o) => o.name);
    expect(seen('bob')).toEqual(['ACME', 'Globex']);
    expect(seen('sam')).toEqual(['ACME']);
    expect(seen('gus')).toEqual(['Globex']);
    expect(seen('ann')).toEqual(['ACME']);
  });
});

describe('a bound superuser acts for their organization only', () => {
  const before = () => w.app.people.countUsers();
  it('--requester of another organization is not found; a new address outside its domains is forbidden; nothing is written', () => {
    const sam = w.actor('sam');
    const tickets = () => ({ n: tableCount(w.app.store, 'tickets') });
    const n = tickets().n;
    const users = before();
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'gus' }))).toBe('not_found');
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'gus@globex.test' }))).toBe('not_found');
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'bob' }))).toBe('not_found');
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'new@globex.test' }))).toBe('forbidden');
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'new@gmail.test', org: 'ACME' }))).toBe(
      'forbidden',
    );
    expect(tickets().n).toBe(n);
    expect(before()).toBe(users);
    // Their own people, and a new address at their domain, still work.
    expect(createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'ann' }).requesterId).toBe(w.actor('ann').id);
    expect(kindOf(() => createTicket(w.app, sam, { subject: 's', description: 'd', requester: 'new@acme.test' }))).toBe('ok');
    // An unbound superuser and an agent serve everyone.
    expect(kindOf(() => createTicket(w.app, w.actor('una'), { subject: 's', description: 'd', requester: 'gus' }))).toBe('ok');
  });

  it('cannot make a customer of another organization a watcher of their ticket', () => {
    const t = createTicket(w.app, w.actor('ann'), { subject: 'w', description: 'd' });
    expect(kindOf(() => verbs.watchTicket(w.app, w.actor('sam'), t.id, ['gus'], false))).toBe('not_found');
    expect(kindOf(() => verbs.watchTicket(w.app, w.actor('sam'), t.id, ['abe'], false))).toBe('ok');
    expect(kindOf(() => verbs.watchTicket(w.app, w.actor('bob'), t.id, ['gus'], false))).toBe('ok');
  });
});

describe('requesters create plain tickets', () => {
  it('--tag, --channel, --level, --org and --requester are refused; an empty --requester is bad input', () => {
    const ann = w.actor('ann');
    const base = { subject: 's', description: 'd' };
    expect(kindOf(() => createTicket(w.app, ann, { ...base, tags: ['vip'] }))).toBe('forbidden');
    expect(kindOf(() => createTicket(w.app, ann, { ...base, channel: 'phone' }))).toBe('forbidden');
    expect(kindOf(() => createTicket(w.app, ann, { ...base, level: 3 }))).toBe('forbidden');
    expect(kindOf(() => createTicket(w.app, ann, { ...base, org: 'Globex' }))).toBe('forbidden');
    expect(kindOf(() => createTicket(w.app, w.actor('bob'), { ...base, requester: '' }))).toBe('bad_input');
    expect(kindOf(() => createTicket(w.app, w.actor('bob'), { ...base, requester: '  ' }))).toBe('bad_input');
    expect(kindOf(() => createTicket(w.app, w.actor('bob'), { ...base, tags: ['vip'], channel: 'phone', requester: 'ann' }))).toBe('ok');
  });

  it('a subject is one line', () => {
    expect(kindOf(() => createTicket(w.app, w.actor('ann'), { subject: 'a\nBcc: x@y.test', description: 'd' }))).toBe('bad_input');
    expect(kindOf(() => createTicket(w.app, w.actor('ann'), { subject: 'a\u2028b', description: 'd' }))).toBe('bad_input');
  });
});

describe('internal activity leaves no trace a requester can read', () => {
  it('escalation, hold and de-escalation reasons are shown to staff only', () => {
    const t = createTicket(w.app, w.actor('ann'), { subject: 'r', description: 'd' });
    verbs.acceptTicket(w.app, w.actor('sam'), t.id);
    verbs.holdTicket(w.app, w.actor('sam'), t.id, 'hold-secret');
    verbs.resumeTicket(w.app, w.actor('sam'), t.id);
    verbs.escalateTicket(w.app, w.actor('sam'), t.id, 'escalate-secret');
    verbs.acceptTicket(w.app, w.actor('bob'), t.id);
    verbs.deescalateTicket(w.app, w.actor('bob'), t.id, 'deescalate-secret');
    const mine = JSON.stringify(showTicket(w.app, w.actor('ann'), t.id));
    for (const secret of ['hold-secret', 'escalate-secret', 'deescalate-secret']) {
      expect(mine).not.toContain(secret);
      expect(JSON.stringify(showTicket(w.app, w.actor('bob'), t.id))).toContain(secret);
    }
  });

  it('a note on a closed ticket is refused with a line naming reply; nothing is written', () => {
    const t = createTicket(w.app, w.actor('bob'), { subject: 'c', description: 'd', requester: 'ann', level: 2 });
    verbs.acceptTicket(w.app, w.actor('bob'), t.id);
    verbs.closeTicket(w.app, w.actor('bob'), t.id, 'resolved');
    const count = () => tableCount(w.app.store, 'tickets');
    const n = count();
    let message = '';
    try {
      verbs.addNote(w.app, w.actor('bob'), t.id, 'internal words');
    } catch (error) {
      message = `${(error as DomainError).kind}: ${(error as Error).message}`;
    }
    expect(message).toMatch(/^invalid_transition: ticket #\d+ is CLOSED: .*ticketty ticket reply/);
    expect(count()).toBe(n);
  });

  it('a requester sees no event versions (their gaps would count the hidden notes); staff see them all', () => {
    const t = createTicket(w.app, w.actor('ann'), { subject: 'v', description: 'd' });
    verbs.addNote(w.app, w.actor('sam'), t.id, 'hidden');
    verbs.replyToTicket(w.app, w.actor('sam'), t.id, 'public');
    expect(showTicket(w.app, w.actor('ann'), t.id).events.map((e) => e.version)).toEqual([null, null]);
    expect(showTicket(w.app, w.actor('sam'), t.id).events.map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('automate and its dry run: an admin or the service account only', () => {
    for (const handle of ['ann', 'sam', 'una', 'bob', 'eve']) {
      expect(
        kindOf(() => automate(w.app, w.actor(handle), { dryRun: true })),
        handle,
      ).toBe('forbidden');
      expect(
        kindOf(() => automate(w.app, w.actor(handle))),
        handle,
      ).toBe('forbidden');
    }
    expect(kindOf(() => automate(w.app, w.actor('admin'), { dryRun: true }))).toBe('ok');
    expect(kindOf(() => automate(w.app, 'service', { dryRun: true }))).toBe('ok');
  });

  it('the service account handle is reserved', () => {
    expect(kindOf(() => addUser(w.app, w.actor('admin'), { handle: 'ticketty', role: 'admin' }))).toBe('bad_input');
    const t = createTicket(w.app, w.actor('bob'), { subject: 's', description: 'd', requester: 'ticketty@mail.test' });
    expect(w.app.people.userById(t.requesterId)!.handle).not.toBe('ticketty');
  });
});

describe('staff reasons are not mailed to the requester', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  afterEach(async () => smtp?.close());
  it('the requester is told of the escalation without its reason', async () => {
    const m = mailWorld();
    smtp = await startSmtp();
    const sender = createSmtpSender(smtp.url);
    try {
      const t = createTicket(m.app, m.actor('ann'), { subject: 'mail', description: 'd' });
      verbs.acceptTicket(m.app, m.actor('sam'), t.id);
      verbs.escalateTicket(m.app, m.actor('sam'), t.id, 'customer-is-difficult');
      await deliverOutbox(m.app, sender);
      const toAnn = smtp.received.filter((r) => r.envelopeTo.includes('ann@acme.test'));
      expect(toAnn.some((r) => /escalated/.test(r.parsed.text ?? ''))).toBe(true);
      expect(toAnn.map((r) => r.parsed.text).join('\n')).not.toContain('customer-is-difficult');
    } finally {
      sender.close();
      m.close();
    }
  });
});
