// One injectable clock for every layer: `--now` / TICKETTY_NOW make time reproducible.
import { BadInput } from './errors.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `iso`, for scripts, simulations and tests. */
export function fixedClock(iso: string): Clock {
  const date = parseInstant(iso);
  return { now: () => new Date(date.getTime()) };
}

/** An instant as ISO 8601 (UTC), null kept: how every JSON output writes times. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An ISO 8601 time to the minute, for people: `2026-03-02 10:00`. */
export const minuteOf = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

export function parseInstant(text: string): Date {
  const trimmed = text.trim();
  // A bare date means midnight UTC; anything else must be ISO 8601 that Date understands.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(iso)) {
    throw new BadInput(`not an ISO 8601 time: '${text}' (expected e.g. 2026-03-01T09:30:00Z)`);
  }
  const date = new Date(iso);
  // Date rolls 2026-02-30 over to March 2nd and takes 24:00: a time that does not exist is refused.
  const [y, mo, d, h, mi, sec] = (iso.match(/\d+/g) ?? []).slice(0, 6).map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (Number.isNaN(date.getTime()) || mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth || h! > 23 || mi! > 59 || (sec ?? 0) > 59) {
    throw new BadInput(`not a valid time: '${text}'`);
  }
  return date;
}
