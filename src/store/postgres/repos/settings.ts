// PostgreSQL twins of src/store/sqlite/repos/config.ts, macros.ts and slaSettings.ts: key/value
// settings, macros, SLA plans and calendars (JSON text by name). Asynchronous: runs in the worker.
// SLA plans and calendars are two repositories here (`slaPlans`, `calendars`), not one with two
// members: the store's synchronous side forwards `repo.method` calls.
import { asc, eq } from 'drizzle-orm';
import { calendars, config, macros, slaPlans } from '../schema/index.js';
import { bytewise, first, type PgDb } from './db.js';

export type MacroRow = typeof macros.$inferSelect;
export interface NamedDefinition {
  name: string;
  definition: unknown;
}

export function createPgConfigRepo(db: PgDb) {
  return {
    get: async (key: string): Promise<unknown> => {
      const row = first(await db.select().from(config).where(eq(config.key, key)));
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    set: async (key: string, value: unknown): Promise<void> => {
      const text = JSON.stringify(value);
      await db
        .insert(config)
        .values({ key, value: text })
        .onConflictDoUpdate({ target: config.key, set: { value: text } });
    },
    remove: async (key: string): Promise<void> => {
      await db.delete(config).where(eq(config.key, key));
    },
    all: async (): Promise<Record<string, unknown>> =>
      Object.fromEntries((await db.select().from(config)).map((r) => [r.key, JSON.parse(r.value) as unknown])),
  };
}

export function createPgMacrosRepo(db: PgDb) {
  return {
    byName: async (name: string): Promise<MacroRow | undefined> => first(await db.select().from(macros).where(eq(macros.name, name))),
    list: async (): Promise<MacroRow[]> =>
      db
        .select()
        .from(macros)
        .orderBy(asc(bytewise(macros.name))),
    upsert: async (name: string, definition: string): Promise<void> => {
      await db.insert(macros).values({ name, definition }).onConflictDoUpdate({ target: macros.name, set: { definition } });
    },
    remove: async (name: string): Promise<boolean> => (await db.delete(macros).where(eq(macros.name, name))).rowCount === 1,
  };
}

export function createPgDefinitionsRepo(db: PgDb, t: typeof slaPlans | typeof calendars) {
  return {
    get: async (name: string): Promise<unknown> => {
      const row = first(await db.select().from(t).where(eq(t.name, name)));
      return row ? (JSON.parse(row.definition) as unknown) : undefined;
    },
    list: async (): Promise<NamedDefinition[]> =>
      (
        await db
          .select()
          .from(t)
          .orderBy(asc(bytewise(t.name)))
      ).map((r) => ({ name: r.name, definition: JSON.parse(r.definition) as unknown })),
    put: async (name: string, definition: unknown): Promise<void> => {
      const text = JSON.stringify(definition);
      await db
        .insert(t)
        .values({ name, definition: text })
        .onConflictDoUpdate({ target: t.name, set: { definition: text } });
    },
    /** Inserts unless the name exists; returns whether it did. */
    putIfMissing: async (name: string, definition: unknown): Promise<boolean> =>
      (
        await db
          .insert(t)
          .values({ name, definition: JSON.stringify(definition) })
          .onConflictDoNothing()
      ).rowCount === 1,
  };
}
