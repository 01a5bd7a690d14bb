// The one place that tells a PostgreSQL database from a SQLite file in `--db` / TICKETTY_DB. No
// imports: the composition root can ask without loading the PostgreSQL store.

/** postgres:// and postgresql:// URLs name a PostgreSQL database; anything else is a SQLite file. */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** The URL without its password, for messages (`store.path` of the SQLite store's role). */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
