// Which connections are inside a write transaction (db.ts `write`): a read there may see the
// transaction's own changes, which no committed mark shows yet (repos/textMatchSet.ts).
import type Database from 'better-sqlite3';

const writing = new WeakMap<Database.Database, number>();

/** Runs `fn` with `client` marked as writing (nested writes count). */
export function whileWriting<T>(client: Database.Database, fn: () => T): T {
  writing.set(client, (writing.get(client) ?? 0) + 1);
  try {
    return fn();
  } finally {
    const left = writing.get(client)! - 1;
    if (left > 0) writing.set(client, left);
    else writing.delete(client);
  }
}

export const isWriting = (client: Database.Database): boolean => writing.has(client);
