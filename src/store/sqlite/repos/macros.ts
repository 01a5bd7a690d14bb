// Saved macros: a name and a JSON definition (validated in app/tickets/macros.ts).
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { MacroRow, MacrosRepo } from '../../port/index.js';
import { macros } from '../schema/index.js';

export function createMacrosRepo(db: Db): MacrosRepo {
  return {
    byName: (name: string): MacroRow | undefined => db.select().from(macros).where(eq(macros.name, name)).get(),
    list: (): MacroRow[] => db.select().from(macros).orderBy(asc(macros.name)).all(),
    upsert: (name: string, definition: string): void => {
      db.insert(macros).values({ name, definition }).onConflictDoUpdate({ target: macros.name, set: { definition } }).run();
    },
    remove: (name: string): boolean => db.delete(macros).where(eq(macros.name, name)).run().changes === 1,
  };
}
