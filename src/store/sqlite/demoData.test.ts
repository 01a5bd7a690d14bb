import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from './db.js';
import { sqliteDemoLoader, switchJournal } from './demoData.js';
import { TICKET_COLUMNS } from '../port/index.js';
import { NO_DUE } from './schema/tickets.js';

const indexNames = (store: ReturnType<typeof openStore>) =>
  store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();

/** A store on a file of its own (a reader needs a file, not memory), and its removal. */
function fileStore(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-demo-'));
  return { path: join(dir, 'demo.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a read on `reader` and leaves it open (as a poll of the file does); the result ends it. */
function holdRead(reader: Database.Database): () => void {
  const rows = reader.prepare('SELECT name FROM sqlite_master').iterate()[Symbol.iterator]();
  rows.next();
  return () => void rows.return?.();
}

describe('demo bulk load', () => {
  it('writes rows in chunks, then restores indexes and pragmas', () => {
    const store = openStore(':memory:');
    const before = indexNames(store);
    sqliteDemoLoader(store).insertPeople(
      [{ id: 1, name: 'Acme', domain: 'acme.example', createdAt: 0 }],
      [
        { id: 1, handle: 'admin', name: 'Admin', email: null, role: 'admin', tier: null, orgId: null, createdAt: 0 },
        { id: 2, handle: 'req', name: 'Req', email: 'req@acme.example', role: 'requester', tier: null, orgId: 1, createdAt: 0 },
      ],
    );
    expect(sqliteDemoLoader(store).nextIds()).toEqual({ users: 3, organizations: 2, tickets: 1, comments: 1, events: 1 });
    const load = sqliteDemoLoader(store).startBulkLoad();
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(0);
    expect(indexNames(store).length).toBeLessThan(before.length);
    load.chunk(() => {
      for (let id = 1; id <= 120; id++) {
        const row = new Array(TICKET_COLUMNS.length).fill(null);
        Object.assign(row, {
          0: id,
          1: `s${id}`,
          2: 'd',
          3: 2,
          4: 1,
          5: 'question',
          6: 'P3',
          7: 'new',
          8: 1,
          10: 'email',
          15: id,
          16: id,
          17: id,
          20: 1,
          27: 0,
          31: NO_DUE,
          32: NO_DUE,
        });
        load.writer.ticket(row);
        load.writer.comment(id, id, 2, 'd', false, 'email', id);
        load.writer.event(id, id, 2, id, 'create', null, '{"status":"new"}', null, id, 1);
        load.writer.level(id, 1, id, null, null, null, null, null);
      }
      load.writer.tag(1, 'vpn');
      load.writer.watcher(1, 1);
      load.writer.outbox(1, 1, 1, 'create', 'queued', 0, 1, 1, null, null);
    });
    load.finish();
    expect(indexNames(store)).toEqual(before);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    const count = (t: string) => store.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    expect([count('tickets'), count('comments'), count('events'), count('ticket_levels'), count('ticket_tags'), count('outbox')]).toEqual([
      120, 120, 120, 120, 1, 1,
    ]);
    store.close();
  });

  it('rolls a failed chunk back', () => {
    const store = openStore(':memory:');
    const load = sqliteDemoLoader(store).startBulkLoad();
    expect(() =>
      load.chunk(() => {
        load.writer.tag(1, 'a');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    load.finish();
    expect(store.sqlite.prepare('SELECT count(*) FROM ticket_tags').pluck().get()).toBe(0);
    store.close();
  });

  it('goes on, keeping the WAL, when another connection is reading the file as it starts and ends', () => {
    const file = fileStore();
    const path = file.path;
    const store = openStore(path);
    const reader = new Database(path, { readonly: true });
    try {
      let release = holdRead(reader);
      const load = sqliteDemoLoader(store).startBulkLoad();
      release();
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      load.chunk(() => load.writer.tag(1, 'vpn'));
      release = holdRead(reader);
      load.finish();
      release();
      expect(store.sqlite.prepare('SELECT count(*) FROM ticket_tags').pluck().get()).toBe(1);
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reader.close();
      store.close();
      file.remove();
    }
  });

  it('loads without a WAL when it has the file to itself, and turns the WAL back on', () => {
    const file = fileStore();
    const path = file.path;
    const store = openStore(path);
    try {
      const load = sqliteDemoLoader(store).startBulkLoad();
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('truncate');
      load.finish();
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      store.close();
      file.remove();
    }
  });

  it('leaves the journal as it is while a reader holds the file; the next open turns the WAL back on', () => {
    const file = fileStore();
    const path = file.path;
    let store = openStore(path);
    store.sqlite.pragma('journal_mode = TRUNCATE');
    const reader = new Database(path, { readonly: true });
    try {
      const release = holdRead(reader);
      try {
        switchJournal(store.sqlite, 'WAL');
      } finally {
        release();
      }
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('truncate');
      store.close();
      store = openStore(path);
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reader.close();
      store.close();
      file.remove();
    }
  });
});
