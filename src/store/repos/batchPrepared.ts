// Prepared-statement versions of the ticket queries a batch repeats thousands of times. Same
// signatures and results as repos/tickets.ts and repos/people.ts; a batch overlays them on its
// context (app/batchContext.ts), so the per-ticket use cases run unchanged but skip re-building
// and re-preparing each query (most of a batch close's time before this).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { events, outbox, ticketLevels, tickets, ticketTags, users, watchers } from '../schema/index.js';
import type { EventRow, NewOutbox, NewTicket, TicketsRepo } from './tickets.js';
import type { PeopleRepo } from './people.js';

const p = (name: string) => sql.placeholder(name);

export function createPreparedBatchQueries(db: Db, base: TicketsRepo, people: PeopleRepo) {
  const tagsOne = db.select({ tag: ticketTags.tag }).from(ticketTags).where(eq(ticketTags.ticketId, p('id'))).orderBy(asc(ticketTags.tag)).prepare();
  const watchersOne = db.select({ userId: watchers.userId }).from(watchers).where(eq(watchers.ticketId, p('id'))).prepare();
  const eventColumns = ['ticketId', 'actorId', 'at', 'action', 'before', 'after', 'text', 'commentId', 'batchId', 'version'] as const;
  const insertEvent = db
    .insert(events)
    .values(Object.fromEntries(eventColumns.map((c) => [c, p(c)])) as unknown as typeof events.$inferInsert)
    .returning()
    .prepare();
  const outboxColumns = ['ticketId', 'eventId', 'recipientId', 'kind', 'state', 'nextAttemptAt', 'createdAt'] as const;
  const insertOutbox = db
    .insert(outbox)
    .values(Object.fromEntries(outboxColumns.map((c) => [c, p(c)])) as unknown as typeof outbox.$inferInsert)
    .prepare();
  const superusers = db.select({ id: users.id }).from(users).where(and(eq(users.orgId, p('org')), eq(users.role, 'superuser'))).prepare();
  const levelUpserts = new Map<string, { run(values: Record<string, unknown>): unknown }>();
  const updates = new Map<string, { run(values: Record<string, unknown>): { changes: number } }>();

  function updateStatement(keys: string[]) {
    const key = keys.join(',');
    let statement = updates.get(key);
    if (!statement) {
      const set = Object.fromEntries(keys.map((k) => [k, p(`v_${k}`)])) as Partial<NewTicket>;
      const prepared = db
        .update(tickets)
        .set({ ...set, version: p('v_next') as unknown as number })
        .where(and(eq(tickets.id, p('v_id')), eq(tickets.version, p('v_old'))))
        .prepare();
      statement = { run: (values) => prepared.run(values) as unknown as { changes: number } };
      updates.set(key, statement);
    }
    return statement;
  }

  return {
    tagsOf: (ids: number[]): Map<number, string[]> => {
      if (ids.length !== 1) return base.tagsOf(ids);
      const rows = tagsOne.all({ id: ids[0] }).map((r) => r.tag);
      return rows.length ? new Map([[ids[0]!, rows]]) : new Map();
    },
    watchersOf: (ids: number[]): Map<number, number[]> => {
      if (ids.length !== 1) return base.watchersOf(ids);
      const rows = watchersOne.all({ id: ids[0] }).map((r) => r.userId);
      return rows.length ? new Map([[ids[0]!, rows]]) : new Map();
    },
    updateTicket: (id: number, version: number, fields: Partial<NewTicket>): boolean => {
      const keys = Object.keys(fields).filter((k) => fields[k as keyof NewTicket] !== undefined).sort();
      const values: Record<string, unknown> = { v_id: id, v_old: version, v_next: version + 1 };
      for (const k of keys) {
        const v = fields[k as keyof NewTicket];
        // The boolean columns are stored as 0/1 (drizzle's boolean mode); anything else goes the slow way.
        if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return base.updateTicket(id, version, fields);
        values[`v_${k}`] = typeof v === 'boolean' ? Number(v) : v;
      }
      return updateStatement(keys).run(values).changes === 1;
    },
    insertEvent: (row: typeof events.$inferInsert): EventRow =>
      insertEvent.get(Object.fromEntries(eventColumns.map((c) => [c, row[c] ?? null]))) as EventRow,
    insertOutbox: (rows: NewOutbox[]): void => {
      for (const row of rows) insertOutbox.run(Object.fromEntries(outboxColumns.map((c) => [c, row[c] ?? null])));
    },
    upsertLevel: (row: typeof ticketLevels.$inferInsert): void => {
      const keys = Object.keys(row).filter((k) => row[k as keyof typeof row] !== undefined).sort();
      let statement = levelUpserts.get(keys.join(','));
      if (!statement) {
        const values = Object.fromEntries(keys.map((k) => [k, p(k)])) as unknown as typeof ticketLevels.$inferInsert;
        const set = Object.fromEntries(keys.filter((k) => k !== 'ticketId' && k !== 'level').map((k) => [k, p(k)]));
        statement = db.insert(ticketLevels).values(values).onConflictDoUpdate({ target: [ticketLevels.ticketId, ticketLevels.level], set }).prepare();
        levelUpserts.set(keys.join(','), statement);
      }
      statement.run(Object.fromEntries(keys.map((k) => [k, row[k as keyof typeof row]])));
    },
    superuserIdsOfOrg: (orgId: number): number[] => superusers.all({ org: orgId }).map((r) => r.id),
    notifyAllAdminIds: () => people.notifyAllAdminIds(),
  };
}
