import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schema from '../schema/index.js';

/** Drizzle over a pool or over one client in a transaction (worker.ts). */
export type PgDb = NodePgDatabase<typeof schema>;

/** The first row of a result, as SQLite's `.get()`. */
export const first = <T>(rows: T[]): T | undefined => rows[0];

/**
 * Text in byte order, as SQLite's BINARY collation sorts it: a server created with a
 * language's collation would otherwise order handles and names differently from SQLite.
 */
export const bytewise = (column: AnyPgColumn): SQL => sql`${column} collate "C"`;
