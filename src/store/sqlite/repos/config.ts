// Key/value settings and the admin-edited dictionaries, stored as JSON text.
import { eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { ConfigRepo } from '../../port/index.js';
import { config } from '../schema/index.js';

export function createConfigRepo(db: Db): ConfigRepo {
  return {
    get: (key: string): unknown => {
      const row = db.select().from(config).where(eq(config.key, key)).get();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
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
