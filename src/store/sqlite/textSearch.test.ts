// text~ through the FTS5 index (migration 0006): the index follows every change to a ticket's
// text in the same statement's transaction, and a requester never matches on internal notes.
import { asc, eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFilter } from '../../domain/filter/index.js';
import { openStore, type Store, type UpgradeProgress } from './db.js';
import { compileFilter, type FilterContext } from './filterSql.js';
import { comments, tickets, users } from './schema/index.js';
import { searchPhrase, writeTicketSearchDocuments } from './textSearch.js';

let store: Store;
const staff: FilterContext = { actorId: 1, nowMs: 0, includeInternal: true };
const requester: FilterContext = { ...staff, includeInternal: false };

/** A ticket's columns other than its id and text. */
const base = {
  requesterId: 1,
  type: 'question',
  priority: 'P3',
  status: 'open',
  level: 1,
  channel: 'web',
  createdAt: 0,
  updatedAt: 0,
  statusSince: 0,
};

beforeEach(() => {
  store = openStore(':memory:');
  store.db.insert(users).values({ id: 1, handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 0 }).run();
  store.db
    .insert(tickets)
    .values([
      { ...base, id: 1, subject: 'Café printer jams', description: 'Tray two' },
      { ...base, id: 2, subject: 'VPN', description: 'drops hourly' },
    ])
    .run();
});
afterEach(() => store.close());

function matching(filter: string, ctx: FilterContext = staff): number[] {
  return store.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(compileFilter(parseFilter(filter)!, ctx))
    .orderBy(asc(tickets.id))
    .all()
    .map((r) => r.id);
}

describe('text~ through the full-text index', () => {
  it('matches words and word prefixes, folding case and accents, as a phrase', () => {
    expect(matching('text~cafe')).toEqual([1]);
    expect(matching('text~"PRINTER JA"')).toEqual([1]);
    expect(matching('text~"jams printer"')).toEqual([]);
    expect(matching('text~rint')).toEqual([]);
    expect(matching('text~*rint')).toEqual([1]);
    expect(matching('text~"drops hourly"')).toEqual([2]);
  });

  it('follows comments added, edited and removed, and subjects changed', () => {
    store.db
      .insert(comments)
      .values({ id: 10, ticketId: 2, authorId: 1, body: 'Firmware 4.2 fixed it', internal: false, channel: 'web', createdAt: 1 })
      .run();
    expect(matching('text~firmware')).toEqual([2]);
    store.db.update(comments).set({ body: 'Rebooted the router' }).where(eq(comments.id, 10)).run();
    expect(matching('text~firmware')).toEqual([]);
    expect(matching('text~router')).toEqual([2]);
    store.db.delete(comments).where(eq(comments.id, 10)).run();
    expect(matching('text~router')).toEqual([]);
    expect(matching('text~"drops hourly"')).toEqual([2]);
    store.db.update(tickets).set({ subject: 'Tunnel' }).where(eq(tickets.id, 2)).run();
    expect(matching('text~vpn')).toEqual([]);
    expect(matching('text~tunnel')).toEqual([2]);
    store.db.delete(tickets).where(eq(tickets.id, 2)).run();
    expect(matching('text~tunnel')).toEqual([]);
  });

  it('keeps internal notes out of a requester’s search, in staff’s', () => {
    store.db
      .insert(comments)
      .values({ ticketId: 1, authorId: 1, body: 'secret vendor contract', internal: true, channel: 'cli', createdAt: 1 })
      .run();
    expect(matching('text~vendor', staff)).toEqual([1]);
    expect(matching('text~vendor', requester)).toEqual([]);
    expect(matching('text~cafe', requester)).toEqual([1]);
  });

  it('rolls back with the transaction that changed the text', () => {
    expect(() =>
      store.sqlite.transaction(() => {
        store.db
          .insert(comments)
          .values({ ticketId: 1, authorId: 1, body: 'ghostword', internal: false, channel: 'web', createdAt: 1 })
          .run();
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(matching('text~ghostword')).toEqual([]);
  });

  it('keeps every document when migration 0014 rebuilds the index with its prefix lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketty-fts-'));
    try {
      const file = openStore(join(dir, 't.db'));
      file.db.insert(users).values({ id: 1, handle: 'ann', name: 'Ann', role: 'agent', tier: 1, createdAt: 0 }).run();
      const rows = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, subject: `printer ${i}`, description: i % 3 ? 'jams' : 'Café' }));
      file.db
        .insert(tickets)
        .values(rows.map((r) => ({ ...r, ...base })))
        .run();
      file.db
        .insert(comments)
        .values([
          { ticketId: 4, authorId: 1, body: 'logged the vendor call', internal: true, channel: 'web', createdAt: 1 },
          { ticketId: 5, authorId: 1, body: 'cannot login since Monday', internal: false, channel: 'web', createdAt: 1 },
        ])
        .run();
      const searches = ['text~pr', 'text~caf', 'text~"printer 1"', 'text~"cannot lo"', 'text~log', 'text~vendor'];
      const found = (s: Store) =>
        searches.map((f) =>
          [staff, requester].map((ctx) =>
            s.db
              .select({ id: tickets.id })
              .from(tickets)
              .where(compileFilter(parseFilter(f)!, ctx))
              .orderBy(asc(tickets.id))
              .all()
              .map((r) => r.id),
          ),
        );
      const before = found(file);
      expect(before[3]).toEqual([[5], [5]]);
      expect(before[5]).toEqual([[4], []]);
      // As a database of schema 0013 opens: 0014 drops the index and builds it again from the rows.
      file.sqlite.pragma('user_version = 14');
      file.close();
      const told: UpgradeProgress[] = [];
      const migrated = openStore(join(dir, 't.db'), { onUpgrade: (p) => told.push(p) });
      try {
        expect(told.slice(0, 2)).toEqual([
          { phase: 'start', migrations: 1 },
          { phase: 'step', what: 'rebuilding the text index (tickets)', done: 30, total: 30 },
        ]);
        expect(told[2]).toMatchObject({ phase: 'done' });
        expect(migrated.sqlite.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
        expect(migrated.sqlite.prepare("select sql from sqlite_master where name = 'ticket_search'").pluck().get()).toContain(
          "prefix='2 3'",
        );
        expect(found(migrated)).toEqual(before);
        expect(migrated.sqlite.prepare("select count(*) from ticket_search_vocab where term = 'vendor'").pluck().get()).toBe(1);
        // In chunks of 7 ids (the step's are 20,000): every document once, progress at each chunk.
        migrated.sqlite.exec("insert into ticket_search (ticket_search) values ('delete-all')");
        const chunks: number[] = [];
        writeTicketSearchDocuments(migrated.sqlite, (done) => chunks.push(done), 7);
        expect(chunks).toEqual([7, 14, 21, 28, 30]);
        expect(found(migrated)).toEqual(before);
      } finally {
        migrated.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a pattern as unicode61 words, the last a prefix', () => {
    expect(searchPhrase('printer ja')).toBe('"printer ja"*');
    expect(searchPhrase('"; drop -- x')).toBe('"drop x"*');
    expect(searchPhrase('%_!')).toBeUndefined();
    expect(searchPhrase('*sub')).toBeUndefined();
  });
});
