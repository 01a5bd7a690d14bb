// Horizontal bars for percentages and counts, in plain characters (readable without colour).
import type { Tone } from '../../theme.js';

/** A bar of `width` cells filled to `pct` percent; `·` for no data. With `track`, the rest shows as ░. */
export function bar(pct: number | null, width: number, track = true): string {
  if (pct === null) return '·'.padEnd(width);
  const filled = Math.max(0, Math.min(width, Math.round((pct / 100) * width)));
  // A non-zero value always shows at least one cell.
  const cells = pct > 0 && filled === 0 ? 1 : filled;
  return '█'.repeat(cells) + (track ? '░' : ' ').repeat(width - cells);
}

export function pctText(pct: number | null): string {
  return pct === null ? '—' : `${pct.toFixed(1)}%`;
}

/** Compliance colours: 95% and up ok, 80% and up warning, below danger. */
export function pctTone(pct: number | null): Tone {
  if (pct === null) return 'muted';
  return pct >= 95 ? 'ok' : pct >= 80 ? 'warning' : 'danger';
}
