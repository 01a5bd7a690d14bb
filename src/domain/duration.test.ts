import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BadInput } from './errors.js';
import { DEFAULT_CALENDAR, businessMinutesBetween } from './calendar.js';
import { addDuration, durationText, formatDuration, parseDuration } from './duration.js';

const at = (iso: string): Date => new Date(iso);

describe('parseDuration', () => {
  it.each([
    ['24h', { amount: 24, unit: 'h' }],
    ['30m', { amount: 30, unit: 'm' }],
    ['5d', { amount: 5, unit: 'd' }],
    ['2bd', { amount: 2, unit: 'bd' }],
    ['8bh', { amount: 8, unit: 'bh' }],
    ['2w', { amount: 2, unit: 'w' }],
    [' 1.5H ', { amount: 1.5, unit: 'h' }],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(parseDuration(durationText(parseDuration(text)))).toEqual(expected);
  });

  it.each(['', '24', 'h', '-5m', '5y', '1.5bd', '5 days', '2bd3h'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(BadInput);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [45, '45m'],
    [-45, '-45m'],
    [60, '1h'],
    [125, '2h05m'],
    [24 * 60, '1d'],
    [3 * 1440 + 4 * 60 + 59, '3d4h'],
    [-(2 * 1440 + 30), '-2d'],
    [0.4, '0m'],
    [-0.4, '0m'],
  ])('%d → %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it('refuses non-numbers', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(BadInput);
  });
});

describe('addDuration', () => {
  const friday = at('2026-03-06T14:30:00Z');
  it('adds real time for calendar units', () => {
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('30m')).toISOString()).toBe('2026-03-06T15:00:00.000Z');
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('24h')).toISOString()).toBe('2026-03-07T14:30:00.000Z');
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('5d')).toISOString()).toBe('2026-03-11T14:30:00.000Z');
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('2w')).toISOString()).toBe('2026-03-20T14:30:00.000Z');
    // Across the Paris spring change, 1d is 24 real hours: the wall clock moves from 10:00 to 11:00.
    const paris = { ...DEFAULT_CALENDAR, zone: 'Europe/Paris' };
    expect(addDuration(paris, at('2026-03-28T09:00:00Z'), parseDuration('1d')).toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });

  it('adds business time for bh and bd', () => {
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('8bh')).toISOString()).toBe('2026-03-09T14:30:00.000Z');
    expect(addDuration(DEFAULT_CALENDAR, friday, parseDuration('2bd')).toISOString()).toBe('2026-03-10T14:30:00.000Z');
    expect(addDuration(DEFAULT_CALENDAR, at('2026-03-07T10:00:00Z'), parseDuration('2bd')).toISOString()).toBe('2026-03-11T09:00:00.000Z');
  });

  it('bh durations measure back to their length', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.integer({ min: 0, max: 500 }), (ms, hours) => {
        const start = new Date(ms);
        expect(businessMinutesBetween(DEFAULT_CALENDAR, start, addDuration(DEFAULT_CALENDAR, start, { amount: hours, unit: 'bh' }))).toBe(
          hours * 60,
        );
      }),
    );
  });

  it('refuses negative amounts', () => {
    expect(() => addDuration(DEFAULT_CALENDAR, friday, { amount: -1, unit: 'h' })).toThrow(BadInput);
  });
});
