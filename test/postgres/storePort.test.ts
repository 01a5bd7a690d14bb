// The PostgreSQL store port as the app sees it (store/postgres/index.ts): dataVersion moves when
// another connection commits (LISTEN/NOTIFY: the TUI's live refresh), again after the LISTEN
// connection was lost, advisory locks hold one run
// of a kind across connections until close, and a capability without a PostgreSQL repository yet
// refuses in one line, rolling back what its transaction wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { openPostgresStorePort, type PostgresStorePort } from '../../src/store/postgres/index.js';
import { CHANGES_CHANNEL } from '../../src/store/postgres/protocol.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let agent: PostgresStorePort;
let other: PostgresStorePort;
beforeAll(async () => {
  server = await startPostgres();
  agent = openPostgresStorePort(server.url);
  other = openPostgresStorePort(server.url, { mustExist: true });
});
afterAll(() => {
  agent?.close();
  other?.close();
  server?.stop();
});

const pause = new Int32Array(new SharedArrayBuffer(4));
/** Polls `probe` (the TUI polls dataVersion the same way) until it holds or `ms` pass. */
function eventually(probe: () => boolean, ms = 2000): boolean {
  for (const deadline = Date.now() + ms; Date.now() < deadline; Atomics.wait(pause, 0, 0, 20)) if (probe()) return true;
  return probe();
}

describe('the PostgreSQL store port', () => {
  it('moves dataVersion when another connection commits a write, not on reads', () => {
    const seen = agent.dataVersion();
    other.read(() => other.repos.config.get('x'));
    Atomics.wait(pause, 0, 0, 200);
    expect(agent.dataVersion()).toBe(seen);
    other.write(() => other.repos.config.set('x', 1));
    expect(eventually(() => agent.dataVersion() !== seen)).toBe(true);
  });

  it('hears commits again after its LISTEN connection is lost (a server restart, a failover, a timeout)', () => {
    agent.dataVersion(); // listening
    const admin = openPostgresStore(server.url, { migrate: false });
    try {
      const ended = admin.query<{ ended: boolean }>(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and query = 'listen ${CHANGES_CHANNEL}'`,
      );
      expect(ended).toEqual([{ ended: true }]);
    } finally {
      admin.close();
    }
    // The new connection moves the count once: what was committed while nobody listened is read again.
    const deaf = agent.dataVersion();
    expect(eventually(() => agent.dataVersion() !== deaf, 10_000)).toBe(true);
    const heard = agent.dataVersion();
    other.write(() => other.repos.config.set('x', 2));
    expect(eventually(() => agent.dataVersion() !== heard)).toBe(true);
  });

  it('holds one run of a kind at a time across connections, until close', () => {
    const third = openPostgresStorePort(server.url, { migrate: false });
    try {
      expect(third.holdLock('automate')).toBe(true);
      expect(agent.holdLock('automate')).toBe(false);
      expect(agent.holdLock('notify')).toBe(true);
      expect(other.holdLock('notify')).toBe(false);
    } finally {
      third.close();
    }
    expect(other.holdLock('automate')).toBe(true);
  });

  it('has the demo loader (demo runs on PostgreSQL): the first free ids of an empty helpdesk', () => {
    expect(agent.read(() => agent.demo.nextIds())).toMatchObject({ tickets: 1, comments: 1, events: 1 });
    expect(agent.read(() => agent.demo.preconditions())).toMatchObject({ tickets: 0, organizations: 0 });
  });

  it('previews a write: the callback sees its own changes, then all is rolled back', () => {
    expect(
      agent.preview(() => {
        agent.repos.config.set('previewed', 1);
        return agent.repos.config.get('previewed');
      }),
    ).toBe(1);
    expect(agent.read(() => agent.repos.config.get('previewed'))).toBeUndefined();
  });

  it('refuses backup, naming pg_dump, and names itself without the password', async () => {
    await expect(agent.backup('/tmp/never.db')).rejects.toThrow(/^backup: on PostgreSQL, use pg_dump/);
    const withPassword = openPostgresStorePort(server.url.replace('ticketty@', 'ticketty:s3cret@'), { migrate: false });
    try {
      expect(withPassword.path).toBe(server.url.replace('ticketty@', 'ticketty:***@'));
    } finally {
      withPassword.close();
    }
  });
});
