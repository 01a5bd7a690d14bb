// For context beside the batch close figure (no target): what its writes cost with no application
// logic at all. Per ticket of the set, in id order, the same UPDATE as the plain one, one event and
// four outbox rows (what a close writes in the demo), in transactions of 560 tickets (the size the
// batch's 50 ms chunks come to) with a WAL checkpoint after each, here on this thread. The batch
// runs its checkpoints in a worker, overlapped with planning: its floor lies between the total
// and the total minus the checkpoints, both reported.
import Database from 'better-sqlite3';
import { BENCH_NOW } from './measure.js';

const CHUNK = 560;
const NOW_MS = Date.parse(BENCH_NOW);

export interface FloorRun {
  ms: number;
  checkpointMs: number;
}

export function chunkedWritesFloor(db: string, set: number): FloorRun {
  const sqlite = new Database(db);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('cache_size = -32000');
    sqlite.pragma('wal_autocheckpoint = 0');
    sqlite.pragma('foreign_keys = ON'); // as ticketty's connections have it
    const people = sqlite.prepare("SELECT id FROM users ORDER BY role = 'admin' DESC, id LIMIT 5").pluck().all() as number[];
    const [actor, ...recipients] = people;
    const rows = sqlite
      .prepare('SELECT t.id, t.version FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id AND g.tag = ? ORDER BY t.id')
      .raw()
      .all(`bench-batch-${set}`) as Array<[number, number]>;
    const update =
      sqlite.prepare(`UPDATE tickets SET status = 'closed', closing_reason = 'resolved', closed_at = ?, updated_at = ?, status_since = ?,
      version = ? WHERE id = ? AND version = ?`);
    const event = sqlite.prepare(
      'INSERT INTO events (ticket_id, actor_id, at, action, before, after, text, batch_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const outbox = sqlite.prepare(
      "INSERT INTO outbox (ticket_id, event_id, recipient_id, kind, state, next_attempt_at, created_at) VALUES (?, ?, ?, 'close', 'queued', ?, ?)",
    );
    const chunk = sqlite.transaction((part: Array<[number, number]>) => {
      for (const [id, version] of part) {
        if (update.run(NOW_MS, NOW_MS, NOW_MS, version + 1, id, version).changes !== 1) throw new Error(`ticket #${id} did not update`);
        const eventId = event.run(
          id,
          actor,
          NOW_MS,
          'close',
          '{"status":"solved"}',
          '{"status":"closed","closingReason":"resolved"}',
          'resolved',
          `floor-${set}`,
          version + 1,
        ).lastInsertRowid;
        for (const recipient of recipients) outbox.run(id, eventId, recipient, NOW_MS, NOW_MS);
      }
    });
    let checkpointMs = 0;
    const started = performance.now();
    for (let i = 0; i < rows.length; i += CHUNK) {
      chunk(rows.slice(i, i + CHUNK));
      const t = performance.now();
      sqlite.pragma('wal_checkpoint(RESTART)');
      checkpointMs += performance.now() - t;
    }
    return { ms: performance.now() - started, checkpointMs };
  } finally {
    sqlite.close();
  }
}
