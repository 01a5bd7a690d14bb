// Column kinds shared by the PostgreSQL tables, so that they mirror SQLite's (src/store/sqlite/schema).
import { bigint, customType } from 'drizzle-orm/pg-core';

/** Times are integer milliseconds since the epoch (UTC), as in SQLite: bigint read as a JS number. */
export const millis = (name: string) => bigint(name, { mode: 'number' });

/** Attachment bodies: SQLite's blob (buffer mode); pg-core has no bytea builder of its own. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
