// Filter times on the big database, in this process through the app layer (no process start-up
// in the figure): the first queue page (as the TUI reads it: a 30-row window) and the count, for
// `org=`, `requester=`, `tag=`, `tag in (…)` and `text~`, alone and with each status tab.
// Run alone: `node --import tsx test/bench/filters.ts DB [runs]`.
import { fileURLToPath } from 'node:url';
import { openSqliteApp, type SqliteApp } from '../../src/app/createApp.js';
import { fixedClock } from '../../src/domain/clock.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { countQueue, loadQueueWindow } from '../../src/app/tickets/queuePage.js';
import { queueTabs } from '../../src/app/tickets/queueTabs.js';
import { composeFilters } from '../../src/app/tickets/queuePage.js';
import type { UserRow } from '../../src/store/port/index.js';
import { BENCH_NOW, summarize, type Figure } from './measure.js';

// Issue 20: a filter's page ≤ 20 ms; a text search's first page of matches ≤ 50 ms.
const PAGE_TARGET_MS = 20;
const TEXT_PAGE_TARGET_MS = 50;
const ONLY = process.env.BENCH_FILTER_ONLY;

function timed(run: () => unknown, runs: number, before?: () => void): { ms: ReturnType<typeof summarize>; result: unknown } {
  let result: unknown;
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    before?.();
    const t = process.hrtime.bigint();
    result = run();
    // The first run warms the statement cache and the pages: not counted.
    if (i > 0) samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: summarize(samples), result };
}

/** Real names from the database: the biggest organization, a requester, tags common and rare. */
function subjects(app: SqliteApp): string[] {
  const q = (text: string) => app.store.sqlite.prepare(text).pluck().get() as string;
  const org = q('select name from organizations o order by (select count(*) from tickets t where t.org_id = o.id) desc limit 1');
  const rareOrg = q('select name from organizations o order by (select count(*) from tickets t where t.org_id = o.id) asc limit 1');
  const requester = q("select handle from users where role = 'requester' order by id limit 1");
  const tags = app.store.sqlite.prepare('select tag from ticket_tags group by tag order by count(*) desc').pluck().all() as string[];
  const many = Array.from({ length: 400 }, (_, i) => `t${i}`).concat(tags.slice(-3));
  const word = (text: string) => JSON.stringify(text);
  return [
    `org=${word(org)}`,
    `org=${word(rareOrg)}`,
    `requester=${word(requester)}`,
    `tag=${word(tags[0]!)}`,
    `tag=${word(tags[tags.length - 1]!)}`,
    ...(process.env.BENCH_SKIP_TAG_IN ? [] : [`tag in (${many.map(word).join(', ')})`]),
    `org=${word(org)} and tag=${word(tags[tags.length - 1]!)}`,
    'text~printer',
    'text~"cannot log"',
    'text~the',
    'text~zzyzx',
  ];
}

export function filterTimes(db: string, runs: number): Figure[] {
  const app = openSqliteApp(db, fixedClock(BENCH_NOW));
  try {
    const admin = actorFromUser(
      app.store.sqlite
        .prepare("select id, handle, name, email, role, tier, org_id as orgId, created_at as createdAt from users where handle = 'admin'")
        .get() as UserRow,
    );
    const tabs = queueTabs(admin);
    // A search's matches and its words' counts are kept while the text index is the same
    // (repos/textMatchSet.ts): rewriting one ticket's subject as it is, before each run (not timed),
    // changes the index and not the data, so every run is the first page of a new search.
    const newest = app.store.sqlite.prepare('select max(id) from tickets').pluck().get() as number;
    const touch = app.store.sqlite.prepare('update tickets set subject = subject where id = ?');
    const cold = () => touch.run(newest);
    const figures: Figure[] = [];
    for (const filter of subjects(app).filter((f) => !ONLY || f.includes(ONLY))) {
      for (const tab of [{ id: 'all', filter: undefined }, ...tabs]) {
        const where = composeFilters([tab.filter, filter]);
        const input = { where, sort: { key: 'sla' as const, descending: false }, size: 30 };
        const page = timed(() => loadQueueWindow(app, admin, input, { kind: 'first' }), runs, cold);
        const count = timed(() => countQueue(app, admin, where), Math.min(runs, 3), cold);
        const label = filter.length > 60 ? `${filter.slice(0, 57)}…` : filter;
        const target = filter.startsWith('text~') ? TEXT_PAGE_TARGET_MS : PAGE_TARGET_MS;
        figures.push({
          section: 'filters',
          name: `${tab.id} · ${label}: first page`,
          unit: 'ms',
          value: page.ms,
          target: `≤ ${target} ms`,
          ok: page.ms.median <= target,
          note: `count ${count.result as number} in ${count.ms.median.toFixed(1)} ms`,
        });
      }
    }
    return figures;
  } finally {
    app.store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [db, runs = '5'] = process.argv.slice(2);
  if (!db) throw new Error('usage: filters.ts DB [runs]');
  for (const f of filterTimes(db, Number(runs))) {
    process.stdout.write(
      `${f.ok ? 'ok  ' : 'SLOW'} ${f.value!.median.toFixed(1).padStart(8)} ms (${f.value!.min.toFixed(1)}–${f.value!.max.toFixed(1)})  ${f.name}  [${f.note}]\n`,
    );
  }
}
