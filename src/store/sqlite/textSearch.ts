// `text~` as a word search: the FTS5 table `ticket_search` (migration 0006, kept by triggers in the
// transaction of every change) holds per ticket one document of its subject, description and
// public comments (rowid = the ticket's id) and one of its internal notes (rowid = minus the id).
import { sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { FilterContext } from './filterSql.js';

/**
 * The documents of the tickets whose ids are in [@from, @to], from their rows, as the triggers
 * write them: a bulk load (with the triggers off) and migration 0014's rebuild, in chunks.
 */
const TICKET_SEARCH_DOCUMENTS: readonly string[] = [
  `INSERT INTO ticket_search (rowid, body) SELECT t.id, t.subject || char(10) || t.description || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.internal = 0), '') FROM tickets t WHERE t.id BETWEEN @from AND @to`,
  `INSERT INTO ticket_search (rowid, body) SELECT -ticket_id, group_concat(body, char(10)) FROM comments WHERE internal = 1 AND ticket_id BETWEEN @from AND @to GROUP BY ticket_id`,
];

/** Writes every ticket's documents, `chunk` tickets at a time, telling `progress` how far it got (ids). */
export function writeTicketSearchDocuments(
  sqlite: Database.Database,
  progress?: (done: number, total: number) => void,
  chunk = 20_000,
): void {
  const last = sqlite.prepare('SELECT coalesce(max(id), 0) FROM tickets').pluck().get() as number;
  const statements = TICKET_SEARCH_DOCUMENTS.map((text) => sqlite.prepare(text));
  for (let from = 1; from <= last; from += chunk) {
    for (const statement of statements) statement.run({ from, to: from + chunk - 1 });
    progress?.(Math.min(from + chunk - 1, last), last);
  }
}

/**
 * The words of a pattern as FTS5's unicode61 tokenizer splits them (letters, digits and marks;
 * case and diacritics are folded by the index), as one phrase whose last word is a prefix:
 * `printer ja` finds "the printer jams". Undefined when the pattern has no word, or asks for the
 * substring scan with a leading `*`.
 */
export function searchPhrase(text: string): string | undefined {
  if (text.startsWith('*')) return undefined;
  const words = text.match(/[\p{L}\p{N}\p{M}]+/gu);
  return words ? `"${words.join(' ')}"*` : undefined;
}

/** The ids of the tickets whose subject, description or a visible comment has the phrase (column `id`), or undefined. */
export function textMatches(text: string, ctx: FilterContext): SQL | undefined {
  const phrase = searchPhrase(text);
  if (phrase === undefined) return undefined;
  return ftsMatches(phrase, ctx.includeInternal);
}

/** The ids of the tickets with a document matching an FTS5 query (column `id`, maybe twice for staff). */
export function ftsMatches(query: string, includeInternal: boolean): SQL {
  // A ticket's internal notes are the document at minus its id (migration 0006).
  if (!includeInternal) return sql`select rowid as id from ticket_search where ticket_search match ${query} and rowid > 0`;
  return sql`select abs(rowid) as id from ticket_search where ticket_search match ${query}`;
}
