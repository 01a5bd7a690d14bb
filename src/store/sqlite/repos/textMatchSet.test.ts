// A word search's matches are read once into a table and kept while nothing changes: pages and
// counts through it must follow every change (this connection's, another's, a rolled-back one)
// and give what the plain compiled condition gives.
import { asc, eq } from 'drizzle-orm';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFilter } from '../../../domain/filter/index.js';
import { openStore, type Store } from '../db.js';
import { compileFilter, type FilterContext } from '../filterSql.js';
import { sqliteFilters } from '../filters.js';
import { comments, tickets, users } from '../schema/index.js';
import { createTicketsRepo } from './tickets.js';
import type { TicketsRepo } from '../../port/index.js';

const staff: FilterContext = { actorId: 1, nowMs: 0, includeInternal: true };
const requester: FilterContext = { ...staff, includeInternal: false };
const STATUSES = ['new', 'open', 'pending', 'closed'];
let dir: string;
let store: Store;
let repo: TicketsRepo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ticketty-text-'));
  store = openStore(join(dir, 't.db'));
  store.db.insert(users).values({ id: 1, handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 0 }).run();
  const words = ['printer jams', 'vpn drops', 'the printer', 'mail bounces'];
  store.db
    .insert(tickets)
    .values(
      Array.from({ length: 80 }, (_, i) => ({
        subject: `${words[i % 4]} ${i}`,
        description: i % 5 === 0 ? 'printed twice' : '',
        requesterId: 1,
        type: 'question',
        priority: `P${1 + (i % 5)}`,
        status: STATUSES[i % 4]!,
        level: 1,
        channel: 'web',
        slaDueAt: (i * 37) % 11,
        createdAt: 0,
        updatedAt: 0,
        statusSince: 0,
      })),
    )
    .run();
  repo = createTicketsRepo(store.db);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The page (and the count) through the repository, and what the plain condition gives. */
function both(filter: string, ctx: FilterContext = staff) {
  const node = parseFilter(filter)!;
  const compiled = sqliteFilters.ticketFilter(node, ctx);
  const statuses = compiled.statuses ?? undefined;
  const page = repo
    .list({ where: compiled.where, statuses, seeks: compiled.seeks, sort: { key: 'sla', descending: false }, limit: 10 })
    .map((r) => r.id);
  const count = repo.count(compiled.where, undefined, statuses, compiled.seeks);
  const all = store.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(compileFilter(node, ctx))
    .orderBy(asc(tickets.slaDueAt), asc(tickets.id))
    .all()
    .map((r) => r.id);
  return { got: { page, count }, want: { page: all.slice(0, 10), count: all.length } };
}

function expectSame(filter: string, ctx: FilterContext = staff): number {
  const { got, want } = both(filter, ctx);
  expect(got, filter).toEqual(want);
  return got.count;
}

describe('a word search read once per query', () => {
  it('gives the plain condition’s page and count, alone, with a status tab and with other conjuncts', () => {
    expect(expectSame('text~printer')).toBe(40);
    expect(expectSame('text~print')).toBeGreaterThan(40);
    expectSame('text~printer and status in (new, open)');
    expectSame('text~printer and priority<P3 and status!=closed');
    expectSame('text~printer and text~jams');
    expectSame('text~printer and (status=new or text~vpn)');
    expect(expectSame('text~zzyzx')).toBe(0);
  });

  it('follows this connection’s changes, a rolled-back change and another connection’s commit', () => {
    expect(expectSame('text~printer')).toBe(40);
    store.db.update(tickets).set({ subject: 'toner' }).where(eq(tickets.id, 1)).run();
    expect(expectSame('text~printer')).toBe(39);
    store.db
      .insert(comments)
      .values({ id: 1, ticketId: 2, authorId: 1, body: 'the printer again', internal: true, channel: 'web', createdAt: 1 })
      .run();
    expect(expectSame('text~printer')).toBe(40);
    expect(expectSame('text~printer', requester)).toBe(39);
    // Refilled inside a transaction that is then rolled back: the table's rows go back with it.
    store.preview(() => {
      store.db.update(tickets).set({ subject: 'printer' }).where(eq(tickets.id, 1)).run();
      expect(expectSame('text~printer')).toBe(41);
    });
    expect(expectSame('text~printer')).toBe(40);
    const other = new Database(join(dir, 't.db'));
    other.prepare("update tickets set subject = 'modem' where id = 3").run();
    other.close();
    expect(expectSame('text~printer')).toBe(39);
    expectSame('text~vpn');
    expect(expectSame('text~printer')).toBe(39);
  });
});
