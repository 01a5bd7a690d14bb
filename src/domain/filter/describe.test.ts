import { describe, expect, it } from 'vitest';
import { dateRangeMs, describeFilter, durationMs, parseFilter } from './index.js';

const normalize = (text: string): string => describeFilter(parseFilter(text));

describe('describeFilter', () => {
  it('prints nothing for the empty filter', () => {
    expect(describeFilter(null)).toBe('');
  });

  it.each([
    ['status=pending AND idle>7d and level=1', 'status=pending and idle>7d and level=1'],
    ['  priority  <  p3 ', 'priority<P3'],
    ['level=L2', 'level=2'],
    ['status NOT IN (Open,pending)', 'not status in (open, pending)'],
    ['text~"printer jam" or org="ACME Corp"', 'text~"printer jam" or org="ACME Corp"'],
    ['text~\'say "hi"\'', String.raw`text~"say \"hi\""`],
    ['requester=alice@example.com', 'requester=alice@example.com'],
    ['assignee="me" or assignee=me or assignee=None', 'assignee="me" or assignee=me or assignee=none'],
    ['tag="and" or tag=or2', 'tag="and" or tag=or2'],
    ['level=1 or level=2 and level=3', 'level=1 or level=2 and level=3'],
    ['(level=1 or level=2) and level=3', '(level=1 or level=2) and level=3'],
    ['(level=1 and level=2) and level=3', '(level=1 and level=2) and level=3'],
    ['not (level=1 or level=2)', 'not (level=1 or level=2)'],
    ['not not level=1', 'not not level=1'],
    ['created>=2026-01-31T12:00+02:00', 'created>=2026-01-31T10:00:00.000Z'],
    ['updated<2026-01-31', 'updated<2026-01-31'],
    ['age>=12H', 'age>=12h'],
  ])('%s → %s', (text, expected) => {
    expect(normalize(text)).toBe(expected);
  });

  it('is stable: normalizing normalized text changes nothing', () => {
    const text = 'not (status in (open, pending) or sla=breached) and org="ACME Corp" and text~"50%_off"';
    expect(normalize(normalize(text))).toBe(normalize(text));
  });
});

describe('value helpers', () => {
  it('turns durations into milliseconds', () => {
    expect(durationMs({ amount: 30, unit: 'm' })).toBe(30 * 60_000);
    expect(durationMs({ amount: 2, unit: 'w' })).toBe(14 * 86_400_000);
  });

  it('gives the UTC day or the single millisecond a date covers', () => {
    const start = Date.UTC(2026, 0, 31);
    expect(dateRangeMs({ kind: 'day', day: '2026-01-31' })).toEqual({ startMs: start, endMs: start + 86_400_000 });
    expect(dateRangeMs({ kind: 'instant', ms: start })).toEqual({ startMs: start, endMs: start + 1 });
  });
});
