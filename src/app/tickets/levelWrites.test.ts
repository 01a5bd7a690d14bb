import { describe, expect, it } from 'vitest';
import type { LevelRow, NewLevel } from '../../store/port/index.js';
import { levelWrites } from './levelWrites.js';

/** Level rows in memory with the store's upsert semantics (given columns set, the rest kept), counting calls. */
function memoryLevels() {
  const rows = new Map<string, LevelRow>();
  const calls: string[] = [];
  const blank = { pickupDueAt: null, pickedUpAt: null, pickedUpBy: null, pickupMinutes: null, lastAssigneeId: null };
  return {
    calls,
    rows,
    level: (ticketId: number, level: number) => {
      calls.push(`read ${ticketId}:${level}`);
      const row = rows.get(`${ticketId}:${level}`);
      return row ? { ...row } : undefined;
    },
    upsertLevel: (row: NewLevel) => {
      calls.push(`write ${row.ticketId}:${row.level}`);
      const k = `${row.ticketId}:${row.level}`;
      rows.set(k, { ...blank, ...rows.get(k), ...row } as LevelRow);
    },
  };
}

describe('levelWrites', () => {
  it('reads a row once and writes its changes once, as the upserts in order would leave it', () => {
    const db = memoryLevels();
    db.upsertLevel({ ticketId: 1, level: 1, enteredAt: 100 });
    db.calls.length = 0;
    const levels = levelWrites(db);
    expect(levels.read(1, 1)?.enteredAt).toBe(100);
    expect(levels.read(1, 1)?.enteredAt).toBe(100);
    levels.upsert({ ticketId: 1, level: 1, enteredAt: 100, lastAssigneeId: 7 });
    levels.upsert({ ticketId: 1, level: 1, enteredAt: 100, pickedUpAt: 200, pickedUpBy: 7 });
    levels.upsert({ ticketId: 1, level: 1, enteredAt: 100, pickupDueAt: 300, pickedUpAt: 250, pickupMinutes: 2 });
    expect(db.calls).toEqual(['read 1:1']);
    levels.flush();
    expect(db.calls).toEqual(['read 1:1', 'write 1:1']);
    expect(db.rows.get('1:1')).toMatchObject({ lastAssigneeId: 7, pickedUpAt: 250, pickedUpBy: 7, pickupDueAt: 300, pickupMinutes: 2 });
    levels.flush();
    expect(db.calls).toHaveLength(2);
  });

  it('writes what is pending on a row before reading it again, and reads it afresh', () => {
    const db = memoryLevels();
    const levels = levelWrites(db);
    expect(levels.read(1, 2)).toBeUndefined();
    levels.upsert({ ticketId: 1, level: 2, enteredAt: 500 });
    levels.upsert({ ticketId: 1, level: 1, enteredAt: 100, lastAssigneeId: 3 });
    expect(levels.read(1, 2)?.enteredAt).toBe(500);
    expect(db.calls).toEqual(['read 1:2', 'write 1:2', 'read 1:2']);
    levels.flush();
    expect(db.calls.slice(3)).toEqual(['write 1:1']);
  });
});
