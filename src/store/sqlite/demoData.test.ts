import { describe, expect, it } from 'vitest';
import { openStore } from './db.js';
import { sqliteDemoLoader } from './demoData.js';
import { TICKET_COLUMNS } from '../port/index.js';
import { NO_DUE } from './schema/tickets.js';

const indexNames = (store: ReturnType<typeof openStore>) =>
  store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();

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
});
