import { describe, expect, it } from 'vitest';
import { backoffMs } from './transactions.js';

describe('the pause before a rerun', () => {
  it('grows from 2 ms, is capped at 100, and is drawn between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((attempt) => backoffMs(attempt, () => 1))).toEqual([2, 4, 8, 16, 32, 64, 100, 100]);
    expect([1, 2, 7].map((attempt) => backoffMs(attempt, () => 0))).toEqual([1, 2, 50]);
  });
});
