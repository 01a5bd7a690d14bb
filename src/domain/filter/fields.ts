// What each filter field accepts: its operators, how a value is read and how it is printed.
// The parser and the printer share this table so that they cannot drift apart.
import { CHANNELS, STATUSES, WAITING_ON, isPriority, type Level } from '../types.js';
import {
  DURATION_UNIT_MS,
  SLA_FILTER_STATES,
  type DateRef,
  type Duration,
  type DurationUnit,
  type FilterComparison,
  type FilterField,
  type FilterOp,
  type NameRef,
  type PersonRef,
  type SlaFilterState,
} from './ast.js';
import { canBeBareWord, quote } from './lexer.js';

/** The type of one value (not a list, not a `~` pattern) of field F. */
export type FieldValue<F extends FilterField> = Exclude<Extract<FilterComparison, { field: F }>, { op: 'in' | '~' }>['value'];

export interface FieldSpec<V> {
  ops: readonly FilterOp[];
  /** Names the expected value in messages: "'x' is not <expected>". */
  expected: string;
  /** `quoted` values are always literal: `assignee="me"` is the user whose handle is me. */
  read(text: string, quoted: boolean): V | undefined;
  print(value: V): string;
}

/** Words that mean something bare; values spelled like them are printed quoted. */
const RESERVED_WORDS = new Set(['and', 'or', 'not', 'in', 'me', 'none']);

export function printWord(text: string): string {
  return canBeBareWord(text) && !RESERVED_WORDS.has(text.toLowerCase()) ? text : quote(text);
}

const EQUALITY = ['=', '!='] as const;
const RANGE = ['<', '<=', '>', '>='] as const;
const ORDER = [...EQUALITY, ...RANGE] as const;

function oneOf<V extends string>(values: readonly V[], noun: string): FieldSpec<V> {
  return {
    ops: [...EQUALITY, 'in'],
    expected: `${noun} (${values.join(', ')})`,
    read: (text) => values.find((value) => value === text.toLowerCase()),
    print: (value) => value,
  };
}

const personSpec = (noun: string): FieldSpec<PersonRef> => ({
  ops: [...EQUALITY, '~', 'in'],
  expected: `${noun} (me, none, or a handle or e-mail)`,
  read(text, quoted) {
    const keyword = quoted ? '' : text.toLowerCase();
    if (keyword === 'me') return { kind: 'me' };
    if (keyword === 'none') return { kind: 'none' };
    return { kind: 'user', name: text };
  },
  print: (person) => (person.kind === 'user' ? printWord(person.name) : person.kind),
});

const nameSpec = (noun: string): FieldSpec<NameRef> => ({
  ops: [...EQUALITY, '~', 'in'],
  expected: `${noun} (none, or a name)`,
  read: (text, quoted) => (!quoted && text.toLowerCase() === 'none' ? { kind: 'none' } : { kind: 'name', name: text }),
  print: (ref) => (ref.kind === 'name' ? printWord(ref.name) : 'none'),
});

const durationSpec: FieldSpec<Duration> = {
  ops: RANGE,
  expected: 'a duration (e.g. 30m, 12h, 7d, 2w)',
  read(text) {
    const match = /^(\d{1,6})([mhdw])$/i.exec(text);
    if (!match) return undefined;
    return { amount: Number(match[1]), unit: (match[2] ?? '').toLowerCase() as DurationUnit };
  },
  print: (duration) => `${duration.amount}${duration.unit}`,
};

const dateSpec: FieldSpec<DateRef> = {
  ops: ORDER,
  expected: 'a date (YYYY-MM-DD, UTC) or an ISO 8601 instant',
  read: readDate,
  print: (date) => (date.kind === 'day' ? date.day : new Date(date.ms).toISOString()),
};

export const FIELD_SPECS: { [F in FilterField]: FieldSpec<FieldValue<F>> } = {
  status: oneOf(STATUSES, 'a status'),
  level: {
    ops: [...ORDER, 'in'],
    expected: 'a level (1, 2, 3)',
    read(text) {
      const match = /^l?([123])$/i.exec(text);
      return match ? (Number(match[1]) as Level) : undefined;
    },
    print: (level) => String(level),
  },
  priority: {
    ops: [...ORDER, 'in'],
    expected: `a priority (P1–P5)`,
    read: (text) => {
      const upper = text.toUpperCase();
      return isPriority(upper) ? upper : undefined;
    },
    print: (priority) => priority,
  },
  // Types are an admin-edited dictionary the domain cannot see: any word is accepted.
  type: { ops: [...EQUALITY, 'in'], expected: 'a type', read: (text) => text, print: printWord },
  assignee: personSpec('an assignee'),
  requester: personSpec('a requester'),
  org: nameSpec('an organization'),
  tag: nameSpec('a tag'),
  channel: oneOf(CHANNELS, 'a channel'),
  waiting: oneOf(WAITING_ON, 'whom a pending ticket waits on'),
  created: dateSpec,
  updated: dateSpec,
  idle: durationSpec,
  age: durationSpec,
  sla: oneOf<SlaFilterState>(SLA_FILTER_STATES, 'an SLA state'),
  // `text` only takes `~`, whose value is a plain pattern: no single value to read.
  text: { ops: ['~'], expected: 'some text', read: () => undefined, print: () => '' },
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date without a zone is UTC: the CLI prints times in UTC (SPEC 8), so it reads them so too. */
function readDate(text: string): DateRef | undefined {
  if (DAY.test(text)) return validDay(text) ? { kind: 'day', day: text } : undefined;
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [, day = '', hh = '', mm = '', ss = '00', fraction = '', zone = 'Z'] = match;
  if (!validDay(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  const utcMs = Date.parse(`${day}T${hh}:${mm}:${ss}.${millis}Z`);
  const offsetMs = zoneOffsetMs(zone);
  if (offsetMs === undefined) return undefined;
  return { kind: 'instant', ms: utcMs - offsetMs };
}

function validDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

function zoneOffsetMs(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (hours * DURATION_UNIT_MS.h + minutes * DURATION_UNIT_MS.m);
}
