// The queue's keyset pages over a status list: merged per status and split at ties, they must
// visit every matching ticket exactly once, in the order of one plain sorted query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { NO_DUE, tickets, users } from '../schema/index.js';
import { createTicketsRepo } from './tickets.js';
import { sortValue, SORT_KEYS, type Sort, type TicketRow } from '../../port/index.js';

let store: Store;
let repo: ReturnType<typeof createTicketsRepo>;
let all: TicketRow[];
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

beforeAll(() => {
  store = openStore(':memory:');
  store.db.insert(users).values({ id: 1, handle: 'carol', name: 'Carol', role: 'requester', createdAt: 0 }).run();
  // Few distinct values per sort key, so that pages start and end inside runs of ties.
  const rows = Array.from({ length: 240 }, (_, i) => ({
    subject: `t${i}`,
    description: '',
    requesterId: 1,
    type: 'question',
    channel: 'web',
    level: 1,
    status: STATUSES[(i * 7) % 6]!,
    priority: `P${1 + ((i * 3) % 5)}`,
    slaDueAt: [NO_DUE, 1000, 2000][(i * 5) % 3]!,
    updatedAt: [10, 20][i % 2]!,
    createdAt: [5, 6, 7, 8][(i * 11) % 4]!,
    statusSince: 0,
  }));
  store.db.insert(tickets).values(rows).run();
  repo = createTicketsRepo(store.db);
  all = store.db.select().from(tickets).all();
});

afterAll(() => store.close());

function expected(sort: Sort, statuses: readonly string[] | undefined): number[] {
  const key = (r: TicketRow) => sortValue(r, sort.key);
  return all
    .filter((r) => !statuses || statuses.includes(r.status))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (sort.descending ? -1 : 1))
    .map((r) => r.id);
}

function paged(sort: Sort, statuses: readonly string[] | undefined, size: number): number[] {
  const ids: number[] = [];
  let after: { value: number | string; id: number } | undefined;
  for (;;) {
    const page = repo.list({ sort, statuses, limit: size, after });
    ids.push(...page.map((r) => r.id));
    const last = page[page.length - 1];
    if (page.length < size || !last) return ids;
    after = { value: sortValue(last, sort.key), id: last.id };
  }
}

describe('tickets list: keyset pages over a status list', () => {
  const sorts = SORT_KEYS.flatMap((key) => [false, true].map((descending) => ({ key, descending })));
  const lists: Array<readonly string[] | undefined> = [
    undefined,
    ['open'],
    ['new', 'open', 'pending', 'on_hold'],
    ['solved', 'closed'],
    ['new', 'open', 'pending', 'on_hold', 'solved'],
    [],
  ];
  for (const sort of sorts) {
    it.each(lists.map((l) => [l === undefined ? 'any status' : l.join(',') || 'no status', l] as const))(
      `${sort.descending ? '-' : ''}${sort.key}, %s`,
      (_name, statuses) => {
        const want = expected(sort, statuses);
        expect(paged(sort, statuses, 7)).toEqual(want);
        expect(paged(sort, statuses, 1)).toEqual(want);
      },
    );
  }
});
