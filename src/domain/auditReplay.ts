// Pure replay of a ticket's event log (SPEC 2.1: "the events of a ticket are its complete
// history"): rebuild the replayable fields from the events and compare them with the ticket row.
//
// Replayable: status, level, priority, type, assigneeId, waitingOn, resolution, closingReason,
// tags, watchers (handles) and version. Every change writes the before/after of exactly these
// fields (app/tickets/ticketWrite.ts), and `create` carries the initial ones. Not replayable: subject and
// description (not on `create`), requester, organization, channel, timestamps and SLA figures
// (derived from the calendar at write time), comments (the events point at them).

export const REPLAYED_FIELDS = [
  'status',
  'level',
  'priority',
  'type',
  'assigneeId',
  'waitingOn',
  'resolution',
  'closingReason',
  'tags',
  'watchers',
] as const;
export type ReplayedField = (typeof REPLAYED_FIELDS)[number] | 'version';

export interface AuditEvent {
  id: number;
  action: string;
  /** The raw JSON texts as stored. */
  before: string | null;
  after: string | null;
  version: number;
}

export interface AuditTicket {
  id: number;
  status: string;
  level: number;
  priority: string;
  type: string;
  assigneeId: number | null;
  waitingOn: string | null;
  resolution: string | null;
  closingReason: string | null;
  tags: string[];
  /** Watcher handles, as events record them. */
  watchers: string[];
  version: number;
}

export type Drift =
  | { kind: 'field'; field: ReplayedField; replayed: unknown; actual: unknown }
  /** An event's `before` disagrees with the state the earlier events left: a lost or hidden change. */
  | { kind: 'chain'; eventId: number; field: ReplayedField; expected: unknown; found: unknown }
  | { kind: 'history'; message: string };

type State = Partial<Record<ReplayedField, unknown>>;

/** Events that start a history: `create` knows every field, an import only the ones it names. */
const BASELINES: Record<string, State> = {
  create: { assigneeId: null, waitingOn: null, resolution: null, closingReason: null, tags: [], watchers: [] },
  import: {},
};

const isReplayed = (key: string): key is (typeof REPLAYED_FIELDS)[number] => (REPLAYED_FIELDS as readonly string[]).includes(key);

function normalize(field: ReplayedField, value: unknown): unknown {
  if (field === 'tags' || field === 'watchers') return Array.isArray(value) ? [...value].map(String).sort() : value;
  return value === undefined ? null : value;
}

function same(field: ReplayedField, a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(field, a)) === JSON.stringify(normalize(field, b));
}

function parseFields(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Replays `events` (oldest first) and lists every way the ticket differs from them. */
export function auditTicket(ticket: AuditTicket, events: AuditEvent[]): Drift[] {
  const drifts: Drift[] = [];
  const first = events[0];
  if (!first) return [{ kind: 'history', message: 'no events at all' }];
  const baseline = BASELINES[first.action];
  if (!baseline) return [{ kind: 'history', message: `history starts with '${first.action}' (event ${first.id}), not with create` }];
  const state: State = { ...baseline };
  let lastVersion = 0;
  for (const event of events) {
    if (event !== first && BASELINES[event.action]) {
      drifts.push({ kind: 'history', message: `a second '${event.action}' (event ${event.id})` });
    }
    const before = parseFields(event.before);
    const after = parseFields(event.after);
    if (!before || !after) {
      drifts.push({ kind: 'history', message: `event ${event.id} has unreadable before/after` });
      continue;
    }
    // A change raises the version; an event that changes nothing (an automatic reminder) may keep it.
    const changes = Object.keys(after).length > 0;
    if (event.version < lastVersion || (changes && event.version === lastVersion)) {
      drifts.push({ kind: 'history', message: `event ${event.id} has version ${event.version}, not above ${lastVersion}` });
    }
    lastVersion = Math.max(lastVersion, event.version);
    for (const [key, value] of Object.entries(before)) {
      if (!isReplayed(key) || !(key in state) || event === first) continue;
      if (!same(key, state[key], value))
        drifts.push({ kind: 'chain', eventId: event.id, field: key, expected: normalize(key, state[key]), found: normalize(key, value) });
    }
    for (const [key, value] of Object.entries(after)) if (isReplayed(key)) state[key] = value;
  }
  state.version = lastVersion;
  for (const field of [...REPLAYED_FIELDS, 'version'] as ReplayedField[]) {
    if (!(field in state)) continue; // an import that did not name it: nothing to compare with
    const actual = ticket[field];
    if (!same(field, state[field], actual))
      drifts.push({ kind: 'field', field, replayed: normalize(field, state[field]), actual: normalize(field, actual) });
  }
  return drifts;
}

const show = (value: unknown): string =>
  value === null || value === undefined ? 'none' : Array.isArray(value) ? `[${value.join(',')}]` : String(value);

/** One line for a drifted ticket: `#12 status: events say open, ticket has closed; …`. */
export function describeDrift(ticketId: number, drifts: Drift[]): string {
  const parts = drifts.map((d) => {
    switch (d.kind) {
      case 'field':
        return `${d.field}: events say ${show(d.replayed)}, ticket has ${show(d.actual)}`;
      case 'chain':
        return `event ${d.eventId} starts from ${d.field} ${show(d.found)} but the history had ${show(d.expected)}`;
      case 'history':
        return d.message;
    }
  });
  return `#${ticketId} ${parts.join('; ')}`;
}
