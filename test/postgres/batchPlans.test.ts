// A batch chunk names its few candidates by id and tests the filter on each. Its tag test must stay
// a probe of ticket_tags' key whatever the statistics say: a tag given to many tickets since the
// last ANALYZE is estimated at one row, and as a semi-join the plan walked an index of all tickets
// for each tagged one (321 ms for a 1,000-ticket slice on 20,000 tickets, 2 ms as a probe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../src/store/postgres/schema/index.js';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { createPgBatchRepo } from '../../src/store/postgres/repos/batch.js';
import { postgresFilters } from '../../src/store/postgres/filters.js';
import { parseFilter } from '../../src/domain/filter/index.js';
import type { BatchTarget } from '../../src/store/port/index.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let pool: pg.Pool;
const TICKETS = 20_000;

beforeAll(async () => {
  server = await startPostgres();
  openPostgresStore(server.url).close(); // migrates
  pool = new pg.Pool({ connectionString: server.url, max: 1 });
  // The report rollups' triggers are not what is tested here: a bulk load skips them, as `copy` does.
  await pool.query(`set ticketty.rollups = 'off'`);
  await pool.query(`insert into organizations (name, created_at) values ('Acme', 0)`);
  await pool.query(`insert into users (handle, name, role, org_id, created_at) values ('carol', 'Carol', 'requester', 1, 0)`);
  await pool.query(
    `insert into tickets (subject, description, requester_id, org_id, type, priority, status, level, channel, created_at, updated_at, status_since)
     select 's' || i, 'd', 1, 1, 'question', 'P' || (1 + i % 4), (array['new','open','solved','closed'])[1 + i % 4], 1, 'mail', i, i, i
     from generate_series(1, $1) i`,
    [TICKETS],
  );
  await pool.query(`insert into ticket_tags (ticket_id, tag) select i, 'tag' || (i % 400) from generate_series(1, $1) i`, [TICKETS]);
  await pool.query('analyze');
  // Tagged after the statistics were taken, as a team tags a set and closes it straight away.
  await pool.query(`insert into ticket_tags (ticket_id, tag) select i, 'fresh' from generate_series(1, $1, 4) i`, [TICKETS]);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

/** The plans of the statements `run` makes through the batch repository, in order. */
async function plansOf(run: (repo: ReturnType<typeof createPgBatchRepo>) => Promise<unknown>): Promise<string[]> {
  const statements: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(pool, { schema, logger: { logQuery: (sql, params) => void statements.push({ sql, params }) } });
  await run(createPgBatchRepo(db));
  const plans: string[] = [];
  for (const { sql, params } of statements) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params);
    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return plans;
}

describe('a batch chunk on PostgreSQL', () => {
  const node = parseFilter('tag=fresh')!;
  const target: BatchTarget = {
    where: postgresFilters.condition(node, { actorId: 1, nowMs: 0, includeInternal: true }),
    scope: undefined,
    maxId: TICKETS,
  };
  const ids = Array.from({ length: 1000 }, (_, i) => 1 + 4 * i);

  it('tests a fresh tag ticket by ticket through the key of ticket_tags, for its rows and its workflow rows', async () => {
    const plans = await plansOf(async (repo) => {
      expect(await repo.targetsAmong(target, ids)).toHaveLength(ids.filter((id) => id % 4 !== 3).length);
      expect(await repo.workflowAmong(target, ids)).toHaveLength(ids.filter((id) => id % 4 !== 3).length);
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toMatch(/^Index Scan using tickets_pkey/);
      expect(plan).toMatch(/SubPlan 1\n.*Index Only Scan.* on ticket_tags\s.*\n.*Index Cond: .*ticket_id = tickets\.id/);
      expect(plan).not.toMatch(/Join|Nested Loop/);
    }
  });

  it('still reads a whole filter (no ids) as a join from the tag, the plan the statistics choose', async () => {
    const [plan] = await plansOf((repo) => repo.targetIds(target));
    expect(plan).not.toContain('SubPlan');
  });
});
