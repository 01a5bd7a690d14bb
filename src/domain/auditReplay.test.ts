import { describe, expect, it } from 'vitest';
import { auditTicket, describeDrift, type AuditEvent, type AuditTicket } from './auditReplay.js';

const ticket = (over: Partial<AuditTicket> = {}): AuditTicket => ({
  id: 7,
  status: 'open',
  level: 1,
  priority: 'P3',
  type: 'question',
  assigneeId: 5,
  waitingOn: null,
  resolution: null,
  closingReason: null,
  tags: ['vip'],
  watchers: [],
  version: 3,
  ...over,
});
let nextId = 1;
const ev = (action: string, before: object | null, after: object | null, version: number): AuditEvent => ({
  id: nextId++,
  action,
  before: before && JSON.stringify(before),
  after: after && JSON.stringify(after),
  version,
});
const history = (): AuditEvent[] => [
  ev('create', {}, { status: 'new', level: 1, priority: 'P3', type: 'question' }, 1),
  ev('accept', { status: 'new', assigneeId: null }, { status: 'open', assigneeId: 5 }, 2),
  ev('tag', { tags: [] }, { tags: ['vip'] }, 3),
];

describe('auditTicket', () => {
  it('finds nothing when the events explain the ticket', () => {
    expect(auditTicket(ticket(), history())).toEqual([]);
  });

  it('names each field that differs, with the replayed and the actual value', () => {
    const drifts = auditTicket(ticket({ status: 'closed', tags: ['vip', 'x'], version: 4 }), history());
    expect(drifts).toEqual([
      { kind: 'field', field: 'status', replayed: 'open', actual: 'closed' },
      { kind: 'field', field: 'tags', replayed: ['vip'], actual: ['vip', 'x'] },
      { kind: 'field', field: 'version', replayed: 3, actual: 4 },
    ]);
    expect(describeDrift(7, drifts)).toBe(
      '#7 status: events say open, ticket has closed; tags: events say [vip], ticket has [vip,x]; version: events say 3, ticket has 4',
    );
  });

  it('sees a lost change: an event that starts from another state than the history left', () => {
    const events = history();
    events.splice(1, 1); // the accept is gone
    const drifts = auditTicket(ticket(), events);
    expect(drifts).toContainEqual({ kind: 'field', field: 'assigneeId', replayed: null, actual: 5 });
  });

  it('checks before values and version order', () => {
    const events = [...history(), ev('close', { status: 'pending' }, { status: 'closed', closingReason: 'resolved' }, 3)];
    const drifts = auditTicket(ticket({ status: 'closed', closingReason: 'resolved' }), events);
    expect(drifts).toContainEqual(expect.objectContaining({ kind: 'chain', field: 'status', expected: 'open', found: 'pending' }));
    expect(drifts).toContainEqual(expect.objectContaining({ kind: 'history', message: expect.stringMatching(/version 3, not above 3/) }));
  });

  it('compares only what a CSV import named, and refuses a history without a start', () => {
    const imported = [ev('import', null, { status: 'open', level: 2 }, 9)];
    expect(auditTicket(ticket({ level: 2, version: 9 }), imported)).toEqual([]);
    expect(auditTicket(ticket(), [])).toEqual([{ kind: 'history', message: 'no events at all' }]);
    expect(auditTicket(ticket(), history().slice(1))[0]).toMatchObject({
      kind: 'history',
      message: expect.stringMatching(/starts with 'accept'/),
    });
  });

  it('reports unreadable event JSON instead of throwing', () => {
    const events = history();
    events[2] = { ...events[2]!, after: '{not json' };
    expect(auditTicket(ticket(), events)).toContainEqual({
      kind: 'history',
      message: `event ${events[2]!.id} has unreadable before/after`,
    });
  });
});

describe('events that change nothing', () => {
  it('may keep the version (an automatic reminder), but a change may not', () => {
    expect(auditTicket(ticket(), [...history(), ev('remind', null, null, 3)])).toEqual([]);
  });
});
