// UTC offsets of one IANA zone as a lazily built transition table. Intl costs several
// microseconds per lookup; the SLA arithmetic needs hundreds of lookups per ticket in bulk,
// so each ~year of offsets is sampled once and then answered by a tiny binary search.
import { BadInput } from './errors.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const BLOCK_MS = 366 * DAY_MS;
// Transitions closer together than this are not seen (none in the tz database since 1950).
const SAMPLE_MS = 3 * DAY_MS;
// No zone is further than this from UTC (LMT included): bounds the search in wallToUtc.
const MAX_OFFSET_MS = 26 * 3_600_000;

/** Instants outside these bounds are refused: keeps every loop and table bounded. */
export const MIN_SUPPORTED_MS = Date.UTC(1900, 0, 1);
export const MAX_SUPPORTED_MS = Date.UTC(2200, 0, 1);

interface Block {
  /** Offset (ms) in force just before the block's first instant. */
  readonly startOffset: number;
  /** Instants (ms) where the offset changes inside the block, ascending, and the offset from then. */
  readonly at: number[];
  readonly off: number[];
}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/gmt', 'gmt', 'etc/universal', 'universal', 'etc/zulu', 'zulu', 'z']);

export function isValidZone(zone: string): boolean {
  if (UTC_NAMES.has(zone.toLowerCase())) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/**
 * The offset of an IANA zone at an instant, read from Intl's wall-clock parts (what luxon's
 * IANAZone does; luxon itself is 220 kB that every command would compile at start-up).
 */
class IanaZone {
  private readonly format: Intl.DateTimeFormat;

  constructor(name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      hour12: false,
      timeZone: name,
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Minutes (local − UTC) at instant `t` (ms), to the second like the wall clock it reads. */
  offset(t: number): number {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of this.format.formatToParts(new Date(t))) parts[part.type] = part.value;
    let year = Number(parts.year);
    if (parts.era === 'BC') year = -Math.abs(year) + 1;
    const hour = Number(parts.hour);
    const wall = new Date(
      Date.UTC(2000, Number(parts.month) - 1, Number(parts.day), hour === 24 ? 0 : hour, Number(parts.minute), Number(parts.second)),
    );
    wall.setUTCFullYear(year);
    const over = t % 1000;
    return (wall.getTime() - (t - (over >= 0 ? over : 1000 + over))) / MINUTE_MS;
  }
}

export class ZoneOffsets {
  private readonly zone: IanaZone | null;
  private readonly blocks = new Map<number, Block>();

  constructor(zoneName: string) {
    if (!isValidZone(zoneName)) throw new BadInput(`unknown time zone '${zoneName}' (expected an IANA name such as Europe/Paris)`);
    this.zone = UTC_NAMES.has(zoneName.toLowerCase()) ? null : new IanaZone(zoneName);
  }

  /** The offset (local − UTC, in ms) in force at instant `t`. */
  offsetAt(t: number): number {
    const block = this.block(Math.floor(t / BLOCK_MS));
    const { at, off } = block;
    let result = block.startOffset;
    for (let i = 0; i < at.length && (at[i] as number) <= t; i++) result = off[i] as number;
    return result;
  }

  /** The local calendar day (days since 1970-01-01 in wall-clock terms) of instant `t`. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY_MS);
  }

  /** Calls `visit(at, offsetBefore, offsetAfter)` for every offset change in (lo, hi], in order. */
  forEachTransition(lo: number, hi: number, visit: (at: number, before: number, after: number) => void): void {
    if (this.zone === null) return;
    for (let b = Math.floor(lo / BLOCK_MS); b <= Math.floor(hi / BLOCK_MS); b++) {
      const { at, off, startOffset } = this.block(b);
      for (let i = 0; i < at.length; i++) {
        const t = at[i] as number;
        if (t > lo && t <= hi) visit(t, i > 0 ? (off[i - 1] as number) : startOffset, off[i] as number);
      }
    }
  }

  /**
   * The instant of wall-clock time `wall` (local ms since the epoch). A time repeated by a
   * fall-back maps to its first occurrence. A time skipped by a spring-forward gap maps, with
   * `gap: 'transition'`, to the transition itself (monotone in `wall`, so day boundaries never
   * cross); with `gap: 'shift'`, forward by the gap (02:30 in a 02:00→03:00 gap reads 03:30),
   * the usual rule for a working-hours bound (SPEC 4).
   */
  wallToUtc(wall: number, gap: 'transition' | 'shift' = 'transition'): number {
    if (this.zone === null) return wall;
    const lo = wall - MAX_OFFSET_MS;
    let pieceStart = lo;
    let offset = this.offsetAt(lo);
    let previousOffset = offset;
    let found: number | null = null;
    const inGap = () => (gap === 'shift' ? wall - previousOffset : pieceStart);
    this.forEachTransition(lo, wall + MAX_OFFSET_MS, (at, _before, after) => {
      if (found !== null) return;
      const candidate = wall - offset;
      if (candidate < pieceStart) found = inGap();
      else if (candidate < at) found = candidate;
      pieceStart = at;
      previousOffset = offset;
      offset = after;
    });
    if (found !== null) return found;
    return wall - offset < pieceStart ? inGap() : wall - offset;
  }

  private block(index: number): Block {
    let block = this.blocks.get(index);
    if (block === undefined) {
      block = this.zone === null ? { startOffset: 0, at: [], off: [] } : buildBlock(this.zone, index * BLOCK_MS);
      this.blocks.set(index, block);
    }
    return block;
  }
}

function buildBlock(zone: IanaZone, start: number): Block {
  const end = start + BLOCK_MS;
  const offsetOf = (t: number): number => Math.round(zone.offset(t) * MINUTE_MS);
  const at: number[] = [];
  const off: number[] = [];
  const startOffset = offsetOf(start - 1);
  let a = start;
  let oa = offsetOf(start);
  if (oa !== startOffset) {
    at.push(start);
    off.push(oa);
  }
  while (a < end) {
    const b = Math.min(a + SAMPLE_MS, end);
    const ob = offsetOf(b);
    if (ob === oa) {
      a = b;
      continue;
    }
    // Bisect to the millisecond: the first instant in (a, b] whose offset differs from oa.
    let lo = a;
    let hi = b;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offsetOf(mid) === oa) lo = mid;
      else hi = mid;
    }
    if (hi >= end) break; // belongs to the next block (its startOffset)
    const oh = offsetOf(hi);
    at.push(hi);
    off.push(oh);
    a = hi;
    oa = oh;
  }
  return { startOffset, at, off };
}
