// A page of a COMMON word's search: filling the match table (textMatchSet.ts) with most of a
// million ids costs about 0.6 s, while walking the view's sort index as a page without a search
// does and probing the index per row (`rowid = tickets.id`) finds a page in ~50 probes. A probe
// of a whole word is cheap (~0.1 ms), and so is one of a prefix of two or three letters, which
// the index holds ready (`prefix='2 3'`, migration 0014): `"cannot log"*` reads one list. A
// longer (or one-letter) prefix is expanded by FTS5 at every probe (~100 ms), so it becomes the
// OR of its words, read from `ticket_search_vocab` (migration 0012). That table reads each listed
// word's whole doclist (it counts documents even when only the term is asked for), so the
// prefix's own word is never read from it (an OR with a word not in the index matches nothing
// more), and the plan is chosen from how many of the newest tickets match, never from document
// counts. The words are kept while the text index is the same (createTextIndexMark).
import { sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../db.js';
import type { TextSearchSeek } from '../filterSql.js';
import { tickets } from '../schema/index.js';
import { createTextIndexMark } from './textMatchSet.js';

/** The walk pays when the rarest word is on more than this share of the tickets. */
export const WALK_SHARE = 0.1;
/** A prefix with more words than this is searched through the match table. */
const PREFIX_TERMS = 16;
/** A phrase's share of the tickets is measured on this many of the newest. */
const SAMPLE = 500;
/** The prefix lengths the index holds (migration 0014's `prefix='2 3'`). */
const INDEXED_PREFIX = new Set([2, 3]);

/**
 * A search's page plan: `probe`, the per-row test of a common search (as `where`), or none when the
 * match table is the better plan; `words`, the FTS5 query to fill the match table with: the search
 * itself when the index holds its last word's prefix, else with that prefix spelled out as its words.
 */
export interface TextPlan {
  probe?: SQL;
  words?: string;
}

/** A search's page plan (TextPlan). `force` chooses the plan regardless of the newest tickets' share (tests). */
export function createTextProbes(db: Db): (text: TextSearchSeek, force?: 'walk' | 'table') => TextPlan {
  const client = db.$client;
  let statements: { longer: Database.Statement; size: Database.Statement; sample: Database.Statement } | undefined;
  const prepared = () =>
    (statements ??= {
      longer: client.prepare('select term from ticket_search_vocab where term >= ? and term < ? limit ?').pluck(),
      size: client.prepare('select coalesce(max(id), 0) from tickets').pluck(),
      // BigInt bounds: FTS5 ignores a REAL rowid bound (a JS number binds as one).
      sample: client.prepare('select count(*) from ticket_search where ticket_search match ? and rowid > ? and rowid <= ?').pluck(),
    });

  const textIndexMark = createTextIndexMark(client);
  const vocabulary = new Map<string, unknown>();
  let vocabularyOf: Buffer | undefined;
  /** `read()`, or its answer from an earlier call on the same text index. */
  const remembered = <T>(index: Buffer | undefined, key: string, read: () => T): T => {
    if (!index) return read();
    if (!vocabularyOf?.equals(index) || vocabulary.size > 1_000) {
      vocabulary.clear();
      vocabularyOf = index;
    }
    if (!vocabulary.has(key)) vocabulary.set(key, read());
    return vocabulary.get(key) as T;
  };

  return (text, force) => {
    if (force === 'table') return {};
    const words = /^"([^"]*)"\*$/.exec(text.phrase)?.[1]?.split(' ');
    if (!words) return {};
    const s = prepared();
    let query = text.phrase;
    if (!INDEXED_PREFIX.has([...words[words.length - 1]!].length)) {
      // The index folds case (and diacritics, so only plain words are folded here the same way).
      if (!words.every((w) => /^[A-Za-z0-9]+$/.test(w))) return {};
      const folded = words.map((w) => w.toLowerCase());
      const last = folded.pop()!;
      // The words longer than the prefix: from `last` + U+0001, the first string after `last` itself.
      const longer = remembered(textIndexMark(), `prefix:${last}`, () =>
        s.longer.all(`${last}\u0001`, `${last}\u{10ffff}`, PREFIX_TERMS),
      ) as string[];
      if (longer.length >= PREFIX_TERMS) return {};
      query = [last, ...longer].map((term) => `"${[...folded, term].join(' ')}"`).join(' OR ');
    }
    if (force !== 'walk') {
      // A word or phrase's share among the newest tickets decides: a rare word finds next to none
      // there, and common words can still make a rare phrase (`"cannot log"`: 18% and 67% of the
      // tickets, the phrase 1.4%).
      const total = s.size.get() as number;
      const sampled = Math.min(SAMPLE, total);
      const found = s.sample.get(query, BigInt(total - sampled), BigInt(total)) as number;
      if (found <= sampled * WALK_SHARE) return { words: query };
    }
    return { probe: probe(query, text.includeInternal), words: query };
  };
}

/** The row's ticket has a document that matches: its public one, or for staff its internal notes (rowid −id). */
function probe(query: string, includeInternal: boolean): SQL {
  const at = (rowid: SQL) => sql`exists (select 1 from ticket_search where ticket_search match ${query} and rowid = ${rowid})`;
  return includeInternal ? sql`(${at(sql`${tickets.id}`)} or ${at(sql`-${tickets.id}`)})` : at(sql`${tickets.id}`);
}
