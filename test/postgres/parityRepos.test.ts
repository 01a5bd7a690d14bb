// The rest of the port's repositories give the same answers on SQLite and PostgreSQL (drafts, mail,
// automation, routing, audit, exchange, SLA report, batch and a batch's fast writes): one helpdesk
// written through both stores' repositories, then the same reads and writes compared call by call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite/db.js';
import { sqliteStorePort, type SqliteStore } from '../../src/store/sqlite/index.js';
import type { BatchTarget, BatchWrites, Repositories, ReportWindow } from '../../src/store/port/index.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { postgresBatchWrites } from '../../src/store/postgres/batch.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let sqlite: SqliteStore;
let postgres: PostgresStore;

interface Side {
  name: string;
  repos: Repositories;
  fast: BatchWrites;
  write: <T>(fn: () => T) => T;
  read: <T>(fn: () => T) => T;
}
let sides: Side[];
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startPostgres();
  postgres = openPostgresStore(server.url);
  sqlite = sqliteStorePort(openStore(':memory:'));
  sides = [
    { name: 'sqlite', repos: sqlite.repos, fast: sqlite.batchWrites(), write: sqlite.write, read: sqlite.read },
    // The synchronous PostgreSQL repositories take the port's arguments; a filter condition aside (none here).
    {
      name: 'postgres',
      repos: pgRepositories(postgres),
      fast: postgresBatchWrites(postgres),
      write: postgres.write,
      read: postgres.read,
    },
  ];
  for (const side of sides) side.write(() => fill(side));
});
afterAll(() => {
  postgres?.close();
  sqlite?.close();
  server?.stop();
});

function fill({ repos }: Side): void {
  const { people, tickets, mail, automation, batch, drafts } = repos;
  const acme = people.insertOrg({ name: 'Acme', createdAt: 1 });
  people.insertOrg({ name: 'Beta', createdAt: 1 });
  people.addOrgDomain(acme.id, 'acme.example');
  const carol = people.insertUser({ handle: 'carol', name: 'Carol', role: 'requester', orgId: acme.id, createdAt: 1 });
  people.insertUser({ handle: 'sam', name: 'Sam', role: 'superuser', orgId: acme.id, tier: 1, createdAt: 1 });
  people.insertUser({ handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 1 });
  const bob = people.insertUser({ handle: 'bob', name: 'Bob', role: 'agent', tier: 1, createdAt: 1 });
  people.updateUser(bob.id, { away: true });
  people.insertUser({ handle: 'eve', name: 'Eve', role: 'engineer', tier: 2, createdAt: 1 });
  for (let i = 0; i < 60; i++) {
    const status = STATUSES[(i * 7) % 6]!;
    const stopped = i % 3 === 0;
    const t = tickets.insertTicket({
      subject: `t${i}`,
      description: 'd',
      requesterId: i % 5 ? carol.id : 2,
      orgId: i % 4 ? acme.id : null,
      type: ['question', 'incident'][i % 2]!,
      channel: 'mail',
      level: 1 + (i % 3 === 2 ? 1 : 0),
      assigneeId: [null, 3, 4, 5][i % 4]!,
      status,
      priority: `P${1 + (i % 4)}`,
      createdAt: i * HOUR,
      updatedAt: i * HOUR,
      statusSince: (i % 10) * HOUR,
      pickupDueAt: i % 6 ? i * HOUR + 30 * 60_000 : null,
      pickupMinutes: stopped ? (i * 13) % 90 : null,
      pickupBreached: stopped ? (i * 13) % 90 > 30 : null,
      resolutionDueAt: i % 5 ? i * HOUR + 8 * HOUR : null,
      resolutionMinutes: i % 4 === 1 ? (i * 37) % 600 : null,
      resolutionBreached: i % 4 === 1 ? (i * 37) % 600 > 480 : null,
      pausedSince: status === 'pending' ? i * HOUR : null,
      slaDueAt: i % 7 === 0 ? 8_640_000_000_000_000 : i * HOUR + 8 * HOUR,
      slaRiskAt: i % 7 === 0 ? 8_640_000_000_000_000 : i * HOUR + 6 * HOUR,
    });
    tickets.upsertLevel({ ticketId: t.id, level: 1, enteredAt: i * HOUR, pickupDueAt: i * HOUR + 1800_000 });
    if (stopped)
      tickets.upsertLevel({
        ticketId: t.id,
        level: 1,
        enteredAt: i * HOUR,
        pickedUpAt: i * HOUR + ((i * 13) % 90) * 60_000,
        pickedUpBy: 4,
        pickupMinutes: (i * 13) % 90,
      });
    if (i % 2) tickets.addTag(t.id, ['vip', 'Bug', 'billing'][i % 3]!);
    if (i % 3 === 1) tickets.addWatcher(t.id, 4);
    const comment = tickets.insertComment({ ticketId: t.id, authorId: carol.id, body: `hello ${i}`, channel: 'mail', createdAt: i * HOUR });
    const event = tickets.insertEvent({
      ticketId: t.id,
      actorId: carol.id,
      at: i * HOUR,
      action: 'create',
      after: `{"status":"new"}`,
      version: 1,
      batchId: i % 5 === 0 ? 'b-1' : null,
    });
    if (i % 5 === 0)
      tickets.insertEvent({ ticketId: t.id, actorId: 3, at: i * HOUR + 1, action: i % 2 ? 'close' : 'tag', version: 2, batchId: 'b-1' });
    // Solves by two agents, for report agents' resolution medians.
    if (i % 4 === 1) tickets.insertEvent({ ticketId: t.id, actorId: i % 3 ? 4 : 5, at: i * HOUR + 2, action: 'solve', version: 3 });
    tickets.insertOutbox([
      { ticketId: t.id, eventId: event.id, recipientId: carol.id, kind: 'created', nextAttemptAt: i * 1000, createdAt: i * HOUR },
    ]);
    if (i % 4 === 0)
      mail.recordMailMessage({ messageId: `<m${i}@x>`, ticketId: t.id, receivedAt: i * HOUR, outcome: i % 8 ? 'commented' : 'created' });
    if (i % 6 === 0) automation.recordFiring(t.id, 'remind', (i % 10) * HOUR, i);
    if (i % 9 === 0) drafts.upsert({ ticketId: t.id, userId: 3, kind: 'reply', text: `draft ${i}`, baseVersion: 1, updatedAt: i });
    if (i === 1) mail.setCommentMessageId(comment.id, '<c1@x>');
  }
  mail.recordMailMessage({
    messageId: '<spam@x>',
    receivedAt: 5,
    outcome: 'rejected',
    reason: 'unknown sender',
    subject: 'buy',
    sender: 'x@y',
    raw: Buffer.from('raw bytes'),
  });
  mail.recordMailMessage({ messageId: '<spam@x>', receivedAt: 6, outcome: 'created' });
  // Kept in the same millisecond, inserted out of id order: the list's order must not be the table's.
  for (const id of ['<tie-c@x>', '<tie-a@x>', '<tie-b@x>'])
    mail.recordMailMessage({ messageId: id, receivedAt: 7, outcome: 'rejected', reason: 'no sender', raw: Buffer.from(id) });
  batch.insert({ id: 'b-1', createdAt: 10, command: 'close', actorId: 3, filter: 'status:open', params: '{}', total: 12 });
  batch.insert({ id: 'b-2', createdAt: 20, command: 'close', actorId: 3, filter: 'status:open', params: '{}', total: 3 });
  batch.insert({ id: 'c-3', createdAt: 30, command: 'tag', actorId: 4, filter: 'all', params: '{}', total: 1 });
  batch.setDone('b-2', 2);
  batch.finish('c-3', 1, 40);
}

/** The PostgreSQL store's repositories under the port's names (the store forwards each call to its worker). */
function pgRepositories(store: PostgresStore): Repositories {
  const r = store.repos;
  return {
    tickets: r.tickets,
    people: r.people,
    config: r.config,
    macros: r.macros,
    drafts: r.drafts,
    automation: r.automation,
    routing: r.routing,
    slaSettings: { plans: r.slaPlans, calendars: r.calendars },
    slaReport: r.slaReport,
    mail: r.mail,
    exchange: r.exchange,
    audit: r.audit,
    batch: r.batch,
    agentReport: r.agentReport,
  } as unknown as Repositories;
}

/** Every side's answer to `call`, compared with SQLite's. */
/** An open question from the first user, as an import writes it: with its own id. */
const importedTicket = (id: number, subject: string) => ({
  id,
  subject,
  description: '',
  requesterId: 1,
  type: 'question',
  priority: 'P3',
  status: 'open',
  level: 1,
  channel: 'web',
  createdAt: 1,
  updatedAt: 1,
  statusSince: 1,
});

function same(call: (side: Side) => unknown): unknown {
  const [want, ...others] = sides.map(call);
  for (const [i, got] of others.entries()) expect(got, sides[i + 1]!.name).toEqual(want);
  return want;
}

describe('SQLite and PostgreSQL give the same answers', () => {
  it('drafts: get, upsert over an existing draft, remove', () => {
    same((s) =>
      s.write(() => {
        const before = s.repos.drafts.get(1, 3);
        s.repos.drafts.upsert({ ticketId: 1, userId: 3, kind: 'note', text: 'again', baseVersion: 2, updatedAt: 9 });
        const after = s.repos.drafts.get(1, 3);
        s.repos.drafts.remove(10, 3);
        return [before, after, s.repos.drafts.get(10, 3), s.repos.drafts.get(1, 99)];
      }),
    );
  });

  it('mail: claims, leases, retries and releases in due order; threads and rejected mail', () => {
    same((s) =>
      s.read(() => [
        s.repos.mail.nextDueAt(),
        s.repos.mail.ticketIdOfReceivedMessage(['<none>', '<m8@x>']),
        s.repos.mail.creatingMessageOf(1),
        s.repos.mail.creatingMessageOf(5),
      ]),
    );
    same((s) =>
      s.write(() => {
        const claimed = s.repos.mail.claimDue(20_000, 99_000, 5);
        s.repos.mail.setMessageId(claimed[0]!.id, '<out1@x>');
        const sent = [s.repos.mail.markSent(claimed[0]!.id, 50), s.repos.mail.markSent(claimed[0]!.id, 51)];
        s.repos.mail.markRetry(claimed[1]!.id, 70_000, 'timeout');
        s.repos.mail.release(claimed[2]!.id, 10, 'no server');
        s.repos.mail.release(claimed[2]!.id, 11);
        s.repos.mail.markFinal(claimed[3]!.id, 'failed', 'bounced');
        const again = s.repos.mail.claimDue(20_000, 99_000, 3);
        return { claimed, sent, again, next: s.repos.mail.nextDueAt(), thread: s.repos.mail.ticketIdOfSentMessage(['<out1@x>']) };
      }),
    );
    same((s) =>
      s.read(() => [
        s.repos.mail.eventById(3),
        s.repos.mail.commentById(2),
        s.repos.mail.lastCommentOf(2),
        s.repos.mail.mailMessage('<spam@x>'),
        s.repos.mail.rejectedMessages(10),
        s.repos.mail.rejectedMessageRaw('<spam@x>')!.toString(),
        s.repos.mail.rejectedMessageRaw('<m8@x>'),
      ]),
    );
  });

  it('automation and routing: candidates in keyset chunks, fired steps, staff and loads', () => {
    same((s) =>
      s.read(() => {
        const chunks = [];
        let after: { statusSince: number; id: number } | undefined;
        for (;;) {
          const page = s.repos.automation.candidates({ status: 'open', sinceAtMost: 8 * HOUR, unlessFired: 'remind', after, limit: 3 });
          chunks.push(page.map((t) => t.id));
          if (page.length < 3) break;
          after = { statusSince: page[2]!.statusSince, id: page[2]!.id };
        }
        return chunks;
      }),
    );
    same((s) =>
      s.write(() => [
        s.repos.automation.firedSteps(
          new Map([
            [1, 0],
            [7, 6 * HOUR],
            [13, 0],
            [2, 1],
          ]),
        ),
        s.repos.automation.recordFiring(1, 'remind', 0, 5),
        s.repos.automation.recordFiring(1, 'close', 0, 5),
        s.repos.automation.presentStaffIdsOfTier(1),
      ]),
    );
    same((s) =>
      s.read(() => [
        s.repos.routing.staffOfTier(1),
        s.repos.routing.loadsAtLevel([3, 4, 5, 9], 1),
        s.repos.routing.loadsAtLevel([], 1),
        s.repos.routing.handledForOrg([3, 4, 5], 1),
      ]),
    );
  });

  it('audit: pages of tickets with their events, tags and watchers', () => {
    same((s) => s.read(() => [s.repos.audit.page(0, 7), s.repos.audit.page(55, 7), s.repos.audit.page(0, 7, 31)]));
  });

  it('exchange: pages and everything hanging off them; imports keep ids and new tickets get fresh ones', () => {
    same((s) =>
      s.read(() => {
        const page = s.repos.exchange.ticketsPage(undefined, 10, 5);
        const ids = page.map((t) => t.id);
        return [page, s.repos.exchange.levelsOf(ids), s.repos.exchange.commentsOf(ids), s.repos.exchange.eventsOf(ids)];
      }),
    );
    same((s) =>
      s.read(() => [
        [...s.repos.exchange.referencedUserIds(undefined)].sort((a, b) => a - b),
        s.repos.exchange.ticketIdsTaken([1, 60, 61]),
        s.repos.exchange.usersByHandles(['ann', 'nobody']),
        s.repos.exchange.orgsByNames(['Beta']),
        s.repos.exchange.domainsTaken(['acme.example', 'b.example']),
      ]),
    );
    same((s) =>
      s.write(() => {
        // A chunked import reserves the file's ids first: a chunk below the highest must not
        // move the sequence back, or the next ticket created would take an id the file holds.
        s.repos.exchange.reserveTicketIds(700);
        s.repos.exchange.reserveTicketIds(600); // a smaller file after it moves nothing back
        s.repos.exchange.insertTickets([
          {
            ticket: importedTicket(500, 'imported'),
            tags: ['old', 'older'],
            watcherIds: [4],
            levels: [{ ticketId: 500, level: 1, enteredAt: 1 }],
            comments: [
              { row: { ticketId: 500, authorId: 1, body: 'first', channel: 'web', createdAt: 1 }, attachments: [] },
              {
                row: { ticketId: 500, authorId: 1, body: 'b', channel: 'web', createdAt: 2 },
                attachments: [
                  { filename: 'a.bin', contentType: 'application/octet-stream', size: 256, data: Buffer.from([...Array(256).keys()]) },
                ],
              },
            ],
            events: [
              { ticketId: 500, at: 1, action: 'import', version: 1, comment: null },
              { ticketId: 500, at: 2, action: 'comment', version: 1, comment: 1 },
            ],
          },
          {
            ticket: importedTicket(501, 'imported too'),
            tags: [],
            watcherIds: [],
            levels: [],
            comments: [{ row: { ticketId: 501, authorId: 1, body: 'c', channel: 'web', createdAt: 3 }, attachments: [] }],
            events: [{ ticketId: 501, at: 3, action: 'comment', version: 1, comment: 0 }],
          },
        ]);
        s.repos.exchange.setFollowUps([
          [500, 2],
          [501, 500],
        ]);
        const next = s.repos.tickets.insertTicket({
          subject: 'new',
          description: '',
          requesterId: 1,
          type: 'question',
          priority: 'P3',
          status: 'new',
          level: 1,
          channel: 'web',
          createdAt: 2,
          updatedAt: 2,
          statusSince: 2,
        });
        const written = s.repos.exchange.commentsOf([500, 501]);
        const commentIds = [...written.values()].flat().map((c) => c.id);
        const attachments = [...s.repos.exchange.attachmentsOf(commentIds).values()]
          .flat()
          .map((a) => ({ ...a, data: Buffer.from(a.data).toString('base64') }));
        expect(attachments.map((a) => a.data)).toEqual([Buffer.from([...Array(256).keys()]).toString('base64')]); // every byte value
        const hanging = [
          s.repos.tickets.tagsOf([500, 501]),
          s.repos.tickets.watchersOf([500, 501]),
          s.repos.exchange.levelsOf([500, 501]),
          written,
          s.repos.exchange.eventsOf([500, 501]),
        ];
        expect(next.id).toBe(701);
        return { next: next.id, tickets: [s.repos.tickets.ticketById(500), s.repos.tickets.ticketById(501)], attachments, hanging };
      }),
    );
  });

  it('SLA report: every dimension, level pickups, backlog and the forecast', () => {
    const windows: ReportWindow[] = [
      { sinceMs: null, untilMs: null, nowMs: 30 * HOUR, scope: undefined },
      { sinceMs: 10 * HOUR, untilMs: 50 * HOUR, nowMs: 40 * HOUR, scope: { requesterId: 1, orgId: 1 } },
      { sinceMs: null, untilMs: null, nowMs: 40 * HOUR, scope: { requesterId: 2 } },
    ];
    const byKey = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    for (const w of windows) {
      const all = same((s) => s.read(() => s.repos.slaReport.groups('all', w))) as Array<{ pickup: { stopped: number } | null }>;
      expect(all[0]?.pickup?.stopped).toBeGreaterThan(0);
      for (const by of ['all', 'priority', 'level', 'agent', 'org', 'type'] as const)
        same((s) => s.read(() => byKey(s.repos.slaReport.groups(by, w))));
      same((s) =>
        s.read(() => [
          byKey(s.repos.slaReport.levelPickups(w)),
          byKey(s.repos.slaReport.backlogByStatusLevel(w)),
          byKey(s.repos.slaReport.backlogByAssignee(w)),
          s.repos.slaReport.dueBetween(w, w.nowMs + 20 * HOUR, 5),
        ]),
      );
    }
  });

  it('report agents: load, solves, pickups and their medians, in and out of a window', () => {
    const windows = [
      { sinceMs: null, untilMs: null },
      { sinceMs: 10 * HOUR, untilMs: 40 * HOUR },
      { sinceMs: 100 * HOUR, untilMs: null },
    ];
    const all = same((s) => s.read(() => s.repos.agentReport.agents(windows[0]!))) as Array<Record<string, unknown>>;
    expect(all.filter((r) => r.pickupMedianMinutes !== null).length).toBeGreaterThan(0);
    expect(all.filter((r) => r.resolutionMedianMinutes !== null).length).toBe(2);
    for (const w of windows.slice(1)) same((s) => s.read(() => s.repos.agentReport.agents(w)));
  });

  it('batch: runs, targets of a selection and a scope, resumes past done tickets, history', () => {
    const target: BatchTarget = { where: undefined, scope: { requesterId: 1, orgId: 1 }, maxId: 50, batchId: 'b-1' };
    const selection: BatchTarget = { where: undefined, scope: undefined, maxId: 60, ids: [3, 4, 5, 6, 60, 99] };
    same((s) =>
      s.read(() => [
        s.repos.batch.maxTicketId(),
        s.repos.batch.countTargets(target),
        s.repos.batch.countClosed(target),
        s.repos.batch.targetIds(target),
        s.repos.batch.targetIds(selection),
        s.repos.batch.targetsAmong(target, [1, 2, 3, 4, 8, 9, 10]),
        s.repos.batch.targetsAmong(selection, []),
        s.repos.batch.workflowAmong(selection, [3, 4, 5, 6, 7]),
        s.repos.batch.versionsOf([1, 2, 999]),
      ]),
    );
    same((s) =>
      s.read(() => [
        s.repos.batch.byId('b-2'),
        s.repos.batch.unfinished('close', 3, 'status:open'),
        s.repos.batch.eventCountOfBatch('b-1'),
        s.repos.batch.recent({ unfinished: false, limit: 5 }),
        s.repos.batch.recent({ actorId: 3, unfinished: true, limit: 1 }),
        s.repos.batch.byIdPrefix('b-', undefined),
        s.repos.batch.byIdPrefix('c', 3),
        s.repos.batch.eventsOfBatch('b-1'),
      ]),
    );
  });

  it("PostgreSQL's change mark moves with this transaction's writes and with other connections' commits", () => {
    const other = openPostgresStore(server.url, { migrate: false });
    try {
      postgres.write(() => {
        const before = postgres.repos.batch.changeMark();
        expect(postgres.repos.batch.changeMark()).toBe(before);
        postgres.repos.batch.setDone('b-2', 2);
        expect(postgres.repos.batch.changeMark()).not.toBe(before);
      });
      const quiet = postgres.read(() => postgres.repos.batch.changeMark());
      other.write(() => other.repos.batch.setDone('b-2', 2));
      expect(postgres.read(() => postgres.repos.batch.changeMark())).not.toBe(quiet);
    } finally {
      other.close();
    }
  });

  it("batch writes: a chunk's events and outbox rows many at a time, and planning that cannot write", () => {
    same((s) =>
      s.write(() => {
        const ids = s.fast.insertEvents(
          Array.from({ length: 40 }, (_, i) => ({ ticketId: 1 + (i % 5), at: 100 + i, action: 'tag', version: 2, batchId: 'b-2' })),
        );
        s.fast.insertOutbox(
          ids.map((eventId, i) => ({
            ticketId: 1 + (i % 5),
            eventId,
            recipientId: 1,
            kind: 'tag',
            state: 'queued',
            nextAttemptAt: 100,
            createdAt: 100,
          })),
        );
        const one = s.fast.insertEvent({ ticketId: 2, at: 200, action: 'note', version: 3 });
        s.fast.upsertLevel({ ticketId: 2, level: 2, enteredAt: 200 });
        const updated = [s.fast.updateTicket(2, 1, { priority: 'P1', updatedAt: 200 }), s.fast.updateTicket(2, 1, { priority: 'P2' })];
        return {
          ids,
          one,
          updated,
          levels: s.repos.tickets.levelsOf(2),
          ticket: s.repos.tickets.ticketById(2),
          outbox: s.repos.mail.nextDueAt(),
          superusers: s.fast.superuserIdsOfOrg(1),
        };
      }),
    );
    const planned = same((s) =>
      s.read(() =>
        s.fast.withoutWrites(() => {
          let refused = false;
          try {
            s.repos.drafts.upsert({ ticketId: 3, userId: 3, kind: 'reply', text: 'x', baseVersion: 1, updatedAt: 1 });
          } catch (error) {
            refused = s.fast.isWriteRefused(error);
          }
          // The transaction goes on after the refusal: later reads in the plan still work.
          return { refused, after: s.repos.drafts.get(3, 3), ticket: s.repos.tickets.ticketById(3)?.id };
        }),
      ),
    );
    expect(planned).toEqual({ refused: true, after: undefined, ticket: 3 });
  });
  it("batch writes: a chunk's ticket updates many at a time (per column set, a ticket's second after its first), and its look-ups in one call", () => {
    const after = same((s) =>
      s.write(() => {
        const at = (id: number) => s.repos.tickets.ticketById(id)!;
        const [a, b, c, d, e] = [10, 11, 12, 13, 14].map(at);
        const close = (at: number, closingReason = 'solved') => ({ status: 'closed', closedAt: at, closingReason, updatedAt: at });
        const done = s.fast.updateTickets([
          { id: 10, version: a!.version, fields: close(500) },
          { id: 11, version: b!.version, fields: close(501) },
          // The same ticket again at its next version, with the same columns: a later statement.
          { id: 12, version: c!.version, fields: close(502) },
          { id: 12, version: c!.version + 1, fields: close(503, 'inactive') },
          // A version that moved: refused, the others still written.
          { id: 13, version: d!.version + 5, fields: close(504) },
          // Another column set, with a null and a boolean.
          { id: 14, version: e!.version, fields: { assigneeId: null, pickupBreached: true, updatedAt: 505 } },
        ]);
        return { done, rows: [10, 11, 12, 13, 14].map(at) };
      }),
    ) as {
      done: boolean[];
      rows: { version: number; status: string; closingReason: string | null; assigneeId: number | null; pickupBreached: boolean | null }[];
    };
    expect(after.done).toEqual([true, true, true, true, false, true]);
    expect(after.rows.map((r) => r.status).slice(0, 3)).toEqual(['closed', 'closed', 'closed']);
    expect(after.rows[2]!.closingReason).toBe('inactive');
    expect(after.rows[3]!.status).not.toBe('closed');
    expect(after.rows[4]).toMatchObject({ assigneeId: null, pickupBreached: true });
    const found = same((s) =>
      s.write(() => {
        s.repos.tickets.setMuted(2, 4, true);
        s.repos.tickets.setMuted(2, 3, true);
        const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => s.repos.tickets.ticketById(id)!);
        return s.repos.tickets.chunkLookups(rows);
      }),
    ) as { mutedIds: Map<number, number[]>; superuserIds: Map<number, number[]>; users: { id: number }[] };
    expect(found.mutedIds).toEqual(new Map([[2, [3, 4]]]));
    expect(found.superuserIds).toEqual(new Map([[1, [2]]]));
    expect(found.users.map((u) => u.id).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
