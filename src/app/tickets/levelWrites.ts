// The per-level rows one action reads and writes, each read once and each written once. Taking a
// ticket wrote its level's row three times (the last assignee, the pickup, the SLA clock) and read
// it twice: on PostgreSQL each is a round trip through the bridge, made while the ticket's row is
// locked. Writes to one row are merged in order (a later value wins, as the upserts in sequence
// left it); a read of a row with writes pending writes them first, so every read sees what the
// writes in order would have left.
import type { LevelRow, TicketsRepo } from '../../store/port/index.js';

type LevelWrite = Parameters<TicketsRepo['upsertLevel']>[0];

export interface LevelWrites {
  /** The row as the database has it after this action's writes so far. */
  read(ticketId: number, level: number): LevelRow | undefined;
  /** Sets the given columns of the row (creating it when missing), at the next flush. */
  upsert(row: LevelWrite): void;
  /** Writes the pending rows, one upsert each. */
  flush(): void;
}

export function levelWrites(tickets: Pick<TicketsRepo, 'level' | 'upsertLevel'>): LevelWrites {
  const key = (ticketId: number, level: number) => `${ticketId}:${level}`;
  const known = new Map<string, LevelRow | undefined>();
  const pending = new Map<string, LevelWrite>();
  const write = (k: string) => {
    const row = pending.get(k);
    if (!row) return;
    pending.delete(k);
    known.delete(k);
    tickets.upsertLevel(row);
  };
  return {
    read: (ticketId, level) => {
      const k = key(ticketId, level);
      write(k);
      if (!known.has(k)) known.set(k, tickets.level(ticketId, level));
      return known.get(k);
    },
    upsert: (row) => {
      const k = key(row.ticketId, row.level);
      pending.set(k, { ...pending.get(k), ...row });
    },
    flush: () => {
      for (const k of [...pending.keys()]) write(k);
    },
  };
}
