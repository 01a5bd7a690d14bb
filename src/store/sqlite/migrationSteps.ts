// The work of a migration that is too long for one SQL statement without a word to the person
// waiting: run in code after that migration's SQL, in the same transaction, in chunks that say how
// far they got. drizzle/ holds each such migration's DDL; the step writes its rows.
import type Database from 'better-sqlite3';
import { writeTicketSearchDocuments } from './textSearch.js';

/** How an upgrade goes, for the command that opened the database (db.ts OpenOptions.onUpgrade). */
export type UpgradeProgress =
  | { phase: 'start'; migrations: number }
  | { phase: 'step'; what: string; done: number; total: number }
  | { phase: 'done'; seconds: number }
  | { phase: 'failed' };

type Step = (sqlite: Database.Database, progress: (done: number, total: number) => void) => void;

/** By migration tag: what it says it does, and the step. */
export const MIGRATION_STEPS: Record<string, { what: string; run: Step }> = {
  // The text index with its prefix lists, rebuilt from every ticket: ~50 s at a million tickets.
  '0014_ticket_search_prefix': {
    what: 'rebuilding the text index (tickets)',
    run: (sqlite, progress) => writeTicketSearchDocuments(sqlite, progress),
  },
};
