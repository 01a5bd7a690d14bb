import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { QueueRow, QueueWindow } from '../../../app/tickets/queuePage.js';
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { bufferOf, windowAt, withRowsAfter, withRowsBefore, type QueueBuffer } from './queueBuffer.js';

// A queue of `total` rows, ids 1..total in order, read the way app/tickets/queuePage.ts answers:
// a page after a row (the last full window near the end) and `rows` rows back from one (the
// first window when fewer are left).
const row = (id: number): QueueRow => ({ ticket: { id } as TicketSummary, anchor: { value: id, id } });
function queueOf(total: number) {
  const ids = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => row(from + i + 1));
  const page = (from: number, size: number): QueueWindow => {
    const start = Math.max(0, Math.min(from, total - size));
    const end = Math.min(total, start + size);
    return { rows: ids(start, end), hasBefore: start > 0, hasAfter: end < total };
  };
  return {
    at: (index: number, size: number) => page(index, size),
    after: (id: number, size: number) => page(id, size),
    back: (id: number, rows: number) => page(Math.max(0, id - 1 - rows), rows),
  };
}
const idsOf = (rows: readonly QueueRow[]) => rows.map((r) => r.ticket.id);

describe('the queue buffer', () => {
  it('shows the window at an offset, and knows there is more on each side', () => {
    const queue = queueOf(10);
    const buffer: QueueBuffer = { ...bufferOf(queue.at(2, 6)), offset: 2 };
    const window = windowAt(buffer, 2, 3);
    expect(idsOf(window.rows)).toEqual([5, 6, 7]);
    expect(window).toMatchObject({ hasBefore: true, hasAfter: true });
  });

  it('appends a page that overlaps the end of the queue without repeating rows', () => {
    const queue = queueOf(10);
    const buffer = bufferOf(queue.at(4, 4)); // rows 5..8
    const next = withRowsAfter(buffer, queue.after(8, 4), 2); // the app answers 7..10
    expect(idsOf(next.rows)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(next).toMatchObject({ hasBefore: true, hasAfter: false, offset: 0 });
  });

  it('prepends a short page at the start without repeating rows', () => {
    const queue = queueOf(10);
    const buffer = bufferOf(queue.at(2, 4)); // rows 3..6
    const previous = withRowsBefore(buffer, queue.back(3, 4), 4, 4); // the app answers 1..4
    expect(idsOf(previous.rows)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(previous).toMatchObject({ hasBefore: false, offset: 2 });
  });

  it('drops rows far behind the window and says there are rows before', () => {
    const queue = queueOf(100);
    const buffer: QueueBuffer = { ...bufferOf(queue.at(0, 30)), offset: 20 };
    const next = withRowsAfter(buffer, queue.after(30, 10), 5);
    expect(idsOf(next.rows)[0]).toBe(16);
    expect(next).toMatchObject({ hasBefore: true, offset: 5 });
    expect(idsOf(windowAt(next, next.offset, 10).rows)).toEqual(idsOf(windowAt(buffer, 20, 10).rows));
  });

  it('after any reads ahead and back: contiguous rows, the same window on screen, honest edges', () => {
    const scenario = fc.record({
      total: fc.integer({ min: 1, max: 60 }),
      size: fc.integer({ min: 1, max: 12 }),
      start: fc.nat(),
      moves: fc.array(fc.record({ ahead: fc.boolean(), keep: fc.integer({ min: 0, max: 15 }), offset: fc.nat() }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(scenario, ({ total, size, start, moves }) => {
        const queue = queueOf(total);
        let buffer = bufferOf(queue.at(start % total, size));
        for (const move of moves) {
          // The window first moves somewhere inside what is loaded, as cursor keys do.
          buffer = { ...buffer, offset: move.offset % Math.max(1, buffer.rows.length - size + 1) };
          const shown = idsOf(windowAt(buffer, buffer.offset, size).rows);
          const ids = idsOf(buffer.rows);
          buffer = move.ahead
            ? withRowsAfter(buffer, queue.after(ids[ids.length - 1]!, size), move.keep)
            : withRowsBefore(buffer, queue.back(ids[0]!, size), size, move.keep);
          const now = idsOf(buffer.rows);
          expect(now).toEqual(Array.from({ length: now.length }, (_, i) => now[0]! + i));
          expect(idsOf(windowAt(buffer, buffer.offset, size).rows)).toEqual(shown);
          expect(buffer.hasBefore).toBe(now[0]! > 1);
          expect(buffer.hasAfter).toBe(now[now.length - 1]! < total);
        }
      }),
    );
  });
});
