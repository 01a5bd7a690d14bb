// The benchmark's hand-written SQL baselines, run by a bare `node` with better-sqlite3 (no bundle,
// no drizzle): `node rawSql.mjs DB NAME ARGS…` prints the rows as JSON.
import Database from 'better-sqlite3';

const [db, name, ...args] = process.argv.slice(2);
const now = Date.parse(process.env.TICKETTY_NOW ?? new Date().toISOString());

const QUERIES = {
  // SPEC 4 report figures per priority, over tickets created in [since, until).
  'sla-by-priority': {
    sql: `
      WITH t AS (SELECT * FROM tickets WHERE created_at >= :since AND created_at < :until),
      pick AS (
        SELECT priority AS g, pickup_minutes AS m, row_number() OVER (PARTITION BY priority ORDER BY pickup_minutes) AS rn,
               count(*) OVER (PARTITION BY priority) AS n
        FROM t WHERE pickup_minutes IS NOT NULL),
      res AS (
        SELECT priority AS g, resolution_minutes AS m, row_number() OVER (PARTITION BY priority ORDER BY resolution_minutes) AS rn,
               count(*) OVER (PARTITION BY priority) AS n
        FROM t WHERE resolution_minutes IS NOT NULL),
      counts AS (
        SELECT priority AS g, count(*) AS tickets,
               sum(pickup_breached = 0) AS pickup_met, sum(pickup_breached = 1) AS pickup_breached,
               sum(resolution_breached = 0) AS resolution_met, sum(resolution_breached = 1) AS resolution_breached,
               sum(status NOT IN ('solved', 'closed') AND sla_due_at >= :now AND sla_due_at - :now > (sla_due_at - created_at) / 4) AS running,
               sum(status NOT IN ('solved', 'closed') AND sla_due_at >= :now AND sla_due_at - :now <= (sla_due_at - created_at) / 4) AS at_risk,
               sum(status NOT IN ('solved', 'closed') AND sla_due_at < :now) AS open_breached,
               sum(first_pickup_at IS NOT NULL AND first_pickup_at - created_at <= 3600000) AS picked_within_hour
        FROM t GROUP BY priority)
      SELECT c.*,
        (SELECT m FROM pick WHERE pick.g = c.g AND rn = (n + 1) / 2) AS pickup_median,
        (SELECT m FROM pick WHERE pick.g = c.g AND rn = (9 * n + 9) / 10) AS pickup_p90,
        (SELECT m FROM res WHERE res.g = c.g AND rn = (n + 1) / 2) AS resolution_median,
        (SELECT m FROM res WHERE res.g = c.g AND rn = (9 * n + 9) / 10) AS resolution_p90
      FROM counts c ORDER BY c.g`,
    params: ([since, until]) => ({ since: Number(since), until: Number(until), now }),
  },
};

const query = QUERIES[name];
if (!query) {
  process.stderr.write(`unknown query ${name}\n`);
  process.exit(2);
}
const sqlite = new Database(db, { readonly: true });
process.stdout.write(`${JSON.stringify(sqlite.prepare(query.sql).all(query.params(args)))}\n`);
sqlite.close();
