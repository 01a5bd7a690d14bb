// Role × action × visibility, end to end through the use cases, including the indirect ways in:
// list and count with filters (text~ on internal notes), show (comments, events), reports,
// forecast, export and the outbox. A requester never sees an internal note or another person's
// ticket; staff act only at their level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as verbs from '../../src/app/tickets/ticketActions.js';
import { countTickets, listTickets, showTicket } from '../../src/app/tickets/ticketQueries.js';
import { slaReport } from '../../src/app/sla/reportSla.js';
import { backlogReport } from '../../src/app/sla/reportBacklog.js';
import { forecast } from '../../src/app/automation/forecast.js';
import { exportTickets } from '../../src/app/exchange/exportTickets.js';
import { DomainError } from '../../src/domain/errors.js';
import { canSee, handles, type Actor } from '../../src/domain/permissions.js';
import { workflowTicket } from '../../src/app/tickets/ticketWrite.js';
import { tableRows } from '../helpers/tableRows.js';

const SECRET = 'zebra-internal-secret';
const PEOPLE = ['ann', 'abe', 'gus', 'sam', 'una', 'bob', 'bea', 'eve', 'admin'];
const REQUESTERS = ['ann', 'abe', 'gus'];

let w: TestWorld;
/** Tickets by requester and level, each with a public reply and an internal note holding SECRET. */
const tickets: Array<{ id: number; requester: string; level: number }> = [];

beforeAll(() => {
  w = testWorld();
  seedPeople(w);
  const admin = w.actor('admin');
  for (const requester of REQUESTERS) {
    for (const level of [1, 2, 3] as const) {
      const t = createTicket(w.app, admin, { subject: `${requester} at L${level}`, description: 'public words', requester, level });
      verbs.addNote(w.app, admin, t.id, `note ${SECRET}`);
      verbs.replyToTicket(w.app, admin, t.id, 'public reply');
      tickets.push({ id: t.id, requester, level });
    }
  }
});
afterAll(() => w.close());

const kindOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
};

describe('visibility', () => {
  it('show: requesters see only their own tickets, superusers their organization, vendor staff all; "not found" otherwise', () => {
    for (const handle of PEOPLE) {
      const actor = w.actor(handle);
      for (const t of tickets) {
        const visible = canSee(actor, workflowTicket(w.app.tickets.ticketById(t.id)!));
        // sam serves ACME (ann, abe); una serves every organization at level 1.
        const expected =
          handle === t.requester || ['bob', 'bea', 'eve', 'admin', 'una'].includes(handle) || (handle === 'sam' && t.requester !== 'gus');
        expect(visible, `${handle} on #${t.id}`).toBe(expected);
        expect(
          kindOf(() => showTicket(w.app, actor, t.id)),
          `${handle} show #${t.id}`,
        ).toBe(expected ? 'ok' : 'not_found');
      }
    }
  });

  it('show: no internal note, nor an event pointing at one, for a requester', () => {
    for (const handle of REQUESTERS) {
      for (const t of tickets.filter((x) => x.requester === handle)) {
        const detail = showTicket(w.app, w.actor(handle), t.id);
        expect(JSON.stringify(detail)).not.toContain(SECRET);
        expect(detail.comments.every((c) => !c.internal)).toBe(true);
        expect(detail.events.some((e) => e.action === 'note')).toBe(false);
      }
    }
    expect(JSON.stringify(showTicket(w.app, w.actor('bob'), tickets[0]!.id))).toContain(SECRET);
  });

  it('list and count: filters never match what the actor may not see (text~ on internal notes)', () => {
    for (const handle of PEOPLE) {
      const actor = w.actor(handle);
      const all = listTickets(w.app, actor, { limit: 1000 })
        .tickets.map((s) => s.id)
        .sort((a, b) => a - b);
      const visible = tickets.filter((t) => canSee(actor, workflowTicket(w.app.tickets.ticketById(t.id)!))).map((t) => t.id);
      expect(all, handle).toEqual(visible);
      const bySecret = listTickets(w.app, actor, { where: `text~${SECRET}`, limit: 1000 }).tickets.map((s) => s.id);
      expect(bySecret.length, `${handle} text~secret`).toBe(REQUESTERS.includes(handle) ? 0 : visible.length);
      expect(countTickets(w.app, actor, `text~${SECRET}`)).toBe(bySecret.length);
      expect(countTickets(w.app, actor, 'requester=gus')).toBe(
        visible.filter((id) => tickets.find((t) => t.id === id)!.requester === 'gus').length,
      );
    }
  });

  it('reports and forecast count only visible tickets for customers; export is for admins only', async () => {
    for (const handle of PEOPLE) {
      const actor = w.actor(handle);
      const visible = tickets.filter((t) => canSee(actor, workflowTicket(w.app.tickets.ticketById(t.id)!))).length;
      const sla = kindOf(() => slaReport(w.app, actor, {}));
      if (sla === 'ok') {
        const report = slaReport(w.app, actor, {}) as unknown as Record<string, unknown>;
        expect(JSON.stringify(report)).not.toContain(SECRET);
      } else expect(sla).toBe('forbidden');
      const backlog = kindOf(() => backlogReport(w.app, actor, {}));
      if (backlog === 'ok') {
        const total = backlogReport(w.app, actor, {}).byStatus.reduce((n, s) => n + s.total, 0);
        expect(total, `${handle} backlog`).toBe(visible);
      } else expect(backlog).toBe('forbidden');
      const ahead = kindOf(() => forecast(w.app, actor, { within: '30d' }));
      if (ahead === 'ok') {
        const items = forecast(w.app, actor, { within: '30d' }).items as Array<{ ticket?: { id: number }; id?: number; ticketId?: number }>;
        for (const item of items) {
          const id = item.ticketId ?? item.id ?? item.ticket?.id;
          expect(canSee(actor, workflowTicket(w.app.tickets.ticketById(id!)!)), `${handle} forecast #${id}`).toBe(true);
        }
      } else expect(ahead).toBe('forbidden');
      let exported = '';
      const result = await exportTickets(w.app, actor, { format: 'json' }, { text: (c) => void (exported += c) }).then(
        () => 'ok',
        (e: DomainError) => e.kind,
      );
      expect(result, `${handle} export`).toBe(handle === 'admin' ? 'ok' : 'forbidden');
    }
  });

  it('outbox: an internal note notifies no requester, and never the actor', () => {
    // outbox JOIN users ON recipient JOIN events ON event: each notification with its recipient's role and its event's actor.
    const users = new Map(tableRows(w.app.store, 'users').map((u) => [u.id, u]));
    const events = new Map(tableRows(w.app.store, 'events').map((e) => [e.id, e]));
    const rows = tableRows(w.app.store, 'outbox').flatMap((o) => {
      const [u, e] = [users.get(o.recipientId), events.get(o.eventId)];
      return u && e ? [{ kind: o.kind, role: u.role, recipient: o.recipientId, actor: e.actorId }] : [];
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kind === 'note' && r.role === 'requester')).toEqual([]);
    expect(rows.filter((r) => r.recipient === r.actor)).toEqual([]);
  });
});

describe('staff act only at their level', () => {
  const VERBS: Record<string, (a: Actor, id: number) => unknown> = {
    accept: (a, id) => verbs.acceptTicket(w.app, a, id),
    escalate: (a, id) => verbs.escalateTicket(w.app, a, id, 'why'),
    hold: (a, id) => verbs.holdTicket(w.app, a, id, 'wait'),
    solve: (a, id) => verbs.solveTicket(w.app, a, id, 'done'),
    close: (a, id) => verbs.closeTicket(w.app, a, id, 'resolved'),
    note: (a, id) => verbs.addNote(w.app, a, id, 'n'),
    priority: (a, id) => verbs.setPriority(w.app, a, id, 'P1'),
  };

  it('every verb: staff who do not handle the level are refused, customers too, and nothing is written', () => {
    for (const [verb, run] of Object.entries(VERBS)) {
      for (const handle of PEOPLE) {
        const actor = w.actor(handle);
        for (const level of [1, 2, 3] as const) {
          // A fresh `open` ticket of ann's at this level for each try.
          const t = createTicket(w.app, w.actor('admin'), { subject: 's', description: 'd', requester: 'ann', level });
          if (verb === 'hold' || verb === 'solve')
            verbs.assignTicket(w.app, w.actor('admin'), t.id, level === 1 ? 'sam' : level === 2 ? 'bob' : 'eve');
          const before = w.app.tickets.ticketById(t.id)!;
          const outcome = kindOf(() => run(actor, t.id));
          const wt = workflowTicket(before);
          const staffVerb = verb === 'note' || verb === 'priority';
          const allowed =
            canSee(actor, wt) && (staffVerb ? actor.role !== 'requester' : handles(actor, wt)) && !(verb === 'escalate' && level === 3);
          if (allowed) expect(outcome, `${handle} ${verb} L${level}`).toBe('ok');
          else {
            expect(['forbidden', 'not_found', 'invalid_transition'], `${handle} ${verb} L${level}: ${outcome}`).toContain(outcome);
            expect(w.app.tickets.ticketById(t.id)!.version).toBe(before.version);
          }
          if (!canSee(actor, wt)) expect(outcome).toBe('not_found');
        }
      }
    }
  });
});
