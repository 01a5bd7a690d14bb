import { sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.js';
import { config } from './schema/index.js';

let store: Store;
let prepared: string[];
beforeEach(() => {
  store = openStore(':memory:');
  prepared = [];
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  store.sqlite.prepare = ((source: string) => (prepared.push(source), prepare(source))) as typeof store.sqlite.prepare;
});
afterEach(() => store.close());

const sessionPrepare = (store: Store) =>
  (store.db as unknown as { session: { client: { prepare(source: string): Database.Statement } } }).session.client.prepare;

describe("drizzle's statements, reused per SQL text", () => {
  it('prepares a query once however often it runs, with each run its own values', () => {
    for (let i = 0; i < 5; i++)
      store.db
        .insert(config)
        .values({ key: `k${i}`, value: String(i) })
        .run();
    const read = (key: string) =>
      store.db
        .select()
        .from(config)
        .where(sql`${config.key} = ${key}`)
        .get()?.value;
    expect([read('k1'), read('k3'), read('none')]).toEqual(['1', '3', undefined]);
    expect(prepared.filter((s) => s.startsWith('insert into "config"'))).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
  });

  it('gives rows as each query asks, whatever the last run of the same text asked', () => {
    const text = sql`select 1 as a, 2 as b`;
    expect(store.db.values(text)).toEqual([[1, 2]]);
    expect(store.db.all(text)).toEqual([{ a: 1, b: 2 }]);
    expect(store.db.values(text)).toEqual([[1, 2]]);
    expect(store.db.get(text)).toEqual({ a: 1, b: 2 });
  });

  it('gives a statement of its own to a query while the kept one is being iterated', () => {
    const prepare = sessionPrepare(store);
    const first = prepare('select value from json_each(json_array(1, 2, 3))');
    const rows = first.pluck().iterate();
    expect(rows.next().value).toBe(1);
    const second = prepare('select value from json_each(json_array(1, 2, 3))');
    expect(second).not.toBe(first);
    expect(second.raw(false).all()).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
    expect([...rows]).toEqual([2, 3]);
  });
});
