// The ticket queries a batch repeats thousands of times, as plain prepared SQLite statements: the
// ticket update and the event insert without the query builder's per-call work, and outbox rows
// many to a statement (a chunk's tags, watchers, levels, requesters and organizations come from
// repos/tickets.ts and repos/people.ts, many ids to a query). Same rows and results as those
// repositories; app/batch/batchContext.ts overlays them on a batch's context.
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db.js';
import { events, outbox, ticketLevels, tickets, users } from '../schema/index.js';
import type { BatchWrites, EventRow, NewOutbox, NewTicket, TicketUpdate } from '../../port/index.js';

const ticketColumns = getTableColumns(tickets);
const OUTBOX_COLUMNS = ['ticketId', 'eventId', 'recipientId', 'kind', 'state', 'nextAttemptAt', 'createdAt', 'snapshot'] as const;
const EVENT_COLUMNS = ['ticketId', 'actorId', 'at', 'action', 'before', 'after', 'text', 'commentId', 'batchId', 'version'] as const;
/** Outbox rows per multi-row INSERT (8 values each, far below SQLite's 32,766 variables). */
const OUTBOX_BLOCK = 64;
/** Events per multi-row INSERT (10 values each). */
const EVENT_BLOCK = 32;

export function createPreparedBatchQueries(db: Db): BatchWrites {
  const sqlite = db.$client;
  const columnsOf = (names: readonly string[]) =>
    names.map((c) => (events as unknown as Record<string, { name: string }>)[c]!.name).join(', ');
  const insertEvent = sqlite.prepare(
    `insert into events (${columnsOf(EVENT_COLUMNS)}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const eventRow = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  const eventBlock = sqlite.prepare(
    `insert into events (${columnsOf(EVENT_COLUMNS)}) values ${Array(EVENT_BLOCK).fill(eventRow).join(', ')}`,
  );
  const outboxNames = OUTBOX_COLUMNS.map((c) => outbox[c].name).join(', ');
  const outboxRow = `(${OUTBOX_COLUMNS.map(() => '?').join(', ')})`;
  const outboxOne = sqlite.prepare(`insert into outbox (${outboxNames}) values ${outboxRow}`);
  const outboxBlock = sqlite.prepare(`insert into outbox (${outboxNames}) values ${Array(OUTBOX_BLOCK).fill(outboxRow).join(', ')}`);
  const superusers = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, sql.placeholder('org')), eq(users.role, 'superuser')))
    .prepare();
  const updates = new Map<string, Statement>();
  const levelUpserts = new Map<string, Statement>();
  const levelColumns = getTableColumns(ticketLevels);

  /** The upsert of repos/tickets.ts: insert the given columns, or set them but the key on the existing row. */
  function levelUpsert(keys: string[]): Statement {
    const key = keys.join(',');
    let statement = levelUpserts.get(key);
    if (!statement) {
      const name = (k: string) => levelColumns[k as keyof typeof levelColumns].name;
      const set = keys.filter((k) => k !== 'ticketId' && k !== 'level').map((k) => `${name(k)} = excluded.${name(k)}`);
      statement = sqlite.prepare(
        `insert into ticket_levels (${keys.map(name).join(', ')}) values (${keys.map(() => '?').join(', ')}) on conflict (ticket_id, level) do ${set.length ? `update set ${set.join(', ')}` : 'nothing'}`,
      );
      levelUpserts.set(key, statement);
    }
    return statement;
  }

  function updateStatement(keys: string[]): Statement {
    const key = keys.join(',');
    let statement = updates.get(key);
    if (!statement) {
      const set = keys.map((k) => `${ticketColumns[k as keyof typeof ticketColumns].name} = ?`);
      statement = sqlite.prepare(`update tickets set ${[...set, 'version = ?'].join(', ')} where id = ? and version = ?`);
      updates.set(key, statement);
    }
    return statement;
  }

  const writes: BatchWrites = {
    /** The level upsert of repos/tickets.ts, one statement per set of columns. */
    upsertLevel: (row: typeof ticketLevels.$inferInsert): void => {
      const keys = Object.keys(row)
        .filter((k) => row[k as keyof typeof row] !== undefined)
        .sort();
      levelUpsert(keys).run(...keys.map((k) => row[k as keyof typeof row]));
    },
    /**
     * The optimistic update of repos/tickets.ts (same columns, version + 1) for values SQLite takes
     * as they are; undefined when a value needs the query builder's mapping (the caller falls back).
     */
    updateTicket: (id: number, version: number, fields: Partial<NewTicket>): boolean | undefined => {
      const keys = Object.keys(fields)
        .filter((k) => fields[k as keyof NewTicket] !== undefined)
        .sort();
      const values: unknown[] = [];
      for (const k of keys) {
        const v = fields[k as keyof NewTicket];
        if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
        values.push(typeof v === 'boolean' ? Number(v) : v);
      }
      return updateStatement(keys).run(...values, version + 1, id, version).changes === 1;
    },
    updateTickets: (list: readonly TicketUpdate[]): (boolean | undefined)[] =>
      list.map((u) => writes.updateTicket(u.id, u.version, u.fields)),
    insertEvent: (row: typeof events.$inferInsert): EventRow => {
      const full = Object.fromEntries(EVENT_COLUMNS.map((c) => [c, row[c] ?? null])) as Omit<EventRow, 'id'>;
      const id = Number(insertEvent.run(...EVENT_COLUMNS.map((c) => full[c])).lastInsertRowid);
      return { id, ...full };
    },
    /**
     * Writes events in order, EVENT_BLOCK to a statement, and returns their ids. The ids of one
     * INSERT are consecutive (AUTOINCREMENT, and the caller holds the write lock), so the last
     * one gives them all.
     */
    insertEvents: (rows: ReadonlyArray<typeof events.$inferInsert>): number[] => {
      const valuesOf = (row: typeof events.$inferInsert) => EVENT_COLUMNS.map((c) => row[c] ?? null);
      const ids: number[] = [];
      let i = 0;
      for (; i + EVENT_BLOCK <= rows.length; i += EVENT_BLOCK) {
        const last = Number(eventBlock.run(rows.slice(i, i + EVENT_BLOCK).flatMap(valuesOf)).lastInsertRowid);
        for (let k = EVENT_BLOCK - 1; k >= 0; k--) ids.push(last - k);
      }
      for (; i < rows.length; i++) ids.push(Number(insertEvent.run(valuesOf(rows[i]!)).lastInsertRowid));
      return ids;
    },
    /** Writes outbox rows in order, OUTBOX_BLOCK to a statement. */
    insertOutbox: (rows: readonly NewOutbox[]): void => {
      const valuesOf = (row: NewOutbox) => OUTBOX_COLUMNS.map((c) => row[c] ?? null);
      let i = 0;
      for (; i + OUTBOX_BLOCK <= rows.length; i += OUTBOX_BLOCK) outboxBlock.run(rows.slice(i, i + OUTBOX_BLOCK).flatMap(valuesOf));
      for (; i < rows.length; i++) outboxOne.run(valuesOf(rows[i]!));
    },
    /**
     * Runs `fn` with every write refused by SQLite (SQLITE_READONLY): nothing it does can write.
     * Not a prepared statement: SQLite sets a flag pragma when it compiles it, not when it runs.
     */
    withoutWrites: <T>(fn: () => T): T => {
      sqlite.pragma('query_only = 1');
      try {
        return fn();
      } finally {
        sqlite.pragma('query_only = 0');
      }
    },
    isWriteRefused: (error: unknown): boolean => (error as { code?: string } | null)?.code === 'SQLITE_READONLY',
    superuserIdsOfOrg: (orgId: number): number[] => superusers.all({ org: orgId }).map((r) => r.id),
  };
  return writes;
}
