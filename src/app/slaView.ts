// The SLA part of a ticket's JSON, from the columns kept current at each transition.
import { NO_DUE } from '../store/schema/tickets.js';
import type { TicketRow } from '../store/repos/tickets.js';
import type { AppContext } from './context.js';

export interface SlaView {
  /** The earliest due time of a running clock (what the queue counts down to), or null. */
  dueAt: string | null;
  leftMinutes: number | null;
}

export function slaView(_ctx: AppContext, row: TicketRow, now: number): SlaView {
  if (row.slaDueAt === NO_DUE) return { dueAt: null, leftMinutes: null };
  return { dueAt: new Date(row.slaDueAt).toISOString(), leftMinutes: Math.floor((row.slaDueAt - now) / 60_000) };
}
