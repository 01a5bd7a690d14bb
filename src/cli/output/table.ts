// Plain-text tables for the CLI: no colours, no borders, columns separated by two spaces.
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { displayWidth, padToWidth, truncateToWidth } from '../../domain/textWidth.js';

export interface TableColumn {
  header: string;
  /** 'right' for numbers. Right-aligned columns never shrink to fit the terminal. */
  align?: 'left' | 'right';
  /** Cells (and the header) wider than this are cut, ending in `…`. */
  maxWidth?: number;
}

export interface TableOptions {
  /** Terminal width: the widest left-aligned column shrinks (one column at a time) until lines fit. */
  width?: number;
}

/** Columns between cells. */
export const COLUMN_GAP = '  ';

/** A flexible column never shrinks below this many columns (or its natural width if smaller). */
export const MIN_FLEXIBLE_WIDTH = 4;

/**
 * An aligned plain-text table: a header row, then one line per row, joined with `\n` (no trailing
 * newline, no trailing spaces). Every cell goes through sanitizeForTerminal (single-line), widths
 * are display widths (CJK and emoji count 2). Missing cells are empty; cells beyond the columns are
 * ignored. With `opts.width`, the widest flexible (left-aligned) column gives up a column at a time
 * until the lines fit or every flexible column is down to MIN_FLEXIBLE_WIDTH; lines may then still
 * be wider than the terminal.
 */
export function renderTable(columns: TableColumn[], rows: string[][], opts: TableOptions = {}): string {
  if (columns.length === 0) return '';
  const clean = (text: string | undefined): string => sanitizeForTerminal(text ?? '');
  const header = columns.map((c) => clean(c.header));
  const body = rows.map((row) => columns.map((_, i) => clean(row[i])));

  const widths = columns.map((column, i) => {
    let natural = displayWidth(header[i] as string);
    for (const row of body) natural = Math.max(natural, displayWidth(row[i] as string));
    return column.maxWidth === undefined ? natural : Math.min(natural, Math.max(0, column.maxWidth));
  });

  if (opts.width !== undefined) shrinkToFit(columns, widths, opts.width);

  const lastIndex = columns.length - 1;
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] as number;
        const cut = truncateToWidth(cell, width);
        const align = columns[i]?.align ?? 'left';
        // No padding after the last column when it is left-aligned.
        return i === lastIndex && align === 'left' ? cut : padToWidth(cut, width, align);
      })
      .join(COLUMN_GAP)
      .trimEnd();

  return [line(header), ...body.map(line)].join('\n');
}

function shrinkToFit(columns: TableColumn[], widths: number[], terminalWidth: number): void {
  const floors = widths.map((w) => Math.min(w, MIN_FLEXIBLE_WIDTH));
  let total = widths.reduce((a, b) => a + b, 0) + COLUMN_GAP.length * (widths.length - 1);
  while (total > terminalWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if ((columns[i]?.align ?? 'left') !== 'left') continue;
      if ((widths[i] as number) <= (floors[i] as number)) continue;
      if (widest === -1 || (widths[i] as number) > (widths[widest] as number)) widest = i;
    }
    if (widest === -1) return; // nothing left to shrink
    // Cut the widest down to the next widest flexible width (or just enough), in one step.
    const others = widths.filter((_, i) => i !== widest && (columns[i]?.align ?? 'left') === 'left');
    const nextWidest = Math.max(floors[widest] as number, ...others);
    const cut = Math.min((widths[widest] as number) - nextWidest || 1, total - terminalWidth);
    widths[widest] = (widths[widest] as number) - cut;
    total -= cut;
  }
}
