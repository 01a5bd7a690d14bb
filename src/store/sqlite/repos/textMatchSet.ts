// A word search's matches, read from the FTS index once into a temporary table of ids: a page's
// compound query (one arm per status and keyset, repos/tickets.ts `list`) used to expand the FTS
// query once per arm (a common word: 16 times its whole doclist). The arms, the seek and the count
// then test `id in` that table, a rowid lookup. The table stays filled while the text index is the
// same (the next page, the window's other reads, the TUI's read-ahead, and a colleague's change of
// priority or assignee): a change to any ticket's text refills it.
import { sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../db.js';
import type { TextSearchSeek } from '../filterSql.js';
import { tickets } from '../schema/index.js';
import { toQuery } from './ticketSeeks.js';
import { isWriting } from '../writing.js';
import { ftsMatches } from '../textSearch.js';

const TABLE = 'ticket_text_matches';

export interface TextMatchSet {
  /** `tickets.id` is one of the matches (the `+`: tested, never driving the page). */
  member: SQL;
  /** The matches as a seek (column `id`). */
  seek: SQL;
}

const member = sql`+${tickets.id} in (select id from temp.${sql.raw(TABLE)})`;
const seek = sql`select id from temp.${sql.raw(TABLE)}`;

/**
 * What the text index holds, as one value: FTS5's structure record (row 10 of ticket_search_data),
 * which each change to the index rewrites as it commits (new segments, a write counter), whoever
 * commits it. A write transaction's searches see its own changes, which FTS5 may still hold in
 * memory, outside the record: unknown there. A read transaction sees the record and the index of
 * one snapshot.
 */
export function createTextIndexMark(client: Database.Database): () => Buffer | undefined {
  let structure: Database.Statement | undefined;
  return () => {
    if (client.inTransaction && isWriting(client)) return undefined;
    structure ??= client.prepare('select block from ticket_search_data where id = 10').pluck();
    return structure.get() as Buffer | undefined;
  };
}

/**
 * Fills the connection's match table for one search at a time. It is reused only when it is
 * certainly current: the same search, the same text index (createTextIndexMark), and its
 * generation row still there (a rolled-back transaction takes the table's rows and that row back
 * with it).
 */
export function createTextMatchSets(db: Db): (text: TextSearchSeek, words?: string) => TextMatchSet {
  const client = db.$client;
  const textIndexMark = createTextIndexMark(client);
  let statements: { generation: Database.Statement; mark: Database.Statement } | undefined;
  let filled: { search: string; index: Buffer | undefined; generation: number } | undefined;
  let generations = 0;

  const prepared = () => {
    if (!statements) {
      client.exec(`create temp table if not exists ${TABLE} (id integer primary key)`);
      client.exec(`create temp table if not exists ${TABLE}_generation (generation integer not null)`);
      statements = {
        generation: client.prepare(`select generation from temp.${TABLE}_generation`).pluck(),
        mark: client.prepare(`insert into temp.${TABLE}_generation (generation) values (?)`),
      };
    }
    return statements;
  };

  // `words`: the same search with its last word's prefix spelled out as the words it stands for
  // (textProbe.ts), unless the index holds the prefix (two or three letters): FTS5 expands a
  // longer prefix far more slowly (`"cannot logi"*` reads every word from `logi`).
  return (text, words) => {
    const s = prepared();
    const search = `${text.includeInternal ? 'staff' : 'requester'}:${text.phrase}`;
    const index = textIndexMark();
    const current =
      filled?.search === search && index !== undefined && filled.index?.equals(index) === true && filled.generation === s.generation.get();
    if (!current) {
      client.exec(`delete from temp.${TABLE}; delete from temp.${TABLE}_generation`);
      // `or ignore`: staff's search reads a ticket's public and internal documents (id and −id).
      const matches = words === undefined ? text.seek : ftsMatches(words, text.includeInternal);
      const fill = toQuery(sql`insert or ignore into temp.${sql.raw(TABLE)} (id) ${matches}`);
      client.prepare(fill.sql).run(...fill.params);
      generations += 1;
      s.mark.run(generations);
      filled = { search, index, generation: generations };
    }
    return { member, seek };
  };
}
