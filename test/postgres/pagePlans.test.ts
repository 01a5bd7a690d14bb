// Queue pages on PostgreSQL read through the indexes that serve them. The person filters and a
// company's visibility: `assignee=me` (every agent's *Mine*), `requester=me` (a requester's
// tickets) and a superuser's company; written as `is not distinct from`, which PostgreSQL never
// reads through an index, *Mine* walked every open ticket in SLA order to find an agent's few (28
// ms a page on the bench's million tickets, most of them the server's). And a one-status tab
// (*Closed*) walks its status's own index, not the sort's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../src/store/postgres/schema/index.js';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { createPgTicketsRepo } from '../../src/store/postgres/repos/tickets.js';
import { parseFilter } from '../../src/domain/filter/index.js';
import { splitStatuses } from '../../src/domain/filter/statuses.js';
import type { Scope } from '../../src/store/port/index.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let pool: pg.Pool;
const TICKETS = 20_000;
const AGENTS = 100;

beforeAll(async () => {
  server = await startPostgres();
  openPostgresStore(server.url).close(); // migrates
  pool = new pg.Pool({ connectionString: server.url, max: 1 });
  await pool.query(`set ticketty.rollups = 'off'`);
  await pool.query(`insert into organizations (name, created_at) select 'Org ' || i, 0 from generate_series(1, 50) i`);
  // Users 1..100 agents, 101..1100 requesters of 50 companies.
  await pool.query(
    `insert into users (handle, name, role, tier, created_at) select 'agent' || i, 'Agent', 'agent', 2, 0 from generate_series(1, $1) i`,
    [AGENTS],
  );
  await pool.query(
    `insert into users (handle, name, role, org_id, created_at) select 'req' || i, 'Req', 'requester', 1 + i % 50, 0 from generate_series(1, 1000) i`,
  );
  await pool.query(
    `insert into tickets (subject, description, requester_id, org_id, assignee_id, type, priority, status, level, channel, created_at, updated_at, status_since, sla_due_at)
     select 's' || i, 'd', 101 + i % 1000, 1 + (i % 1000 + 1) % 50, 1 + i % $2, 'question', 'P2', (array['new','open','pending','solved','closed'])[1 + i % 5], 2, 'mail', i, i, i, i
     from generate_series(1, $1) i`,
    [TICKETS, AGENTS],
  );
  // A small customer: 30 tickets of 20,000.
  await pool.query(`insert into organizations (name, created_at) values ('Small', 0)`);
  await pool.query(
    `insert into tickets (subject, description, requester_id, org_id, type, priority, status, level, channel, created_at, updated_at, status_since, sla_due_at)
     select 's', 'd', 101, 51, 'question', 'P2', 'open', 1, 'mail', i, i, i, i from generate_series(1, 30) i`,
  );
  await pool.query('analyze');
}, 120_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

/** The plan of the first page (40 by SLA) that the tickets repository reads for `filter` as `actorId`. */
async function pagePlan(filter: string, actorId: number, scope?: Scope, key: 'sla' | 'priority' = 'sla'): Promise<string> {
  const statements: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(pool, { schema, logger: { logQuery: (sql, params) => void statements.push({ sql, params }) } });
  const { statuses, rest } = splitStatuses(parseFilter(filter)!);
  const ctx = { actorId, nowMs: 0, includeInternal: true };
  const rows = await createPgTicketsRepo(db).list({
    where: { node: rest, ctx },
    statuses: statuses ?? undefined,
    scope,
    sort: { key, descending: false },
    limit: 41,
  });
  expect(rows.length).toBeGreaterThan(0);
  const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${statements[0]!.sql}`, statements[0]!.params);
  return plan.map((r) => r['QUERY PLAN']).join('\n');
}

describe('queue pages on PostgreSQL', () => {
  it("an agent's Mine reads the assignee's index, not every open ticket", async () => {
    const plan = await pagePlan('assignee=me and status in (new, open, pending, on_hold)', 7);
    expect(plan).toMatch(/Index Cond: \(.*assignee_id = /);
    expect(plan).not.toMatch(/DISTINCT FROM/);
  });

  it("a requester's own tickets read the requester's index", async () => {
    const plan = await pagePlan('requester=me', 150);
    expect(plan).toMatch(/Index Cond: \(.*requester_id = /);
  });

  it("a small company's superuser reads the requester's and the organization's indexes", async () => {
    const plan = await pagePlan('status in (new, open, pending)', 150, { requesterId: 150, orgId: 51 });
    expect(plan).toMatch(/Index Cond: \(.*org_id = /);
    expect(plan).not.toMatch(/DISTINCT FROM/);
  });
  it('a one-status tab walks that status in sort order, also when most tickets have it', async () => {
    // As on a helpdesk of some age: nearly every ticket closed, all due after the open ones.
    await pool.query('begin');
    try {
      await pool.query(`update tickets set status = 'closed', sla_due_at = 9000000000000000 where id % 25 <> 0`);
      await pool.query('analyze tickets');
      const plan = await pagePlan('status=closed', 1);
      expect(plan).toMatch(/Index Scan using tickets_status_sla on tickets/);
      expect(plan).not.toMatch(/Sort/);
      // Sorted by priority (bytewise, as on SQLite): its index is bytewise too.
      const byPriority = await pagePlan('status=closed', 1, undefined, 'priority');
      expect(byPriority).toMatch(/Index Scan using tickets_status_priority on tickets/);
      expect(byPriority).not.toMatch(/Sort/);
    } finally {
      await pool.query('rollback');
    }
  });
});
