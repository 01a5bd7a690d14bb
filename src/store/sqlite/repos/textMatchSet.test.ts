// A word search's matches are read once into a table and kept while the text index is the same:
// pages and counts through it must follow every change (this connection's, another's, a
// rolled-back one) and give what the plain compiled condition gives.
import { asc, desc, eq } from 'drizzle-orm';
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
import { plainFilterIds } from '../../../../test/helpers/plainFilter.js';

const staff: FilterContext = { actorId: 1, nowMs: 0, includeInternal: true };
const requester: FilterContext = { ...staff, includeInternal: false };
const STATUSES = ['new', 'open', 'pending', 'closed'];
let dir: string;
let store: Store;
let repo: ReturnType<typeof createTicketsRepo>;

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
  const all = plainFilterIds(store, node, ctx);
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
    // Common words, a rare phrase: the match table is filled with the prefix's words spelled out.
    expect(expectSame('text~"printer jams 1"')).toBe(2);
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

describe('the matches and the words kept while the text index is the same', () => {
  const generation = () => store.sqlite.prepare('select generation from temp.ticket_text_matches_generation').pluck().get();

  it('keeps the matches through a change that leaves every text alone, and refills after a change of text', () => {
    expect(expectSame('text~printer')).toBe(40);
    const filled = generation();
    // A colleague's change of priority and status, committed by another connection.
    const other = new Database(join(dir, 't.db'));
    other.prepare("update tickets set priority = 'P1', status = 'open' where id in (1, 2, 3)").run();
    expect(expectSame('text~printer')).toBe(40);
    expect(generation()).toBe(filled);
    other.prepare("update tickets set subject = 'printer' where id = 2").run();
    other.close();
    expect(expectSame('text~printer')).toBe(41);
    expect(generation()).not.toBe(filled);
  });

  it('finds a word that appeared after the first search of its prefix (the walk’s words are read again)', () => {
    const walking = createTicketsRepo(store.db, { textPlan: 'walk' });
    const page = (filter: string) => {
      const compiled = sqliteFilters.ticketFilter(parseFilter(filter)!, staff);
      return walking
        .list({ where: compiled.where, seeks: compiled.seeks, sort: { key: 'sla', descending: false }, limit: 100 })
        .map((r) => r.id)
        .sort((a, b) => a - b);
    };
    // Four letters: the index holds no list of `mail*` (only of two- and three-letter prefixes).
    expect(page('text~mail')).toHaveLength(20);
    const other = new Database(join(dir, 't.db'));
    other.prepare("update tickets set description = 'mailbox crashed' where id = 1").run();
    other.close();
    expect(page('text~mail')).toEqual([1, ...page('text~"mail bounces"')]);
  });
});

describe('a common word’s page walks the sort index and probes each row (textProbe.ts)', () => {
  // Every page, first and next, in both orders, through each plan, against the plain condition.
  function pagesOf(plan: 'walk' | 'table', filter: string, ctx: FilterContext, descending: boolean): number[][] {
    const planned = createTicketsRepo(store.db, { textPlan: plan });
    const compiled = sqliteFilters.ticketFilter(parseFilter(filter)!, ctx);
    const pages: number[][] = [];
    let after: { value: string | number; id: number } | undefined;
    for (;;) {
      const rows = planned.list({
        where: compiled.where,
        statuses: compiled.statuses ?? undefined,
        seeks: compiled.seeks,
        sort: { key: 'sla', descending },
        limit: 7,
        ...(after ? { after } : {}),
      });
      if (!rows.length) return pages;
      pages.push(rows.map((r) => r.id));
      const last = rows[rows.length - 1]!;
      after = { value: last.slaDueAt, id: last.id };
    }
  }

  it('gives the same pages either way, for staff and a requester, a prefix, a phrase and with other conjuncts', () => {
    store.db
      .insert(comments)
      .values({ id: 1, ticketId: 2, authorId: 1, body: 'Printing notes', internal: true, channel: 'web', createdAt: 1 })
      .run();
    const filters = [
      'text~printer',
      'text~PRINT',
      'text~"the printer"',
      // Prefixes the index holds (two and three letters), one with a diacritic it folds.
      'text~pr',
      'text~"the pri"',
      'text~"printer já"',
      'text~vpn',
      'text~printer and status in (new, open)',
      'text~print and priority<P3',
      'text~zzyzx',
    ];
    for (const filter of filters)
      for (const ctx of [staff, requester])
        for (const descending of [false, true]) {
          const walked = pagesOf('walk', filter, ctx, descending);
          expect(walked, `${filter} ${ctx.includeInternal ? 'staff' : 'requester'}`).toEqual(pagesOf('table', filter, ctx, descending));
          const want = store.db
            .select({ id: tickets.id })
            .from(tickets)
            .where(compileFilter(parseFilter(filter)!, ctx))
            .orderBy(descending ? desc(tickets.slaDueAt) : asc(tickets.slaDueAt), descending ? desc(tickets.id) : asc(tickets.id))
            .all()
            .map((r) => r.id);
          expect(walked.flat(), filter).toEqual(want);
        }
    // Staff find ticket 2 by its internal note's prefix, a requester does not.
    expect(pagesOf('walk', 'text~printi', staff, false).flat()).toEqual([2]);
    expect(pagesOf('walk', 'text~printi', requester, false).flat()).toEqual([]);
  });
});
