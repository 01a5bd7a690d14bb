// What a ticket's row reads as after `updateTicket(id, version, fields)` applied: the fields that
// are set (undefined means "leave"), the next version. Both stores store these values as given
// (PostgreSQL refuses a non-integer in an integer column rather than rounding it), so the use cases
// need not read the row again (a round trip on PostgreSQL in every action), and the batch engine's
// cache stays what a read would return.
import type { NewTicket, TicketRow } from './rows.js';

/** The row after the update, or undefined when a field is not a plain value (read it back then). */
export function rowAfterUpdate(row: TicketRow, fields: Partial<NewTicket>): TicketRow | undefined {
  return plainValues(fields) ? { ...row, ...definedFields(fields), version: row.version + 1 } : undefined;
}

/** Strings, numbers, booleans and null only: what both stores give back unchanged. */
export function plainValues(fields: Partial<NewTicket>): boolean {
  return Object.values(fields).every(
    (v) => v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  );
}

export function definedFields(fields: Partial<NewTicket>): Partial<TicketRow> {
  const defined: Record<string, unknown> = {};
  for (const k in fields) if (fields[k as keyof NewTicket] !== undefined) defined[k] = fields[k as keyof NewTicket];
  return defined as Partial<TicketRow>;
}
