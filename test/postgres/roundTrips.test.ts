// What a queue page, a `ticket show` and an action cost on PostgreSQL in round trips through the
// synchronous bridge (store/postgres/bridge.ts): each is a hand-off main thread → worker → server
// → back, the largest part of a page's time on a loaded machine (README "PostgreSQL"). The
// settings are cached per app and checked in the transaction's first round trip, so a setting
// another process changed is never served stale; a read's commit is sent without waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/createApp.js';
import { FREE_CLOCK_KEY } from '../../src/app/context.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { assignTicket, replyToTicket, setPriority, tagTicket, watchTicket } from '../../src/app/tickets/ticketActions.js';
import { listTickets, showTicket } from '../../src/app/tickets/ticketQueries.js';
import { loadQueueAround, loadQueueWindow } from '../../src/app/tickets/queuePage.js';
import { queueTabs } from '../../src/app/tickets/queueTabs.js';
import { openPostgresStorePort, type PostgresStorePort } from '../../src/store/postgres/index.js';
import type { Actor } from '../../src/domain/permissions.js';
import { dictionaries, setDictionary } from '../../src/app/settings/dictionaries.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';
import { seedPeople } from '../helpers/app.js';

let server: PrivatePostgres;
let store: PostgresStorePort;
let app: App;
let otherStore: PostgresStorePort;
let other: App;
const clock = { now: () => new Date('2026-03-02T10:00:00Z') };

beforeAll(async () => {
  server = await startPostgres();
  store = openPostgresStorePort(server.url);
  app = createApp(store, clock);
  app.config.set(FREE_CLOCK_KEY, true);
  seedPeople({ app } as Parameters<typeof seedPeople>[0]);
  const requesters = ['ann', 'abe', 'gus', 'sam'];
  const admin = resolveActor(app, 'admin');
  // Level 2 (the agents'): an organization with a superuser starts its tickets at level 1.
  for (let i = 0; i < 45; i++) {
    const id = createTicket(app, admin, { subject: `Ticket ${i}`, description: `about ${i}`, requester: requesters[i % 4]!, level: 2 }).id;
    if (i % 3 !== 2) assignTicket(app, admin, id, i % 3 === 0 ? 'bob' : 'bea');
    if (i % 4 === 0) tagTicket(app, admin, id, [`tag${i % 5}`, 'vip']);
    if (i % 5 === 0) watchTicket(app, admin, id, [i % 2 ? 'bob' : 'bea'], false);
  }
  // Another process on the same database: its connection, its app.
  otherStore = openPostgresStorePort(server.url, { mustExist: true });
  other = createApp(otherStore, clock);
}, 120_000);
afterAll(() => {
  otherStore?.close();
  store?.close();
  server?.stop();
});

/** The round trips `fn` makes, and its result. */
function counted<T>(fn: () => T): { trips: number; value: T } {
  const before = store.roundTrips();
  const value = fn();
  return { trips: store.roundTrips() - before, value };
}

const tab = (actor: Actor, id: string) => queueTabs(actor).find((t) => t.id === id)!.filter;
const firstPage = (actor: Actor, id: string) =>
  loadQueueWindow(app, actor, { where: tab(actor, id), sort: { key: 'sla', descending: false }, size: 40 }, { kind: 'first' });

describe('round trips through the PostgreSQL bridge', () => {
  it('a queue page, a ticket shown and an action', () => {
    const admin = resolveActor(app, 'admin');
    const bob = resolveActor(app, 'bob');
    firstPage(admin, 'open'); // warm: the app's first read of its settings
    const allOpen = counted(() => firstPage(admin, 'open'));
    expect(allOpen.value.rows).toHaveLength(40);
    const mine = counted(() => firstPage(bob, 'mine'));
    expect(mine.value.rows).toHaveLength(15);
    expect(mine.value.rows.every((r) => r.ticket.assignee === 'bob')).toBe(true);
    const list = counted(() => listTickets(app, bob, { where: tab(bob, 'open'), limit: 50 }));
    expect(list.value.tickets).toHaveLength(45);
    // The refresh after a colleague's write: the window around the cursor's ticket.
    const aroundTicket = allOpen.value.rows[20]!.ticket.id;
    const input = { where: tab(admin, 'open'), sort: { key: 'sla' as const, descending: false }, size: 10 };
    const around = counted(() => loadQueueAround(app, admin, input, aroundTicket, 5));
    expect(around.value!.rows[5]!.ticket.id).toBe(aroundTicket);
    const id = mine.value.rows[0]!.ticket.id;
    const show = counted(() => showTicket(app, bob, id));
    expect(show.value.id).toBe(id);
    const reply = counted(() => replyToTicket(app, bob, id, 'On it.', { ifVersion: show.value.version }));
    expect(reply.value.ticket.version).toBe(show.value.version + 1);
    // Taking a ticket from Unassigned: its level's row (last assignee, pickup, SLA clock) read and
    // written once each, not read twice and written three times.
    const free = firstPage(bob, 'unassigned').rows[0]!.ticket;
    const take = counted(() => assignTicket(app, bob, free.id, 'bob', { ifVersion: free.version }));
    expect(app.store.read(() => app.tickets.level(free.id, free.level))).toMatchObject({
      lastAssigneeId: bob.id,
      pickedUpAt: clock.now().getTime(),
      pickedUpBy: bob.id,
    });
    const priority = counted(() =>
      setPriority(app, bob, free.id, free.priority === 'P1' ? 'P2' : 'P1', { ifVersion: take.value.ticket.version }),
    );
    expect(priority.value.ticket.version).toBe(take.value.ticket.version + 1);
    console.log(
      `round trips: All open (admin) ${allOpen.trips}, Mine (agent) ${mine.trips}, around ${around.trips}, ticket list ${list.trips}, ticket show ${show.trips}, reply ${reply.trips}, take ${take.trips}, priority ${priority.trips}`,
    );
    expect({
      allOpen: allOpen.trips,
      mine: mine.trips,
      around: around.trips,
      list: list.trips,
      show: show.trips,
      reply: reply.trips,
      take: take.trips,
      priority: priority.trips,
    }).toEqual({
      allOpen: 2,
      mine: 2,
      around: 5,
      list: 2,
      show: 4,
      // A take's level row and outbox rows, a priority change's too, are posted writes (db.ts).
      reply: 7,
      take: 7,
      priority: 6,
    });
    // A read's commit is not waited for, but it is made before the worker's next request: no
    // session of this store is left inside a transaction.
    const sessions = store.query<{ state: string; n: string }>(
      `select state, count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by state`,
    );
    expect(sessions.filter((s) => s.state !== 'idle')).toEqual([]);
  });

  it('never serves a setting another process changed: a page, a read and a write see it at once', () => {
    const admin = resolveActor(app, 'admin');
    const otherAdmin = resolveActor(other, 'admin');
    firstPage(admin, 'open'); // the settings cached
    // A status label the filter language reads: the next page's filter parses with it.
    setDictionary(other, otherAdmin, 'status', 'open', 'EN COURS');
    const relabelled = loadQueueWindow(
      app,
      admin,
      { where: 'status="EN COURS"', sort: { key: 'sla', descending: false }, size: 5 },
      { kind: 'first' },
    );
    expect(relabelled.rows.map((r) => r.ticket.status)).toEqual(Array(5).fill('open'));
    // Read from the cache before the transaction's first round trip, then checked by it: rerun.
    setDictionary(other, otherAdmin, 'status', 'open', 'IN PROGRESS');
    let runs = 0;
    const seen = app.store.read(() => {
      runs++;
      const label = dictionaries(app).statusLabels.open;
      app.tickets.ticketById(1);
      return label;
    });
    expect({ seen, runs }).toEqual({ seen: 'IN PROGRESS', runs: 2 });
    // A transaction that only read the cache: checked at its end.
    setDictionary(other, otherAdmin, 'status', 'open', 'OPEN');
    expect(app.store.read(() => dictionaries(app).statusLabels.open)).toBe('OPEN');
    // Outside a transaction, and in a write (a type the other process just added).
    setDictionary(other, otherAdmin, 'types', 'question,incident,problem,task,outage');
    expect(dictionaries(app).types).toContain('outage');
    setDictionary(other, otherAdmin, 'types', 'question,incident,problem,task,outage,audit');
    expect(createTicket(app, admin, { subject: 'Audit', description: 'x', requester: 'ann', type: 'audit' }).type).toBe('audit');
  });

  it('reruns a transaction the server refused at its commit (40001) on the same connection, not a new one', () => {
    // A table of this test's own whose rows are refused at commit twice (a deferred trigger),
    // as a serialization failure found at commit is.
    store.query('create table commit_probe (n int)');
    store.query('create sequence commit_refusals');
    store.query(`create function refuse_twice() returns trigger language plpgsql as $$ begin
      if nextval('commit_refusals') <= 2 then raise exception 'refused at commit' using errcode = '40001'; end if;
      return null; end $$`);
    store.query(`create constraint trigger refuse_at_commit after insert on commit_probe deferrable initially deferred
      for each row execute function refuse_twice()`);
    const sessions: number[] = [];
    store.write(() => {
      sessions.push(store.query<{ pid: number }>('select pg_backend_pid() as pid')[0]!.pid);
      store.query('insert into commit_probe values (1)');
    });
    expect(sessions).toHaveLength(3);
    expect(new Set(sessions).size).toBe(1);
    expect(store.query('select count(*)::int as n from commit_probe')).toEqual([{ n: 1 }]);
  });

  it("says a posted write refused by the server at its transaction's next request: reruns what may be rerun, keeps nothing of the rest", () => {
    // Tags are posted writes (no answer awaited): a trigger of this test's own refuses them.
    store.query('create sequence tag_refusals');
    store.query(`create function refuse_tags() returns trigger language plpgsql as $$ begin
      if new.tag = 'refused' then raise exception 'no such tag here' using errcode = '23514'; end if;
      if new.tag = 'contended' and nextval('tag_refusals') <= 2 then raise exception 'lost a race' using errcode = '40001'; end if;
      return new; end $$`);
    store.query(`create trigger refuse_tags before insert on ticket_tags for each row execute function refuse_tags()`);
    const id = firstPage(resolveActor(app, 'admin'), 'open').rows[0]!.ticket.id;
    const tagsOf = () =>
      store.query<{ tag: string }>('select tag from ticket_tags where ticket_id = $1 order by tag', [id]).map((r) => r.tag);
    const before = tagsOf();
    const trips = store.roundTrips();
    let runs = 0;
    // A serialization failure: the whole transaction is run again, and kept once.
    store.write(() => {
      runs++;
      app.tickets.ticketById(id);
      app.tickets.addTag(id, 'contended');
    });
    expect(runs).toBe(3);
    // Each run: its first read (with the begin) and its commit; the tag waited for neither.
    expect(store.roundTrips() - trips).toBe(3 * 2 + 2);
    expect(tagsOf()).toEqual([...before, 'contended'].sort());
    // Any other refusal is the write's failure, said at the commit in the server's words; nothing
    // of the transaction is kept (the tag written before it in the same run included).
    expect(() =>
      store.write(() => {
        app.tickets.ticketById(id);
        app.tickets.addTag(id, 'kept-only-with-the-rest');
        app.tickets.addTag(id, 'refused');
      }),
    ).toThrow('no such tag here');
    expect(tagsOf()).toEqual([...before, 'contended'].sort());
    // Said at the next request when there is one, which does not run; the store goes on.
    expect(() =>
      store.write(() => {
        app.tickets.ticketById(id);
        app.tickets.addTag(id, 'refused');
        app.tickets.addTag(id, 'never-sent');
        store.query(`insert into ticket_tags values (${id}, 'not-run')`);
      }),
    ).toThrow('no such tag here');
    store.write(() => app.tickets.addTag(id, 'after'));
    expect(tagsOf()).toEqual([...before, 'after', 'contended'].sort());
    // Previews wait for each write, so that a refusal is said where it happens.
    expect(() => store.preview(() => (app.tickets.ticketById(id), app.tickets.addTag(id, 'refused')))).toThrow('no such tag here');
  });
});
