// Another session that keeps every ticket write waiting, on either store: on SQLite a second
// connection holding the file's write lock (BEGIN IMMEDIATE); on PostgreSQL a session holding
// `tickets` in EXCLUSIVE mode, as an admin's LOCK TABLE, a VACUUM FULL or a psql session left open
// after an UPDATE would (plain reads still pass: EXCLUSIVE lets only ACCESS SHARE through). The
// lock is held by the server, so the test may block its own event loop (spawnSync) meanwhile.
import Database from 'better-sqlite3';
import pg from 'pg';

export interface HeldWriteLock {
  release(): Promise<void>;
}

export async function holdWriteLock(db: string): Promise<HeldWriteLock> {
  if (!db.startsWith('postgres://') && !db.startsWith('postgresql://')) {
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        holder.exec('ROLLBACK');
        holder.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: db });
  client.on('error', () => {});
  await client.connect();
  await client.query('begin');
  await client.query('lock table tickets in exclusive mode');
  return {
    release: async () => {
      await client.query('rollback');
      await client.end();
    },
  };
}
