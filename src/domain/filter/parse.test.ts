import { describe, expect, it } from 'vitest';
import { BadInput } from '../errors.js';
import { parseFilter, type FilterNode } from './index.js';

function parseError(text: string): string {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInput);
    return (error as BadInput).message;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe('parseFilter: structure', () => {
  it('returns null for an empty or blank filter', () => {
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('  \t\n ')).toBeNull();
  });

  it('parses the SPEC example into a flat and', () => {
    expect(parseFilter('status=pending and idle>7d and level=1')).toEqual({
      kind: 'and',
      children: [
        { kind: 'cmp', field: 'status', op: '=', value: 'pending', pos: 1 },
        { kind: 'cmp', field: 'idle', op: '>', value: { amount: 7, unit: 'd' }, pos: 20 },
        { kind: 'cmp', field: 'level', op: '=', value: 1, pos: 32 },
      ],
    });
  });

  it('binds and tighter than or, not tighter than and', () => {
    const node = parseFilter('level=1 or not level=2 and level=3');
    expect(node).toMatchObject({
      kind: 'or',
      children: [
        { field: 'level', value: 1 },
        { kind: 'and', children: [{ kind: 'not', child: { value: 2 } }, { value: 3 }] },
      ],
    });
  });

  it('keeps parentheses as nesting and accepts keywords in any case', () => {
    expect(parseFilter('(level=1 OR level=2) AND NOT (tag=x)')).toMatchObject({
      kind: 'and',
      children: [
        { kind: 'or', children: [{ value: 1 }, { value: 2 }] },
        { kind: 'not', child: { kind: 'cmp', field: 'tag', value: { kind: 'name', name: 'x' } } },
      ],
    });
    expect(parseFilter('((status=open))')).toMatchObject({ kind: 'cmp', field: 'status', pos: 3 });
  });

  it('reads `in` lists and `not in` as a negated list', () => {
    expect(parseFilter('status in (open, pending)')).toEqual({
      kind: 'cmp',
      field: 'status',
      op: 'in',
      value: ['open', 'pending'],
      pos: 1,
    });
    expect(parseFilter('priority NOT IN (p1,P2)')).toEqual({
      kind: 'not',
      child: { kind: 'cmp', field: 'priority', op: 'in', value: ['P1', 'P2'], pos: 1 },
    });
  });

  it('allows spaces around operators and field names in any case', () => {
    expect(parseFilter('  STATUS  !=  Closed ')).toEqual({ kind: 'cmp', field: 'status', op: '!=', value: 'closed', pos: 3 });
  });
});

describe('parseFilter: values', () => {
  const cmp = (text: string): FilterNode | null => parseFilter(text);

  it.each([
    ['level=L2', 2],
    ['level>=3', 3],
    ['priority<p3', 'P3'],
    ['channel=EMAIL', 'email'],
    ['sla=at_risk', 'at_risk'],
    ['sla!=none', 'none'],
    ['type=custom_development', 'custom_development'],
  ])('%s', (text, value) => {
    expect(cmp(text)).toMatchObject({ value });
  });

  it('reads me and none as keywords only when bare', () => {
    expect(cmp('assignee=me')).toMatchObject({ value: { kind: 'me' } });
    expect(cmp('assignee=NONE')).toMatchObject({ value: { kind: 'none' } });
    expect(cmp('assignee="me"')).toMatchObject({ value: { kind: 'user', name: 'me' } });
    expect(cmp("requester='none'")).toMatchObject({ value: { kind: 'user', name: 'none' } });
    expect(cmp('org=none')).toMatchObject({ value: { kind: 'none' } });
    expect(cmp('tag="none"')).toMatchObject({ value: { kind: 'name', name: 'none' } });
    expect(cmp('assignee in (me, none, bob)')).toMatchObject({
      value: [{ kind: 'me' }, { kind: 'none' }, { kind: 'user', name: 'bob' }],
    });
  });

  it('takes bare words with @ . - _ and quoted words with spaces and escapes', () => {
    expect(cmp('requester=alice@example.com')).toMatchObject({ value: { kind: 'user', name: 'alice@example.com' } });
    expect(cmp('tag=needs-info_2.0')).toMatchObject({ value: { kind: 'name', name: 'needs-info_2.0' } });
    expect(cmp('org="ACME Corp"')).toMatchObject({ value: { kind: 'name', name: 'ACME Corp' } });
    expect(cmp('text~"printer jam"')).toMatchObject({ op: '~', value: 'printer jam' });
    expect(cmp(String.raw`text~'it\'s a \\ "jam"'`)).toMatchObject({ value: `it's a \\ "jam"` });
    expect(cmp("requester=o'brien")).toMatchObject({ value: { kind: 'user', name: "o'brien" } });
    expect(cmp('text~and')).toMatchObject({ value: 'and' });
  });

  it('reads durations', () => {
    expect(cmp('idle>30m')).toMatchObject({ value: { amount: 30, unit: 'm' } });
    expect(cmp('age<=12H')).toMatchObject({ value: { amount: 12, unit: 'h' } });
    expect(cmp('age>2w')).toMatchObject({ value: { amount: 2, unit: 'w' } });
  });

  it('reads days and instants, instants without a zone being UTC', () => {
    expect(cmp('created=2026-01-31')).toMatchObject({ value: { kind: 'day', day: '2026-01-31' } });
    expect(cmp('updated>2024-02-29')).toMatchObject({ value: { kind: 'day', day: '2024-02-29' } });
    const utc = Date.UTC(2026, 0, 31, 10, 0, 0);
    expect(cmp('created>=2026-01-31T10:00')).toMatchObject({ value: { kind: 'instant', ms: utc } });
    expect(cmp('created>=2026-01-31T10:00:00Z')).toMatchObject({ value: { kind: 'instant', ms: utc } });
    expect(cmp('created>=2026-01-31T12:00:00.000+02:00')).toMatchObject({ value: { kind: 'instant', ms: utc } });
    expect(cmp('created>=2026-01-31T05:30-0430')).toMatchObject({ value: { kind: 'instant', ms: utc } });
    expect(cmp('created<2026-01-31T10:00:00.123456Z')).toMatchObject({ value: { kind: 'instant', ms: utc + 123 } });
  });
});

describe('parseFilter: errors name the column and what was expected', () => {
  it.each([
    ['stauts=open', "bad filter at column 1: unknown field 'stauts' — did you mean 'status'? (fields: status, level,"],
    ['x=1', "bad filter at column 1: unknown field 'x' (fields:"],
    ['status=open and priority=pending', "bad filter at column 26: 'pending' is not a priority (P1–P5)"],
    ['status=opne', "bad filter at column 8: 'opne' is not a status (new, open, pending, on_hold, solved, closed)"],
    ['tag<x', "bad filter at column 4: '<' does not apply to tag (tag takes =, !=, ~, in)"],
    ['status~open', "bad filter at column 7: '~' does not apply to status"],
    ['text=jam', "bad filter at column 5: '=' does not apply to text (text takes ~)"],
    ['idle=7d', "bad filter at column 5: '=' does not apply to idle"],
    ['created in (2026-01-01)', "bad filter at column 9: 'in' does not apply to created"],
    ['level=4', "bad filter at column 7: '4' is not a level (1, 2, 3)"],
    ['idle>7 d', "bad filter at column 6: '7' is not a duration (e.g. 30m, 12h, 7d, 2w)"],
    ['idle>1.5h', "bad filter at column 6: '1.5h' is not a duration"],
    ['created>2026-02-30', "bad filter at column 9: '2026-02-30' is not a date"],
    ['created>2026-01-31T24:00', "bad filter at column 9: '2026-01-31T24:00' is not a date"],
    ['sla=late', "bad filter at column 5: 'late' is not an SLA state (breached, at_risk, running, met, paused, none)"],
    ['channel=fax', "bad filter at column 9: 'fax' is not a channel (cli, tui, email"],
    ['status', "bad filter at column 7: expected an operator (= != in) after 'status', found the end of the filter"],
    ['status open', "bad filter at column 8: expected an operator (= != in) after 'status', found 'open'"],
    ['status=', "bad filter at column 8: expected a status (new, open, pending, on_hold, solved, closed) after '=', found the end"],
    ['org=""', 'bad filter at column 5: empty value: expected an organization'],
    ['status=open and', 'bad filter at column 16: expected a field (status, level,'],
    ['status=open level=1', "bad filter at column 13: expected 'and', 'or' or the end of the filter, found 'level'"],
    ['(status=open', "bad filter at column 13: expected ')' to close the '(' at column 1, found the end of the filter"],
    ['status=open)', "bad filter at column 12: unmatched ')'"],
    ['status in open', "bad filter at column 11: expected '(' after 'in' (e.g. status in (open, pending)), found 'open'"],
    ['status in (open pending)', "bad filter at column 17: expected ',' or ')' in the list, found 'pending'"],
    ['status in (open,)', 'bad filter at column 17: expected a status'],
    ['status in ()', 'bad filter at column 12: expected a status'],
    ['text~"jam', 'bad filter at column 6: unterminated string (missing closing ")'],
    ['status!open', "bad filter at column 7: unexpected '!' (did you mean '!='?)"],
    ['"status"=open', 'bad filter at column 1: expected a field (status, level,'],
    ['not', 'bad filter at column 4: expected a field'],
    ['text~😀😀 and stauts=open', "bad filter at column 13: unknown field 'stauts'"],
  ])('%s', (text, message) => {
    const actual = parseError(text);
    expect(actual.startsWith(message), `${actual}\n  does not start with\n${message}`).toBe(true);
    expect(actual).not.toContain('\n');
  });

  it('refuses absurd nesting with BadInput instead of overflowing the stack', () => {
    expect(parseError(`${'('.repeat(4_000)}status=open${')'.repeat(4_000)}`)).toMatch(/nested too deeply/);
    expect(parseError(`${'not '.repeat(4_000)}status=open`)).toMatch(/nested too deeply/);
  });

  it('refuses a ~ pattern over 200 characters at its column, and a filter over 20,000 characters', () => {
    expect(parseFilter(`text~"${'x'.repeat(200)}"`)).toMatchObject({ field: 'text' });
    expect(parseError(`status=open and text~"${'x'.repeat(201)}"`)).toBe(
      'bad filter at column 22: pattern too long (more than 200 characters)',
    );
    expect(parseError(`org~${'é'.repeat(201)}`)).toBe('bad filter at column 5: pattern too long (more than 200 characters)');
    expect(parseError(`text~"${'x'.repeat(100_000)}"`)).toBe('bad filter at column 20001: filter too long (more than 20,000 characters)');
  });

  it('refuses more values than the limit, counting list items', () => {
    expect(parseFilter(Array.from({ length: 1000 }, () => 'level=1').join(' or '))).toMatchObject({ kind: 'or' });
    expect(parseError(Array.from({ length: 1001 }, () => 'level=1').join(' or '))).toMatch(/filter too long \(more than 1000 values\)/);
    expect(parseError(`level in (${Array.from({ length: 1001 }, () => '1').join(',')})`)).toMatch(/filter too long/);
  });

  it('accepts nesting up to the limit', () => {
    expect(parseFilter(`${'('.repeat(60)}status=open${')'.repeat(60)}`)).toMatchObject({ field: 'status' });
  });
});
