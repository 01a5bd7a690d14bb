import { describe, expect, it } from 'vitest';
import { backoffMs } from './transactions.js';

describe('the pause before a rerun', () => {
  it('grows from 2 ms, is capped at 50, and is drawn between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((attempt) => backoffMs(attempt, () => 1))).toEqual([2, 4, 8, 16, 32, 50, 50]);
    expect([1, 2, 6].map((attempt) => backoffMs(attempt, () => 0))).toEqual([1, 2, 25]);
  });
});
