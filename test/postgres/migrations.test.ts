import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// drizzle/pg migrates a fresh PostgreSQL to the tables, columns and indexes SQLite has (the two
// schemas are kept twins by hand: src/store/postgres/schema mirrors src/store/sqlite/schema), and
// a second open finds it current.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite/db.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/db.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

let server: PrivatePostgres;
let store: PostgresStore;
beforeAll(async () => {
  server = await startPostgres();
  store = openPostgresStore(server.url);
});
afterAll(() => {
  store?.close();
  server?.stop();
});

function sqliteShape() {
  const sqlite = openStore(':memory:');
  try {
    const names = (type: string) =>
      // ticket_search (FTS5, with its shadow tables) is SQLite's text index; PostgreSQL will search its own way.
      // The report rollups (report_days, report_minutes, report_backlog) are on both: SQLite's 0010, PostgreSQL's 0004.
      (
        sqlite.sqlite
          .prepare(
            `select name from sqlite_master where type = ? and name not like 'sqlite_%' and name not like 'ticket_search%' order by name`,
          )
          .pluck()
          .all(type) as string[]
      ).sort();
    const tables = names('table');
    const columns = Object.fromEntries(
      tables.map((t) => [t, (sqlite.sqlite.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[]).sort()]),
    );
    return { tables, indexes: names('index'), columns };
  } finally {
    sqlite.close();
  }
}

/**
 * PostgreSQL's own, with why: its report rollups take each change as appended rows (a slot each,
 * drizzle/pg/0007) so that concurrent writers never update one row; SQLite has one writer at a time.
 */
const POSTGRES_ONLY_COLUMNS = new Set(['report_days.slot', 'report_minutes.slot', 'report_backlog.slot']);
const POSTGRES_ONLY_INDEXES = new Set(['report_days_appended', 'report_minutes_appended', 'report_backlog_appended']);

describe('PostgreSQL migrations (drizzle/pg)', () => {
  it('create the tables, columns and named indexes of the SQLite schema', () => {
    const want = sqliteShape();
    const tables = store
      .query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`)
      .map((r) => r.name);
    expect(tables.sort()).toEqual(want.tables);
    // Indexes of their own (not backing a primary key or unique constraint), then the constraints.
    const indexes = store
      .query<{
        name: string;
      }>(
        `select indexname as name from pg_indexes i where schemaname = 'public' and not exists (select from pg_constraint c where c.conname = i.indexname)`,
      )
      .map((r) => r.name)
      .filter((name) => !POSTGRES_ONLY_INDEXES.has(name));
    expect(indexes.sort()).toEqual(want.indexes.filter((name) => !name.endsWith('_unique')));
    const unique = store
      .query<{
        name: string;
      }>(`select conname as name from pg_constraint where contype = 'u' and connamespace = 'public'::regnamespace order by 1`)
      .map((r) => r.name);
    expect(unique).toEqual(want.indexes.filter((name) => name.endsWith('_unique')));
    for (const table of want.tables) {
      const columns = store
        .query<{
          name: string;
        }>(`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = $1`, [table])
        .map((r) => r.name)
        .filter((name) => !POSTGRES_ONLY_COLUMNS.has(`${table}.${name}`));
      expect(columns.sort(), table).toEqual(want.columns[table]);
    }
    // report sla reads the histograms' counts from their key alone (0008).
    expect(store.query(`select indexdef from pg_indexes where indexname = 'report_minutes_pkey'`)[0]).toMatchObject({
      indexdef: expect.stringContaining('INCLUDE (n)'),
    });
    // ...which needs its pages marked all-visible: vacuumed after 1% of changes, not 20%.
    expect(store.query(`select reloptions from pg_class where relname = 'report_minutes'`)[0]).toEqual({
      reloptions: ['autovacuum_vacuum_scale_factor=0.01', 'autovacuum_vacuum_insert_scale_factor=0.01'],
    });
    // The partial index keeps its condition; times are bigint (milliseconds past 2^31).
    expect(store.query(`select indexdef from pg_indexes where indexname = 'outbox_message_id'`)[0]).toMatchObject({
      indexdef: expect.stringContaining('WHERE (message_id IS NOT NULL)'),
    });
    expect(
      store.query(`select data_type from information_schema.columns where table_name = 'tickets' and column_name = 'sla_due_at'`),
    ).toEqual([{ data_type: 'bigint' }]);
  });

  it('are applied once: a second open of the same database finds it current', () => {
    const again = openPostgresStore(server.url);
    try {
      const applied = again.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
      // One row per migration in drizzle/pg, however many there are.
      const journal = JSON.parse(readFileSync(fileURLToPath(new URL('../../drizzle/pg/meta/_journal.json', import.meta.url)), 'utf8')) as {
        entries: unknown[];
      };
      expect(applied).toEqual([{ n: journal.entries.length }]);
    } finally {
      again.close();
    }
  });
});
