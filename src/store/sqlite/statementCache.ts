// Drizzle prepares a new SQLite statement for every query it runs: on a ticket's creation that
// was a third of the time (2,000 tickets with replies and notes: 3.2 of 9.7 s in `prepare`).
// Here drizzle's session (only it: the store's own statements are prepared once by their
// owners) reuses a statement per SQL text.
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/** Statements kept per connection: the queries a session runs are a few hundred shapes. */
const KEPT = 500;

interface SessionClient {
  prepare(source: string): Database.Statement;
  transaction: Database.Database['transaction'];
}

/** Makes `db`'s drizzle session reuse the statements it prepares. */
export function reuseDrizzleStatements(db: Db, sqlite: Database.Database): void {
  const kept = new Map<string, Database.Statement>();
  const client: SessionClient = {
    prepare: (source) => {
      const statement = kept.get(source);
      // One being iterated is in use: that caller keeps it, this one gets its own.
      if (statement && !statement.busy) {
        // Drizzle asks for raw rows on some queries (stmt.raw()) and plain ones on others.
        kept.delete(source);
        kept.set(source, statement);
        return statement.reader ? statement.raw(false) : statement;
      }
      const fresh = sqlite.prepare(source);
      if (!statement) {
        kept.set(source, fresh);
        if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      }
      return fresh;
    },
    transaction: sqlite.transaction.bind(sqlite),
  };
  (db as unknown as { session: { client: SessionClient } }).session.client = client;
}
