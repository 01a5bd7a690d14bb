// Durations of automation timers and SLA displays (SPEC 5): `30m`, `24h`, `5d`, `2w` are real
// (calendar) time; `8bh` and `2bd` are business time in a calendar.
import { BadInput } from './errors.js';
import { addBusinessDays, addBusinessMinutes, type BusinessCalendar } from './calendar.js';

export const DURATION_UNITS = ['m', 'h', 'd', 'w', 'bh', 'bd'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const REAL_MINUTES: Record<'m' | 'h' | 'd' | 'w', number> = { m: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 };

/** `24h`, `30m`, `5d`, `2w`, `8bh`, `2bd` (case-insensitive; decimals allowed except for `bd`). */
export function parseDuration(text: string): Duration {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(bd|bh|m|h|d|w)\s*$/i.exec(text);
  if (!match)
    throw new BadInput(`bad duration '${text}' (expected a number and a unit: m, h, d, w, bh or bd — e.g. 30m, 24h, 5d, 8bh, 2bd)`);
  const amount = Number(match[1]);
  const unit = (match[2] as string).toLowerCase() as DurationUnit;
  if (unit === 'bd' && !Number.isInteger(amount)) throw new BadInput(`bad duration '${text}': business days must be a whole number`);
  return { amount, unit };
}

/** The duration as it was written: `{amount: 2, unit: 'bd'}` → `2bd`. */
export function durationText(d: Duration): string {
  return `${d.amount}${d.unit}`;
}

/**
 * Compact text for a number of minutes: `45m`, `2h05m`, `3d4h` (days of 24 h; minutes are dropped
 * once there are days), `-45m` for overdue. Rounds to the nearest minute.
 */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) throw new BadInput(`not a number of minutes: ${minutes}`);
  const total = Math.round(Math.abs(minutes));
  if (total === 0) return '0m';
  const sign = minutes < 0 ? '-' : '';
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return `${sign}${days}d${hours > 0 ? `${hours}h` : ''}`;
  if (hours > 0) return `${sign}${hours}h${mins > 0 ? `${String(mins).padStart(2, '0')}m` : ''}`;
  return `${sign}${mins}m`;
}

/**
 * `start` plus `d`. Calendar units add real elapsed time (`1d` = 24 h, so across a DST change the
 * wall-clock time moves by an hour). `bh` adds business minutes (from outside hours, counting
 * starts at the next opening). `bd` goes N working days later at the same wall-clock time of day,
 * snapped into that day's hours (see addBusinessDays): a reminder 2bd after Friday 14:30 is due
 * Tuesday 14:30, whatever the day's length.
 */
export function addDuration(cal: BusinessCalendar, start: Date, d: Duration): Date {
  if (!Number.isFinite(d.amount) || d.amount < 0) throw new BadInput(`duration amount must be a number ≥ 0, got ${d.amount}`);
  switch (d.unit) {
    case 'bh':
      return addBusinessMinutes(cal, start, d.amount * 60);
    case 'bd':
      return addBusinessDays(cal, start, d.amount);
    case 'm':
    case 'h':
    case 'd':
    case 'w': {
      const result = new Date(start.getTime() + Math.round(d.amount * REAL_MINUTES[d.unit] * 60_000));
      if (Number.isNaN(result.getTime())) throw new BadInput('duration: start or result is not a valid time');
      return result;
    }
    default:
      throw new BadInput(`unknown duration unit '${String((d as { unit: unknown }).unit)}'`);
  }
}
