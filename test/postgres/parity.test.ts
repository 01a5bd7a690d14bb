// The same repository calls on SQLite and on PostgreSQL give the same answers: the same helpdesk
// written through both stores' people and tickets repositories, then every read compared, the
// queue's keyset pages included (ties on every sort key, as in tickets.test.ts beside SQLite's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/sqlite/db.js';
import { createPeopleRepo } from '../../src/store/sqlite/repos/people.js';
import { createTicketsRepo } from '../../src/store/sqlite/repos/tickets.js';
import {
  conversationFrom,
  notificationLookupsFrom,
  sortValue,
  SORT_KEYS,
  summaryLookupsFrom,
  type Sort,
  type TicketsRepo,
} from '../../src/store/port/index.js';
import { createConfigRepo } from '../../src/store/sqlite/repos/config.js';
import { createMacrosRepo } from '../../src/store/sqlite/repos/macros.js';
import { createSlaSettingsRepo } from '../../src/store/sqlite/repos/slaSettings.js';
import { NO_DUE } from '../../src/store/sqlite/schema/index.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { parseFilter } from '../../src/domain/filter/index.js';
import type { FilterCompiler, FilterContext } from '../../src/store/port/index.js';
import { sqliteFilters } from '../../src/store/sqlite/filters.js';
import { postgresFilters } from '../../src/store/postgres/filters.js';

let server: PrivatePostgres;
let sqlite: Store;
let postgres: PostgresStore;
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

/** Both stores' repositories, the same calls on each. */
interface Repos {
  name: string;
  people: ReturnType<typeof createPeopleRepo>;
  tickets: ReturnType<typeof createTicketsRepo>;
  config: ReturnType<typeof createConfigRepo>;
  macros: ReturnType<typeof createMacrosRepo>;
  sla: ReturnType<typeof createSlaSettingsRepo>;
  write: <T>(fn: () => T) => T;
  filters: FilterCompiler;
}
let stores: Repos[];

beforeAll(async () => {
  server = await startPostgres();
  postgres = openPostgresStore(server.url);
  sqlite = openStore(':memory:');
  stores = [
    {
      name: 'sqlite',
      people: createPeopleRepo(sqlite.db),
      tickets: createTicketsRepo(sqlite.db),
      config: createConfigRepo(sqlite.db),
      macros: createMacrosRepo(sqlite.db),
      sla: createSlaSettingsRepo(sqlite.db),
      write: sqlite.write,
      filters: sqliteFilters,
    },
    // The synchronous PostgreSQL repositories take the same arguments (a filter's `where` aside).
    {
      name: 'postgres',
      people: postgres.repos.people as never,
      tickets: postgres.repos.tickets as never,
      config: postgres.repos.config,
      macros: postgres.repos.macros,
      sla: { plans: postgres.repos.slaPlans, calendars: postgres.repos.calendars },
      write: postgres.write,
      filters: postgresFilters,
    },
  ];
  for (const store of stores) store.write(() => fill(store));
});
afterAll(() => {
  postgres?.close();
  sqlite?.close();
  server?.stop();
});

function fill({ people, tickets, config, macros, sla }: Repos): void {
  config.set('types', ['question', 'incident']);
  config.set('mail', { from: 'support@example.com' });
  config.set('gone', 1);
  config.remove('gone');
  macros.upsert('b-close', '{"steps":[]}');
  macros.upsert('a', '{}');
  macros.upsert('a', '{"steps":["solve"]}');
  macros.upsert('Z', '{}');
  sla.plans.put('gold', { pickup: 30 });
  sla.plans.put('basic', { pickup: 60 });
  expect(sla.calendars.putIfMissing('default', { hours: '9-17' })).toBe(true);
  expect(sla.calendars.putIfMissing('default', { hours: 'never' })).toBe(false);
  const acme = people.insertOrg({ name: 'Acme', createdAt: 1 });
  people.insertOrg({ name: 'beta', slaPlan: 'gold', createdAt: 2 });
  // A capital outside ASCII: PostgreSQL's lower() leaves it on a C-locale database (the tests').
  const eclair = people.insertOrg({ name: 'Éclair Ltd', createdAt: 2 });
  people.addOrgDomain(acme.id, 'ACME.example');
  const carol = people.insertUser({
    handle: 'carol',
    name: 'Carol',
    email: 'Carol@Acme.example',
    role: 'requester',
    orgId: acme.id,
    createdAt: 3,
  });
  people.insertUser({ handle: 'Sam', name: 'Sam', role: 'superuser', orgId: acme.id, createdAt: 4 });
  people.insertUser({ handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 5 });
  const root = people.insertUser({ handle: 'root', name: 'Root', role: 'admin', createdAt: 6 });
  people.updateUser(root.id, { notifyAll: true, away: true });
  // Capitals outside ASCII in names (the requester picker's search folds them as SQLite does).
  people.insertUser({ handle: 'chloe', name: 'Chloé López', role: 'requester', createdAt: 7 });
  people.insertUser({ handle: 'eric', name: 'Éric Roy', role: 'requester', createdAt: 8 });
  for (let i = 0; i < 120; i++) {
    const ticket = tickets.insertTicket({
      subject: `t${i}`,
      description: 'd',
      requesterId: carol.id,
      orgId: i % 3 ? (i % 7 ? acme.id : eclair.id) : null,
      type: 'question',
      channel: 'web',
      level: 1 + (i % 2),
      assigneeId: i % 4 ? 3 : null,
      status: STATUSES[(i * 7) % 6]!,
      priority: `P${1 + ((i * 3) % 5)}`,
      slaDueAt: [NO_DUE, 1000, 2000][(i * 5) % 3]!,
      updatedAt: [10, 20][i % 2]!,
      createdAt: [5, 6, 7, 8][(i * 11) % 4]!,
      statusSince: 0,
      pickupBreached: i % 5 === 0 ? true : null,
    });
    if (i % 2) tickets.addTag(ticket.id, ['b', 'a', 'B'][i % 3]!);
    tickets.addTag(ticket.id, 'all');
    tickets.addTag(ticket.id, 'all');
    if (i % 3 === 0) tickets.addWatcher(ticket.id, 4);
    // Muted by the assignee and the watcher now and then (two users: the order of the ids counts).
    if (i % 4 === 1) for (const userId of [4, 3]) tickets.setMuted(ticket.id, userId, true);
    tickets.upsertLevel({ ticketId: ticket.id, level: 1, enteredAt: 5 });
    tickets.upsertLevel({ ticketId: ticket.id, level: 1, enteredAt: 5, pickedUpAt: 9, pickedUpBy: 3 });
    const comment = tickets.insertComment({
      ticketId: ticket.id,
      authorId: carol.id,
      body: 'hi',
      internal: i % 2 === 0,
      channel: 'web',
      createdAt: 7,
    });
    // Two files on the first tickets' comments (internal ones on even tickets: hidden from requesters).
    if (i < 4)
      for (const filename of ['b.txt', 'a.txt'])
        tickets.insertAttachment({ commentId: comment.id, filename, contentType: 'text/plain', size: 2, data: Buffer.from('hi') });
    const event = tickets.insertEvent({
      ticketId: ticket.id,
      actorId: carol.id,
      at: 7,
      action: 'comment',
      commentId: comment.id,
      version: 1,
    });
    tickets.insertOutbox([{ ticketId: ticket.id, eventId: event.id, recipientId: 3, kind: 'comment', nextAttemptAt: 7, createdAt: 7 }]);
    if (i % 4 === 0) expect(tickets.updateTicket(ticket.id, 1, { subject: `t${i} again`, updatedAt: 30 })).toBe(true);
    if (i % 4 === 0) expect(tickets.updateTicket(ticket.id, 1, { subject: 'stale' })).toBe(false);
  }
}

/** Every store's answer to `call`, compared with SQLite's. */
function same(call: (store: (typeof stores)[number]) => unknown) {
  const [want, ...others] = stores.map(call);
  for (const [i, got] of others.entries()) expect(got, stores[i + 1]!.name).toEqual(want);
  return want;
}

describe('SQLite and PostgreSQL give the same answers', () => {
  it('people: users and organizations by handle, id, e-mail, domain; lists in byte order', () => {
    same((s) => [
      s.people.userByHandle('carol'),
      s.people.userByHandle('nobody'),
      s.people.userById(4),
      s.people.userByEmail('carol@ACME.example'),
    ]);
    same((s) => [
      s.people.usersByIds([4, 1, 99]),
      s.people.listUsers(),
      s.people.countUsers(),
      s.people.superuserIdsOfOrg(1),
      s.people.notifyAllAdminIds(),
    ]);
    same((s) => [
      s.people.orgByName('ACME'),
      s.people.orgById(2),
      s.people.orgsByIds([2, 1]),
      s.people.orgByDomain('acme.EXAMPLE'),
      s.people.domainOwner('acme.example'),
    ]);
    same((s) => [s.people.domainsOfOrgs([1, 2]), s.people.listOrgs()]);
    const found = (text: string) => same((s) => s.people.searchUsers(text, 10).map((u) => u.handle));
    expect(found('LÓPEZ')).toEqual(['chloe']);
    expect(found('Éric')).toEqual(['eric']);
    expect(found('chloé')).toEqual(['chloe']);
    expect(found('CAR')).toEqual(['carol']);
    expect(found('50%')).toEqual([]);
  });

  it('settings: config, macros, SLA plans and calendars', () => {
    same((s) => [s.config.get('types'), s.config.get('gone'), s.config.all()]);
    same((s) => [s.macros.byName('a'), s.macros.byName('none'), s.macros.list()]);
    same((s) => s.write(() => [s.macros.remove('Z'), s.macros.remove('Z')]));
    same((s) => [s.sla.plans.get('gold'), s.sla.plans.list(), s.sla.calendars.list(), s.sla.calendars.get('none')]);
  });

  it('tickets: rows, tags, watchers, levels, comments, events, load per assignee', () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13];
    same((s) => [ids.map((id) => s.tickets.ticketById(id)), s.tickets.ticketById(999)]);
    same((s) => [
      s.tickets.tagsOf(ids),
      s.tickets.watchersOf(ids),
      s.tickets.levelsOfTickets(ids),
      s.tickets.levelsOf(2),
      s.tickets.level(2, 1),
      s.tickets.level(2, 2),
    ]);
    same((s) => [s.tickets.commentsOf(1, true), s.tickets.commentsOf(1, false), s.tickets.commentsOf(2, false), s.tickets.eventsOf(3)]);
    same((s) => [s.tickets.lastCommentsOf(1, true, 2), s.tickets.lastCommentsOf(1, false, 5)]);
    same((s) => [s.tickets.openLoadByAssignee(1), s.tickets.openLoadByAssignee(2)]);
    // The composed look-ups: SQLite's from its own queries, PostgreSQL's one call.
    const keys = ids.map((id) => {
      const { requesterId, assigneeId, orgId } = stores[0]!.tickets.ticketById(id)!;
      return { id, requesterId, assigneeId, orgId };
    });
    const composed = (s: Repos): Pick<TicketsRepo, 'summaryLookups' | 'notificationLookups' | 'conversationOf'> =>
      s.name === 'sqlite'
        ? {
            summaryLookups: (rows) => summaryLookupsFrom(rows, s.tickets, s.people),
            notificationLookups: (ticket) => notificationLookupsFrom(ticket, s.tickets, s.people),
            conversationOf: (id, internal) => conversationFrom(id, internal, s.tickets),
          }
        : (s.tickets as unknown as TicketsRepo);
    const looked = same((s) => [composed(s).summaryLookups(keys), ...keys.map((k) => composed(s).notificationLookups(k))]) as unknown[];
    expect(JSON.stringify(looked)).toMatch(/"handle"/);
    const conversations = same((s) =>
      [1, 2, 3].flatMap((id) => [composed(s).conversationOf(id, true), composed(s).conversationOf(id, false)]),
    );
    expect(JSON.stringify(conversations)).toMatch(/"body"/);
    same((s) => [
      s.tickets.count(undefined),
      s.tickets.count(undefined, { requesterId: 0, orgId: 1 }, ['open', 'new']),
      s.tickets.count(undefined, { requesterId: 0 }, []),
      s.tickets.count(undefined, { requesterId: 1, orgId: 2 }),
    ]);
  });

  describe('tickets: keyset pages in every sort over status lists', () => {
    const sorts: Sort[] = SORT_KEYS.flatMap((key) => [false, true].map((descending) => ({ key, descending })));
    const lists: Array<readonly string[] | undefined> = [
      undefined,
      ['open'],
      ['new', 'open', 'pending', 'on_hold'],
      ['solved', 'closed'],
      [],
    ];
    for (const sort of sorts) {
      it(`${sort.descending ? '-' : ''}${sort.key}`, () => {
        for (const statuses of lists) {
          for (const scope of [undefined, { requesterId: 0, orgId: 1 }]) {
            const pages = same((s) => {
              const ids: number[] = [];
              let after: { value: number | string; id: number } | undefined;
              for (;;) {
                const page = s.tickets.list({ sort, statuses, scope, limit: 9, after });
                ids.push(...page.map((r) => r.id));
                const last = page[page.length - 1];
                if (page.length < 9 || !last) return ids;
                after = { value: sortValue(last, sort.key), id: last.id };
              }
            }) as number[];
            expect(pages.length).toBe(stores[0]!.tickets.count(undefined, scope, statuses));
          }
        }
      });
    }
  });

  // Each store compiles the same filter its own way (PostgreSQL: in its worker, from the tree as
  // data); the tickets found, their pages and counts, with and without a reader's scope, agree.
  describe('filters: the same tickets through either compiler', () => {
    const ctx: FilterContext = { actorId: 3, nowMs: 1_000_000, includeInternal: true };
    const filters = [
      'status=open',
      'status!=closed and priority<P3',
      'status in (new, open) or level=2',
      'not (status=solved) and level in (1, 3)',
      'priority in (P4, p5)',
      'type in (QUESTION, incident)',
      'type!=question',
      'channel=web and waiting!=requester',
      'assignee=ann',
      'assignee=none',
      'assignee=me',
      'assignee in (me, none)',
      'assignee!=ann',
      'assignee~an',
      'requester in (carol, "carol@acme.example")',
      'requester=me',
      'org=acme',
      'org=none',
      'org!=acme',
      'org~cm',
      'org in (beta, none)',
      'org="Éclair Ltd"',
      'org="ÉCLAIR LTD"',
      'org!="Éclair Ltd"',
      'org in ("Éclair Ltd", beta)',
      'tag=b',
      'tag in (a, B)',
      'tag=none',
      'tag!=none',
      'tag not in (a, b)',
      'tag~l',
      'created=1970-01-01',
      'created>1970-01-02',
      'idle>1d',
      'age<=1h',
      'sla=breached',
      'sla in (running, at_risk)',
      'sla=none',
      'sla!=breached',
      'text~again',
      'text~"*T1"',
      'text~hi',
    ];
    for (const text of filters) {
      it(text, () => {
        const node = parseFilter(text);
        expect(node, text).toBeDefined();
        for (const scope of [undefined, { requesterId: 0, orgId: 1 }]) {
          same((s) => {
            const compiled = s.filters.ticketFilter(node!, ctx);
            const query = { where: compiled.where, statuses: compiled.statuses ?? undefined, seeks: compiled.seeks, scope };
            const ids: number[] = [];
            let after: { value: number | string; id: number } | undefined;
            for (;;) {
              const page = s.tickets.list({ ...query, sort: { key: 'priority', descending: false }, limit: 25, after });
              ids.push(...page.map((r) => r.id));
              const last = page[page.length - 1];
              if (page.length < 25 || !last) break;
              after = { value: sortValue(last, 'priority'), id: last.id };
            }
            const count = s.tickets.count(compiled.where, scope, compiled.statuses ?? undefined, compiled.seeks);
            const plain = s.tickets.count(s.filters.condition(node!, ctx), scope);
            return { ids, count, plain };
          });
        }
      });
    }
  });
});
