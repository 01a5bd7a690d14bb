// Key/value settings and the admin-edited dictionaries, stored as JSON text.
import { eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../db.js';
import type { ConfigRepo } from '../../port/index.js';
import { config } from '../schema/index.js';

export function createConfigRepo(db: Db): ConfigRepo {
  // Read on every ticket's creation (dictionaries, settings): one statement, prepared at the first
  // read (a file not yet migrated has no table to prepare it against).
  let valueOf: Database.Statement<[string], string> | undefined;
  return {
    get: (key: string): unknown => {
      valueOf ??= db.$client.prepare<[string], string>('select value from config where key = ?').pluck();
      const value = valueOf.get(key);
      return value === undefined ? undefined : (JSON.parse(value) as unknown);
    },
    set: (key: string, value: unknown): void => {
      const text = JSON.stringify(value);
      db.insert(config)
        .values({ key, value: text })
        .onConflictDoUpdate({ target: config.key, set: { value: text } })
        .run();
    },
    remove: (key: string): void => {
      db.delete(config).where(eq(config.key, key)).run();
    },
    all: (): Record<string, unknown> =>
      Object.fromEntries(
        db
          .select()
          .from(config)
          .all()
          .map((r) => [r.key, JSON.parse(r.value) as unknown]),
      ),
  };
}
