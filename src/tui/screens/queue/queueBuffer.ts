// The rows the queue holds around the window on screen: the window plus up to a page read ahead
// on each side while the user is idle, so that a move at the window's edge (`j` on the last row,
// PageDown, `k`, PageUp) shows rows already loaded instead of waiting for a query.
import type { QueueRow, QueueWindow } from '../../../app/tickets/queuePage.js';

export interface QueueBuffer {
  /** Contiguous rows of the queue, in its sort order. */
  rows: readonly QueueRow[];
  /** Whether the queue has rows before rows[0] / after the last row. */
  hasBefore: boolean;
  hasAfter: boolean;
  /** Where the window on screen starts in `rows`. */
  offset: number;
}

export function bufferOf(window: QueueWindow): QueueBuffer {
  return { rows: window.rows, hasBefore: window.hasBefore, hasAfter: window.hasAfter, offset: 0 };
}

/** The window of `size` rows at `offset`. */
export function windowAt(buffer: QueueBuffer, offset: number, size: number): QueueWindow {
  return {
    rows: buffer.rows.slice(offset, offset + size),
    hasBefore: offset > 0 || buffer.hasBefore,
    hasAfter: offset + size < buffer.rows.length || buffer.hasAfter,
  };
}

/** Rows loaded right after the buffer's last row (a window read `after` it) appended, keeping at most `keepBefore` rows before the window. */
export function withRowsAfter(buffer: QueueBuffer, page: QueueWindow, keepBefore: number): QueueBuffer {
  const last = buffer.rows[buffer.rows.length - 1];
  // Near the queue's end the app returns the last full window, which can include rows we have.
  const at = last ? page.rows.findIndex((r) => r.ticket.id === last.ticket.id) : -1;
  const drop = Math.max(0, buffer.offset - keepBefore);
  return {
    rows: [...buffer.rows.slice(drop), ...page.rows.slice(at + 1)],
    hasBefore: buffer.hasBefore || drop > 0,
    hasAfter: page.hasAfter,
    offset: buffer.offset - drop,
  };
}

/** Rows loaded right before the buffer's first row (a window read `back` from it) prepended, keeping at most `keepAfter` rows after the window. */
export function withRowsBefore(buffer: QueueBuffer, page: QueueWindow, size: number, keepAfter: number): QueueBuffer {
  const first = buffer.rows[0];
  // Fewer rows before than asked: the app returns the first window, which includes rows we have.
  const at = first ? page.rows.findIndex((r) => r.ticket.id === first.ticket.id) : -1;
  const before = at >= 0 ? page.rows.slice(0, at) : page.rows;
  const end = Math.min(buffer.rows.length, buffer.offset + size + keepAfter);
  return {
    rows: [...before, ...buffer.rows.slice(0, end)],
    hasBefore: page.hasBefore,
    hasAfter: buffer.hasAfter || end < buffer.rows.length,
    offset: buffer.offset + before.length,
  };
}
