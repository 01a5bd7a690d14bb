// The cost of the PostgreSQL store's synchronous bridge (src/store/postgres/bridge.ts): the same
// calls through the bridge and straight through async node-postgres / drizzle, on a private
// PostgreSQL on loopback (test/helpers/postgres.ts), one after another as a use case makes them.
//
//   node bin/build.mjs && node --import tsx test/bench/pgBridge.ts [--calls 10000] [--runs 5]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { openPostgresStore } from '../../src/store/postgres/db.js';
import { createPgPeopleRepo } from '../../src/store/postgres/repos/people.js';
import * as schema from '../../src/store/postgres/schema/index.js';
import { startPostgres } from '../helpers/postgres.js';
import { ROOT } from './measure.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const calls = Number(values.calls);
const runs = Number(values.runs);

/**
 * Microseconds per call of `calls` sequential calls, bridge and async measured in turns (the
 * machine's load changes between runs), median over `runs` turns each.
 */
async function perCall(bridge: () => unknown, async: () => Promise<unknown>): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  const time = async (list: number[], run: () => unknown) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await run();
    list.push(Number(process.hrtime.bigint() - start) / 1000 / calls);
  };
  for (let r = 0; r < runs; r++) {
    await time(times[0], bridge);
    await time(times[1], async);
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return [median(times[0]), median(times[1])];
}

const server = await startPostgres();
// The bundled worker, as the CLI would run it; the source one (through tsx) when not built.
const bundled = join(ROOT, 'dist', 'pg-worker.cjs');
const store = openPostgresStore(server.url, { workerScript: existsSync(bundled) ? bundled : undefined, poolSize: 1 });
const client = new pg.Client({ connectionString: server.url });
try {
  await client.connect();
  const user = store.repos.people.insertUser({ handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 0 });
  const direct = createPgPeopleRepo(drizzle(client, { schema }));
  const rows: Array<[string, number, number]> = [
    [
      'round trip, no query',
      ...(await perCall(
        () => store.ping(),
        () => new Promise<void>((resolve) => setImmediate(resolve)),
      )),
    ],
    [
      'select 1',
      ...(await perCall(
        () => store.query('select 1'),
        () => client.query('select 1'),
      )),
    ],
    [
      'people.userById (drizzle)',
      ...(await perCall(
        () => store.repos.people.userById(user.id),
        () => direct.userById(user.id),
      )),
    ],
    [
      'write: begin, userById, commit',
      ...(await perCall(
        () => store.write(() => store.repos.people.userById(user.id)),
        () =>
          drizzle(client, { schema }).transaction(async (tx) => createPgPeopleRepo(tx as never).userById(user.id), {
            isolationLevel: 'serializable',
          }),
      )),
    ],
  ];
  console.log(
    `${calls} sequential calls, median of ${runs} runs, PostgreSQL on loopback (${existsSync(bundled) ? 'bundled' : 'source'} worker)`,
  );
  console.log('call                         bridge µs   async µs   bridge cost µs');
  for (const [name, bridge, async] of rows)
    console.log(
      `${name.padEnd(28)} ${bridge.toFixed(1).padStart(9)} ${async.toFixed(1).padStart(10)} ${(bridge - async).toFixed(1).padStart(16)}`,
    );
} finally {
  await client.end();
  store.close();
  server.stop();
}
