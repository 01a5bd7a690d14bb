// The bulk writer behind `ticketty demo` (SPEC 8): explicit ids, chunked transactions, and
// whatever bulk mode the store has (SQLite: relaxed durability, indexes rebuilt once at the end).

/** A ticket's final row, in column order of TICKET_COLUMNS (the generator reuses one array). */
export const TICKET_COLUMNS = [
  'id',
  'subject',
  'description',
  'requester_id',
  'org_id',
  'type',
  'priority',
  'status',
  'level',
  'assignee_id',
  'channel',
  'waiting_on',
  'resolution',
  'closing_reason',
  'follow_up_of',
  'created_at',
  'updated_at',
  'status_since',
  'solved_at',
  'closed_at',
  'version',
  'pickup_due_at',
  'first_pickup_at',
  'pickup_minutes',
  'pickup_breached',
  'resolution_start_at',
  'resolution_due_at',
  'resolution_paused_minutes',
  'paused_since',
  'resolution_minutes',
  'resolution_breached',
  'sla_due_at',
  'sla_risk_at',
] as const;
export type TicketValues = Array<string | number | null>;

/** The first free id of each table that the demo fills with explicit ids. */
export interface DemoIdBase {
  users: number;
  organizations: number;
  tickets: number;
  comments: number;
  events: number;
}

export interface DemoPersonRow {
  id: number;
  handle: string;
  name: string;
  email: string | null;
  role: string;
  tier: number | null;
  orgId: number | null;
  createdAt: number;
}

/** The row writer the generator talks to. Ticket ids, comment ids and event ids start at 1. */
export interface DemoWriter {
  ticket(values: TicketValues): void;
  comment(id: number, ticketId: number, authorId: number, body: string, internal: boolean, channel: string, createdAt: number): void;
  event(
    id: number,
    ticketId: number,
    actorId: number | null,
    at: number,
    action: string,
    before: string | null,
    after: string | null,
    text: string | null,
    commentId: number | null,
    version: number,
  ): void;
  level(
    ticketId: number,
    level: number,
    enteredAt: number,
    pickupDueAt: number | null,
    pickedUpAt: number | null,
    pickedUpBy: number | null,
    pickupMinutes: number | null,
    lastAssigneeId: number | null,
  ): void;
  tag(ticketId: number, tag: string): void;
  watcher(ticketId: number, userId: number): void;
  outbox(
    ticketId: number,
    eventId: number,
    recipientId: number,
    kind: string,
    state: string,
    attempts: number,
    nextAttemptAt: number,
    createdAt: number,
    sentAt: number | null,
    messageId: string | null,
  ): void;
}

export interface DemoBulkLoad {
  writer: DemoWriter;
  /** Runs `fill` in one write transaction and flushes every buffer before it commits. */
  chunk(fill: () => void): void;
  /** Ends the bulk mode (indexes, pragmas, checkpoint). Always call it (also on failure). */
  finish(): void;
}

export interface DemoPreconditions {
  tickets: number;
  organizations: number;
  users: Array<{ id: number; handle: string; email: string | null; role: string }>;
}

export interface DemoLoader {
  /** What a demo load needs to know about the database before it starts. */
  preconditions(): DemoPreconditions;
  /** Inserts organizations, their mail domains and users with explicit ids, in one transaction. */
  insertPeople(orgs: Array<{ id: number; name: string; domain: string; createdAt: number }>, people: DemoPersonRow[]): void;
  nextIds(): DemoIdBase;
  /** Starts a bulk load, written in `chunk` transactions so that a crash loses at most one chunk. */
  startBulkLoad(): DemoBulkLoad;
  /** Notifications queued so far (the generated stories' and the showcase's). */
  countOutbox(): number;
  /** How a person clears this database after an interrupted demo, so that a new demo can run: "delete FILE …". */
  startOverAdvice(): string;
}
