// Filters against a real in-memory database built by the project's migrations.
import { and, asc, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../domain/filter/index.js';
import { openStore, type Store } from './db.js';
import { compileFilter, compileTicketFilter, statusesOf, type FilterContext } from './filterSql.js';
import { NO_DUE, comments, organizations, ticketTags, tickets, users } from './schema/index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALICE = 1;
const CAROL = 3;

let store: Store;

beforeAll(() => {
  store = openStore(':memory:');
  const { db } = store;
  db.insert(organizations)
    .values([
      { id: 1, name: 'ACME Corp', createdAt: 0 },
      { id: 2, name: 'Globex', createdAt: 0 },
    ])
    .run();
  db.insert(users)
    .values([
      { id: ALICE, handle: 'alice', name: 'Alice Agent', email: 'alice@acme.test', role: 'agent', tier: 1, createdAt: 0 },
      { id: 2, handle: 'bob', name: 'Bob Builder', role: 'agent', tier: 1, createdAt: 0 },
      { id: CAROL, handle: 'carol', name: "Carol O'Hara", email: 'carol@example.com', role: 'requester', createdAt: 0 },
      { id: 4, handle: 'dave', name: 'Dave', email: 'dave@acme.test', role: 'requester', orgId: 1, createdAt: 0 },
    ])
    .run();
  const base = { description: 'details', statusSince: 0, version: 1 };
  db.insert(tickets)
    .values([
      // at_risk: a running clock due in 30 minutes, under 25% of its target left since an hour.
      {
        ...base,
        id: 1,
        subject: 'Printer jam on floor 3',
        status: 'open',
        level: 1,
        priority: 'P2',
        type: 'fault',
        assigneeId: ALICE,
        requesterId: CAROL,
        orgId: 1,
        channel: 'email',
        createdAt: NOW - 10 * DAY,
        updatedAt: NOW - 8 * DAY,
        pickupDueAt: NOW - DAY,
        resolutionDueAt: NOW + 30 * MINUTE,
        slaDueAt: NOW + 30 * MINUTE,
        slaRiskAt: NOW - HOUR,
      },
      // breached: the pickup clock was breached.
      {
        ...base,
        id: 2,
        subject: 'VPN down 100% of the time',
        status: 'pending',
        level: 2,
        priority: 'P1',
        type: 'question',
        requesterId: 4,
        orgId: 2,
        channel: 'phone',
        createdAt: Date.parse('2026-01-31T23:00:00Z'),
        updatedAt: NOW - HOUR,
        pickupDueAt: NOW - 2 * DAY,
        pickupBreached: true,
        slaDueAt: NO_DUE,
      },
      // running: due in 10 hours.
      {
        ...base,
        id: 3,
        subject: 'Feature: dark_mode',
        status: 'new',
        level: 1,
        priority: 'P4',
        type: 'improvement',
        assigneeId: 2,
        requesterId: CAROL,
        channel: 'web',
        createdAt: NOW - HOUR,
        updatedAt: NOW - HOUR,
        pickupDueAt: NOW + 10 * HOUR,
        slaDueAt: NOW + 10 * HOUR,
        slaRiskAt: NOW + 8 * HOUR,
      },
      // none: no targets (P5).
      {
        ...base,
        id: 4,
        subject: 'Closed old thing',
        status: 'closed',
        level: 3,
        priority: 'P5',
        type: 'Fault',
        assigneeId: ALICE,
        requesterId: 4,
        orgId: 1,
        channel: 'cli',
        createdAt: Date.parse('2025-12-01T00:00:00Z'),
        updatedAt: Date.parse('2026-01-31T00:00:00Z'),
      },
      // paused: waiting on the customer.
      {
        ...base,
        id: 5,
        subject: 'Waiting on customer',
        status: 'pending',
        level: 1,
        priority: 'P3',
        type: 'question',
        assigneeId: 2,
        requesterId: CAROL,
        channel: 'email',
        createdAt: NOW - 3 * DAY,
        updatedAt: NOW - 2 * DAY,
        pickupDueAt: NOW - 3 * DAY + HOUR,
        resolutionDueAt: NOW + DAY,
        pausedSince: NOW - 2 * DAY,
        slaDueAt: NO_DUE,
      },
      // met: both clocks stopped in time. Its subject is an injection attempt stored as data.
      {
        ...base,
        id: 6,
        subject: "'; drop table tickets; --",
        status: 'solved',
        level: 1,
        priority: 'P3',
        type: 'question',
        requesterId: 4,
        channel: 'web',
        createdAt: NOW - 5 * DAY,
        updatedAt: NOW - 4 * DAY,
        pickupDueAt: NOW - 4 * DAY,
        resolutionDueAt: NOW - 2 * DAY,
        pickupBreached: false,
        resolutionBreached: false,
        slaDueAt: NO_DUE,
      },
    ])
    .run();
  db.insert(ticketTags)
    .values([
      { ticketId: 1, tag: 'printer' },
      { ticketId: 1, tag: 'hardware' },
      { ticketId: 2, tag: 'vpn' },
    ])
    .run();
  db.insert(comments)
    .values([
      { ticketId: 3, authorId: CAROL, body: 'The PRINTER in room 5 also jams', internal: false, channel: 'web', createdAt: NOW },
      { ticketId: 5, authorId: ALICE, body: 'secret printer note', internal: true, channel: 'cli', createdAt: NOW },
    ])
    .run();
});

afterAll(() => store.close());

const staff: FilterContext = { actorId: ALICE, nowMs: NOW, includeInternal: false };

function matching(filter: string, ctx: FilterContext = staff): number[] {
  const node = parseFilter(filter);
  const where = node ? compileFilter(node, ctx) : undefined;
  return store.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(where)
    .orderBy(asc(tickets.id))
    .all()
    .map((row) => row.id);
}

const ALL = [1, 2, 3, 4, 5, 6];
const except = (...ids: number[]): number[] => ALL.filter((id) => !ids.includes(id));

const CASES: Array<[string, number[]]> = [
  ['status=open', [1]],
  ['status in (open, pending)', [1, 2, 5]],
  ['status!=closed', except(4)],
  ['status not in (closed, solved)', [1, 2, 3, 5]],
  ['level>=2', [2, 4]],
  ['level in (1, 3)', [1, 3, 4, 5, 6]],
  ['priority<P3', [1, 2]],
  ['priority>=P3', [3, 4, 5, 6]],
  ['priority in (P4, p5)', [3, 4]],
  ['type=fault', [1, 4]],
  ['type in (FAULT, improvement)', [1, 3, 4]],
  ['channel=email', [1, 5]],
  ['assignee=me', [1, 4]],
  ['assignee=none', [2, 6]],
  ['assignee=ALICE', [1, 4]],
  ['assignee=alice@acme.test', [1, 4]],
  ['assignee!=alice', [2, 3, 5, 6]],
  ['assignee=ghost', []],
  ['assignee!=ghost', ALL],
  ['assignee~build', [3, 5]],
  ['assignee in (bob, none)', [2, 3, 5, 6]],
  ['requester=carol@example.com', [1, 3, 5]],
  ['requester=dave', [2, 4, 6]],
  ['requester=none', []],
  [`requester~"o'hara"`, [1, 3, 5]],
  ['org="ACME Corp"', [1, 4]],
  ["org='acme corp'", [1, 4]],
  ['org=none', [3, 5, 6]],
  ['org!=Globex', except(2)],
  ['org~glob', [2]],
  ['org in (Globex, none)', [2, 3, 5, 6]],
  ['tag=printer', [1]],
  ['tag=none', [3, 4, 5, 6]],
  ['tag!=none', [1, 2]],
  ['tag!=printer', except(1)],
  ['tag in (vpn, HARDWARE)', [1, 2]],
  ['tag=PRINTER', [1]],
  ['tag in (vpn, none)', [2, 3, 4, 5, 6]],
  ['tag not in (vpn, printer)', except(1, 2)],
  ['requester in (carol, "dave@acme.test", me)', [1, 2, 3, 4, 5, 6]],
  ['assignee in (me, none)', [1, 2, 4, 6]],
  ['org in ("acme corp", globex, ghost)', [1, 2, 4]],
  ['tag~ard', [1]],
  ['created=2026-01-31', [2]],
  ['created<2026-01-31', [4]],
  ['created<=2026-01-31', [2, 4]],
  ['created>2026-01-31', [1, 3, 5, 6]],
  ['created!=2026-01-31', except(2)],
  ['created>=2026-01-31T23:00:00Z', except(4)],
  ['created=2026-01-31T23:00:00Z', [2]],
  ['updated=2026-01-31', [4]],
  ['idle>7d', [1, 4]],
  ['idle<=1h', [2, 3]],
  ['idle>=2d', [1, 4, 5, 6]],
  ['age<1d', [3]],
  ['age>4w', [2, 4]],
  ['sla=breached', [2]],
  ['sla=at_risk', [1]],
  ['sla=running', [3]],
  ['sla=paused', [5]],
  ['sla=met', [6]],
  ['sla=none', [4]],
  ['sla in (met, none)', [4, 6]],
  ['sla!=breached', except(2)],
  ['text~printer', [1, 3]],
  ['text~details', ALL],
  ['text~"100%"', [2]],
  ['text~"*k_m"', [3]],
  ['text~"k_m"', []],
  ['text~"dark mo"', [3]],
  ['text~"PRINTER JAM"', [1]],
  ['text~rint', []],
  ['text~*rint', [1, 3]],
  ['text~"r_j"', []],
  ['text~"%"', [2]],
  ['status=pending and idle>1d or level=3', [4, 5]],
  ['not (status=open or tag=none)', [2]],
  ['status in (open, pending) and status!=pending and level=1', [1]],
  ['(status=open or status=new) and assignee!=none', [1, 3]],
  ['not status in (open, pending) and sla in (breached, met)', [6]],
  ['status=open or tag=vpn', [1, 2]],
];

describe('compileFilter: which tickets match', () => {
  it.each(CASES)('%s', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('follows the actor for me', () => {
    expect(matching('requester=me', { ...staff, actorId: CAROL })).toEqual([1, 3, 5]);
    expect(matching('assignee=me', { ...staff, actorId: CAROL })).toEqual([]);
  });

  it('searches internal notes only when allowed', () => {
    expect(matching('text~"secret printer"')).toEqual([]);
    expect(matching('text~printer', { ...staff, includeInternal: true })).toEqual([1, 3, 5]);
  });

  it('moves the at-risk window with the context', () => {
    expect(matching('sla=at_risk', { ...staff, atRiskWithinMs: 12 * HOUR })).toEqual([1, 3]);
    expect(matching('sla=running', { ...staff, atRiskWithinMs: 12 * HOUR })).toEqual([]);
  });

  it('puts every ticket in exactly one SLA state', () => {
    const states = ['breached', 'at_risk', 'running', 'paused', 'met', 'none'];
    const seen = states.flatMap((state) => matching(`sla=${state}`));
    expect([...seen].sort()).toEqual(ALL);
  });

  it('makes not the exact complement of every comparison, even on NULL columns', () => {
    const filters = [
      'assignee=alice',
      'assignee~ali',
      'assignee=me',
      'assignee in (bob, ghost)',
      'requester=carol',
      'org="ACME Corp"',
      'org~acme',
      'org=none',
      'tag=printer',
      'tag~x',
      'created=2026-01-31',
      'idle>1d',
      'sla=breached',
      'sla=met',
      'sla=none',
      'text~printer',
      'type=fault',
      'priority<=P2',
    ];
    for (const filter of filters) {
      const yes = matching(filter);
      const no = matching(`not (${filter})`);
      expect([...yes, ...no].sort(), filter).toEqual(ALL);
    }
  });
});

describe('compileTicketFilter: the status list and the rest', () => {
  // What the tickets repository reads: one of the statuses, and the rest of the filter.
  function matchingSplit(filter: string): number[] {
    const { where, statuses } = compileTicketFilter(parseFilter(filter)!, staff);
    const statusIn = statuses ? inArray(tickets.status, statuses) : undefined;
    return store.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(statusIn, where))
      .orderBy(asc(tickets.id))
      .all()
      .map((row) => row.id);
  }

  it.each(CASES)('%s', (filter, expected) => {
    expect(matchingSplit(filter)).toEqual(expected);
  });

  // A seek lets the repository read only its candidates: each must hold every match.
  it.each([
    ...CASES,
    ['org="ACME Corp" and tag in (printer, VPN, ghost) and requester=carol', [1]] as [string, number[]],
    ['assignee=me and status=open', [1]] as [string, number[]],
  ])('seeks of %s hold every match', (filter, expected) => {
    const { seeks } = compileTicketFilter(parseFilter(filter)!, staff);
    for (const seek of seeks) {
      const ids = new Set(store.db.all<{ id: number }>(sql`select id from (${seek})`).map((row) => row.id));
      expect(
        expected.filter((id) => !ids.has(id)),
        filter,
      ).toEqual([]);
    }
  });

  it('seeks by index on org, requester, assignee and tag (= and in), never on none, ~ or negations', () => {
    const count = (filter: string) => compileTicketFilter(parseFilter(filter)!, staff).seeks.length;
    expect(count('org=acme and requester in (carol, me) and tag=x and assignee=me and status=open')).toBe(4);
    expect(count('org in (acme, none) or tag=x')).toBe(0);
    expect(count('org~acme and tag!=x and not requester=carol and assignee=none and level=1')).toBe(0);
  });

  it.each([
    ['status in (new, open, pending, on_hold)', ['new', 'open', 'pending', 'on_hold']],
    ['sla in (breached, at_risk) and status!=closed', ['new', 'open', 'pending', 'on_hold', 'solved']],
    ['assignee=none and status in (new, open) and level=2', ['new', 'open']],
    ['status in (open, pending) and (status=pending or status=closed)', ['pending']],
    ['not status in (solved, closed)', ['new', 'open', 'pending', 'on_hold']],
    ['status=open or level=2', null],
    ['not (status=open and level=2)', null],
    ['level=2', null],
  ])('%s allows %j', (filter, expected) => {
    expect(statusesOf(parseFilter(filter)!)).toEqual(expected);
  });

  it('leaves the top-level status comparisons out of the rest', () => {
    const { where } = compileTicketFilter(parseFilter('status in (open, pending) and level=1')!, staff);
    expect(store.db.select({ id: tickets.id }).from(tickets).where(where).toSQL().sql).not.toMatch(/"status"/);
  });
});

describe('compileFilter: values are bound, never spliced', () => {
  const injection = "'; drop table tickets; --";

  it('keeps user text out of the SQL text', () => {
    const node = parseFilter(`text~"${injection}" or org="x' or 1=1 --" or assignee=robert_drop or type="fault' --"`)!;
    const query = store.db.select({ id: tickets.id }).from(tickets).where(compileFilter(node, staff)).toSQL();
    expect(query.sql).not.toMatch(/drop|1=1|robert|fault/i);
    expect(query.params).toEqual(expect.arrayContaining(['"drop table tickets"*', "x' or 1=1 --", 'robert_drop', "fault' --"]));
    const substring = store.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(compileFilter(parseFilter(`text~"*${injection}"`)!, staff))
      .toSQL();
    expect(substring.sql).not.toMatch(/drop/i);
    expect(substring.params).toContain(`%${injection}%`);
  });

  it('treats injection attempts as plain text that matches only itself', () => {
    expect(matching(`text~"${injection}"`)).toEqual([6]);
    expect(matching(`text~"${injection}" or org="x' or 1=1 --"`)).toEqual([6]);
    expect(matching(`requester="' or '1'='1"`)).toEqual([]);
    expect(matching(`tag="x') or 1=1 --"`)).toEqual([]);
    const count = store.db
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .get();
    expect(count?.n).toBe(6);
  });

  it('compiles the largest filter the parser accepts within SQLite limits', () => {
    const many = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `tag=t${i}` : `assignee=user${i}`)).join(' or ');
    expect(matching(many)).toEqual([]);
    const nested = `${'not ('.repeat(32)}status=open${')'.repeat(32)}`;
    expect(matching(nested)).toEqual([1]); // an even number of nots
  });
});
