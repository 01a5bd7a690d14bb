// The PostgreSQL store's transactions, as src/app relies on them with SQLite: all or nothing,
// nested calls as savepoints, a read-then-write that lost a race rerun on fresh data, and what
// cannot go through reported as Busy (exit 75).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Busy, OutcomeUnknown } from '../../src/domain/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { MAX_ATTEMPTS } from '../../src/store/postgres/transactions.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let store: PostgresStore;
let other: PostgresStore;
let ticketId: number;
beforeAll(async () => {
  server = await startPostgres();
  store = openPostgresStore(server.url);
  other = openPostgresStore(server.url, { migrate: false });
  const carol = store.repos.people.insertUser({ handle: 'carol', name: 'Carol', role: 'requester', createdAt: 0 });
  ticketId = store.repos.tickets.insertTicket({
    subject: 's',
    description: '',
    requesterId: carol.id,
    type: 'question',
    priority: 'P3',
    status: 'new',
    level: 1,
    channel: 'web',
    createdAt: 0,
    updatedAt: 0,
    statusSince: 0,
  }).id;
});
afterAll(() => {
  other?.close();
  store?.close();
  server?.stop();
});

const sleepMs = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const subjectNow = () => store.repos.tickets.ticketById(ticketId)!.subject;

describe('PostgreSQL store transactions', () => {
  it('keep nothing of a write whose callback throws, and pass the error on', () => {
    expect(() =>
      store.write(() => {
        store.repos.tickets.addTag(ticketId, 'lost');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).toBeUndefined();
  });

  it('nest as savepoints: an inner failure caught by the outer callback undoes only the inner part', () => {
    store.write(() => {
      store.repos.tickets.addTag(ticketId, 'outer');
      try {
        store.write(() => {
          store.repos.tickets.addTag(ticketId, 'inner');
          throw new Error('inner refused');
        });
      } catch {
        // the outer use case goes on
      }
    });
    expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).toEqual(['outer']);
  });

  it('rerun a read-then-write whose row another connection changed meanwhile, on fresh data', () => {
    let runs = 0;
    const seen: string[] = [];
    store.write(() => {
      runs++;
      const ticket = store.repos.tickets.ticketById(ticketId)!;
      seen.push(ticket.subject);
      // Another agent commits a change to this ticket between our read and our write (once).
      if (runs === 1) other.write(() => other.repos.tickets.updateTicket(ticketId, ticket.version, { subject: 'theirs' }));
      expect(store.repos.tickets.updateTicket(ticketId, ticket.version, { subject: `${ticket.subject}+mine` })).toBe(true);
    });
    expect(runs).toBe(2);
    expect(seen).toEqual(['s', 'theirs']);
    expect(subjectNow()).toBe('theirs+mine');
  });

  it('report a write still conflicting at the busy timeout as Busy, having written nothing', () => {
    // Long enough for a second attempt even on a loaded machine (the first one can take 300 ms there).
    const hasty = openPostgresStore(server.url, { migrate: false, busyTimeoutMs: 2000 });
    try {
      const before = subjectNow();
      let runs = 0;
      expect(() =>
        hasty.write(() => {
          runs++;
          const ticket = hasty.repos.tickets.ticketById(ticketId)!;
          other.write(() => other.repos.tickets.updateTicket(ticketId, ticket.version, { subject: `other ${runs}` }));
          hasty.repos.tickets.updateTicket(ticketId, ticket.version, { subject: 'never' });
        }),
      ).toThrow(Busy);
      expect(runs).toBeGreaterThan(1);
      expect(subjectNow()).toBe(`other ${runs}`);
      expect(subjectNow()).not.toBe(before);
    } finally {
      hasty.close();
    }
  });

  it('rerun a write that lost a write skew to a concurrent writer (serialization failure), and keep both', () => {
    // Each reads one ticket's tags and tags the other: alone each is fine, interleaved they are a
    // write skew that only serializable isolation refuses (40001); the loser reruns on fresh data.
    const { id: _id, ...copy } = store.repos.tickets.ticketById(ticketId)!;
    const second = store.repos.tickets.insertTicket({ ...copy, subject: 'second' }).id;
    let runs = 0;
    const seen: Array<string[]> = [];
    store.write(() => {
      runs++;
      seen.push(store.repos.tickets.tagsOf([ticketId]).get(ticketId) ?? []);
      if (runs === 1) {
        other.write(() => {
          other.repos.tickets.tagsOf([second]);
          other.repos.tickets.addTag(ticketId, 'skew-theirs');
        });
      }
      store.repos.tickets.addTag(second, 'skew-mine');
    });
    expect(runs).toBe(2);
    expect(seen[1]).toContain('skew-theirs');
    expect(store.repos.tickets.tagsOf([ticketId, second])).toEqual(
      new Map([
        [ticketId, expect.arrayContaining(['skew-theirs'])],
        [second, ['skew-mine']],
      ]),
    );
  });

  it(`stop rerunning after ${MAX_ATTEMPTS} runs with Busy however long the timeout, nothing of the write kept`, () => {
    const patient = openPostgresStore(server.url, { migrate: false, busyTimeoutMs: 600_000 });
    try {
      let runs = 0;
      expect(() =>
        patient.write(() => {
          runs++;
          // Written first, then the conflict: a run that fails must leave no part of itself.
          patient.repos.tickets.addTag(ticketId, 'half-applied');
          const ticket = patient.repos.tickets.ticketById(ticketId)!;
          other.write(() => other.repos.tickets.updateTicket(ticketId, ticket.version, { subject: `bounded ${runs}` }));
          patient.repos.tickets.updateTicket(ticketId, ticket.version, { subject: 'never' });
        }),
      ).toThrow(new Busy('the database is busy; try again in a moment'));
      expect(runs).toBe(MAX_ATTEMPTS);
      expect(subjectNow()).toBe(`bounded ${MAX_ATTEMPTS}`);
      expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).not.toContain('half-applied');
    } finally {
      patient.close();
    }
  });

  it('read one snapshot: a commit elsewhere during a read is not seen by it', () => {
    const subjects = store.read(() => {
      const first = store.repos.tickets.ticketById(ticketId)!;
      other.write(() => other.repos.tickets.updateTicket(ticketId, first.version, { subject: 'during the read' }));
      return [first.subject, store.repos.tickets.ticketById(ticketId)!.subject];
    });
    expect(subjects[0]).toBe(subjects[1]);
    expect(subjectNow()).toBe('during the read');
  });

  it('rerun a write whose connection was lost before its commit, on a new connection', () => {
    let runs = 0;
    store.write(() => {
      runs++;
      if (runs === 1) {
        const [{ pid }] = store.query<{ pid: number }>('select pg_backend_pid() as pid') as [{ pid: number }];
        other.query('select pg_terminate_backend($1)', [pid]);
      }
      store.repos.tickets.addTag(ticketId, 'after a lost connection');
    });
    expect(runs).toBe(2);
    expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).toContain('after a lost connection');
  });

  it('say a server short of a resource (class 53) as Busy, and any refusal in its own words first, having written nothing', () => {
    // What a full predicate-lock table says ("out of shared memory", 53200), and a refusal, on demand.
    store.query(`create function tt_refuse() returns trigger language plpgsql as $$ begin
      if new.subject = 'no memory' then raise exception 'out of shared memory' using errcode = '53200'; end if;
      if new.subject = 'refused' then raise exception 'no such subject here' using errcode = '23514'; end if;
      return new; end $$`);
    store.query('create trigger tt_refuse before update on tickets for each row execute function tt_refuse()');
    try {
      const version = store.repos.tickets.ticketById(ticketId)!.version;
      const write = (subject: string) => () =>
        store.write(() => {
          store.repos.tickets.addTag(ticketId, 'kept?');
          store.repos.tickets.updateTicket(ticketId, version, { subject });
        });
      expect(write('no memory')).toThrow(Busy);
      expect(write('no memory')).toThrow(
        /^the PostgreSQL server is short of a resource \(out of shared memory \(SQLSTATE 53200\)\); nothing was written: try again later$/,
      );
      // The first line (all the CLI shows) is the server's reason, not drizzle's "Failed query: <SQL>".
      expect(write('refused')).toThrow(/^PostgreSQL: no such subject here \(SQLSTATE 23514\)\n/);
      expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId) ?? []).not.toContain('kept?');
    } finally {
      store.query('drop trigger tt_refuse on tickets');
      store.query('drop function tt_refuse()');
    }
  });

  it('say a commit whose answer never came as OutcomeUnknown, not "try again", and never rerun it: here it was written', () => {
    // A commit that stalls past the bridge's timeout, as one waiting for a synchronous standby that
    // is gone would: a deferred trigger sleeps at the commit.
    store.query(`create function tt_slow_commit() returns trigger language plpgsql as $$ begin
      perform pg_sleep(4); return null; end $$`);
    store.query(`create constraint trigger tt_slow_commit after insert on ticket_tags deferrable initially deferred
      for each row when (new.tag = 'slow commit') execute function tt_slow_commit()`);
    // Room for the worker's start on a loaded machine, and less than the commit's 4 s.
    const impatient = openPostgresStore(server.url, { migrate: false, callTimeoutMs: 2500 });
    try {
      let runs = 0;
      const write = () =>
        impatient.write(() => {
          runs++;
          impatient.repos.tickets.addTag(ticketId, 'slow commit');
        });
      let thrown: unknown;
      try {
        write();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OutcomeUnknown);
      expect((thrown as Error).message).toBe(
        'the connection to PostgreSQL was lost while the change was being committed: it may have been written; look before trying again',
      );
      expect(runs).toBe(1);
      // The commit went through after all: "try again" would have written it twice.
      sleepMs(3000);
      expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).toContain('slow commit');
      // The late answers are dropped and the store goes on.
      impatient.write(() => impatient.repos.tickets.addTag(ticketId, 'after the stall'));
      expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId)).toContain('after the stall');
    } finally {
      impatient.close();
      store.query('drop trigger tt_slow_commit on ticket_tags');
      store.query('drop function tt_slow_commit()');
    }
  });

  it('say a connection lost during the commit as OutcomeUnknown, never rerun', () => {
    store.query(`create function tt_lost_commit() returns trigger language plpgsql as $$ begin
      perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(5); return null; end $$`);
    store.query(`create constraint trigger tt_lost_commit after insert on ticket_tags deferrable initially deferred
      for each row when (new.tag = 'lost at commit') execute function tt_lost_commit()`);
    try {
      let runs = 0;
      expect(() =>
        store.write(() => {
          runs++;
          store.repos.tickets.addTag(ticketId, 'lost at commit');
        }),
      ).toThrow(OutcomeUnknown);
      expect(runs).toBe(1);
      // The server ended the session inside the commit: this time nothing was written.
      expect(store.repos.tickets.tagsOf([ticketId]).get(ticketId) ?? []).not.toContain('lost at commit');
    } finally {
      store.query('drop trigger tt_lost_commit on ticket_tags');
      store.query('drop function tt_lost_commit()');
    }
  });

  it('say Busy, not a stack, when the server cannot be reached', () => {
    expect(() => openPostgresStore(`postgres://ticketty@127.0.0.1:1/none`, { migrate: true })).toThrow(Busy);
  });
});
