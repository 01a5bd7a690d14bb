// `sla=breached` / `at_risk`, and `assignee=none`, as narrowings (filterSeeks.ts `narrowingOf`): when another seek names
// too many tickets, the page is read through both. With the limits made small, a few hundred
// tickets take that path; every page (keyset after keyset) and count must be what the plain
// compiled condition gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../../domain/filter/index.js';
import { sortValue } from '../../port/index.js';
import { openStore, type Store } from '../db.js';
import type { FilterContext } from '../filterSql.js';
import { sqliteFilters } from '../filters.js';
import { NO_DUE, ticketTags, tickets, users } from '../schema/index.js';
import { createTicketsRepo } from './tickets.js';
import { plainFilterIds } from '../../../../test/helpers/plainFilter.js';

const NOW = 1_000_000;
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
const TAGS = ['billing', 'vpn', 'docs', 'rare'];
let store: Store;
const readSql: string[] = [];

beforeAll(() => {
  store = openStore(':memory:');
  store.db.insert(users).values({ id: 1, handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 0 }).run();
  store.db.insert(users).values({ id: 2, handle: 'carl', name: 'Carl', role: 'requester', createdAt: 0 }).run();
  // Every SLA state around NOW: flagged (also on closed tickets), past due, at risk, running, idle.
  const rows = Array.from({ length: 400 }, (_, i) => {
    const running = i % 4 !== 0;
    const due = running ? NOW + ((i * 37) % 61) * 10_000 - 30_000 : NO_DUE;
    return {
      subject: `t${i}`,
      description: '',
      requesterId: 1 + (i % 2),
      type: 'question',
      priority: `P${1 + (i % 5)}`,
      status: STATUSES[(i * 7) % 6]!,
      level: 1,
      channel: 'web',
      pickupBreached: i % 23 === 0,
      resolutionBreached: i % 29 === 0 ? true : i % 3 === 0 ? false : null,
      slaDueAt: due,
      slaRiskAt: running ? due - ((i * 11) % 7) * 5_000 : NO_DUE,
      assigneeId: i % 5 === 0 ? 1 : null,
      createdAt: 0,
      updatedAt: 0,
      statusSince: 0,
    };
  });
  store.db.insert(tickets).values(rows).run();
  const tags = rows.flatMap((_, i) =>
    TAGS.filter((_t, k) => (k === 3 ? i % 7 === 0 : (i + k) % (k + 2) === 0)).map((tag) => ({ ticketId: i + 1, tag })),
  );
  store.db.insert(ticketTags).values(tags).run();
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  store.sqlite.prepare = ((text: string) => (readSql.push(text), prepare(text))) as typeof store.sqlite.prepare;
});

afterAll(() => store.close());

/** A page reads the narrowing's candidates as ids (repos/ticketSeeks.ts `seekIds`). */
const pageThroughNarrowing = /^select id from \(.*narrowed/s;

function check(filter: string, ctx: FilterContext) {
  // Seeks of over 50 candidates are too many, narrowings are read beside up to 1,000. A new
  // repository each time: its statements are prepared (and seen) anew.
  const repo = createTicketsRepo(store.db, { seekLimits: { page: 50, narrowing: 1000 } });
  const node = parseFilter(filter)!;
  const compiled = sqliteFilters.ticketFilter(node, ctx);
  const statuses = compiled.statuses ?? undefined;
  const sort = { key: 'sla' as const, descending: false };
  const ids: number[] = [];
  let after: { value: number | string; id: number } | undefined;
  for (;;) {
    const page = repo.list({ where: compiled.where, statuses, seeks: compiled.seeks, sort, limit: 4, after });
    ids.push(...page.map((r) => r.id));
    const last = page[page.length - 1];
    if (page.length < 4 || !last) break;
    after = { value: sortValue(last, sort.key), id: last.id };
  }
  const want = plainFilterIds(store, node, ctx);
  expect(ids, filter).toEqual(want);
  expect(repo.count(compiled.where, undefined, statuses, compiled.seeks), filter).toBe(want.length);
  return want.length;
}

describe('sla=breached / at_risk, or assignee=none, narrowing a seek that names too many', () => {
  const filters = [
    'assignee=none and status in (new, open) and tag=rare',
    'assignee in (none) and status=on_hold and tag in (billing, rare)',
    'sla in (breached, at_risk) and status!=closed and tag=billing',
    'sla in (breached, at_risk) and status!=closed and tag=rare',
    'sla=breached and status in (new, open) and tag in (billing, vpn, docs)',
    'sla=at_risk and status!=closed and tag in (vpn, rare)',
    'sla in (breached, at_risk) and status!=closed and requester=ann and tag=vpn',
  ];
  for (const atRiskWithinMs of [undefined, 50_000]) {
    it.each(filters)(`pages and counts as the plain condition (window ${atRiskWithinMs ?? 'none'}): %s`, (filter) => {
      const before = readSql.length;
      const ctx: FilterContext = { actorId: 1, nowMs: NOW, includeInternal: true, ...(atRiskWithinMs ? { atRiskWithinMs } : {}) };
      expect(check(filter, ctx)).toBeGreaterThan(0);
      // The pages went through the narrowing, not the walk.
      expect(readSql.slice(before).some((text) => pageThroughNarrowing.test(text))).toBe(true);
    });
  }

  it('is not read on its own, nor on closed tickets, nor beside a word search', () => {
    const ctx: FilterContext = { actorId: 1, nowMs: NOW, includeInternal: true };
    for (const filter of [
      'sla in (breached, at_risk) and status!=closed',
      'sla=breached and tag=billing',
      'sla=breached and status in (solved, closed) and tag=billing',
      'sla!=breached and status!=closed and tag=billing',
      'assignee=none and status in (new, open)',
      'assignee=none and tag=billing',
      'assignee=none and status in (open, closed) and tag=billing',
      'assignee in (none, ann) and status in (new, open) and tag=billing',
    ]) {
      const before = readSql.length;
      check(filter, ctx);
      expect(
        readSql.slice(before).some((text) => pageThroughNarrowing.test(text)),
        filter,
      ).toBe(false);
    }
  });
});
