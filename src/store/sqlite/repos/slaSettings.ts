// SLA plans and business calendars, stored as JSON definitions by name. Queries only.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import type { NamedDefinition, SlaSettingsRepo } from '../../port/index.js';
import { calendars, slaPlans } from '../schema/index.js';

function table(db: Db, t: typeof slaPlans | typeof calendars) {
  return {
    get: (name: string): unknown => {
      const row = db.select().from(t).where(eq(t.name, name)).get();
      return row ? (JSON.parse(row.definition) as unknown) : undefined;
    },
    list: (): NamedDefinition[] =>
      db
        .select()
        .from(t)
        .orderBy(asc(t.name))
        .all()
        .map((r) => ({ name: r.name, definition: JSON.parse(r.definition) as unknown })),
    put: (name: string, definition: unknown): void => {
      const text = JSON.stringify(definition);
      db.insert(t)
        .values({ name, definition: text })
        .onConflictDoUpdate({ target: t.name, set: { definition: text } })
        .run();
    },
    /** Inserts unless the name exists; returns whether it did. */
    putIfMissing: (name: string, definition: unknown): boolean =>
      db
        .insert(t)
        .values({ name, definition: JSON.stringify(definition) })
        .onConflictDoNothing()
        .run().changes === 1,
  };
}

export function createSlaSettingsRepo(db: Db): SlaSettingsRepo {
  return { plans: table(db, slaPlans), calendars: table(db, calendars) };
}
