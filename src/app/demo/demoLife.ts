// One generated ticket's life as it would have happened through the use cases: every action
// writes its event (before/after of the changed fields, as ticketWrite.ts records them), its
// comment, and bumps the version. The script that decides what happens is in demoStory.ts.
import { NOTIFYING_ACTIONS, recipientsFor } from '../../domain/notifications.js';
import type { Priority } from '../../domain/types.js';
import type { DemoWriter } from '../../store/port/index.js';
import type { SlaHistory } from './demoSla.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NO_ONE = new Set<number>();
// The demo's outbox keeps the assignee, watchers, superusers and admins; earlier handlers are left out.
const NO_HANDLERS: number[] = [];
const q = (v: string | number | null): string => (typeof v === 'string' ? `"${v}"` : String(v));

const DAY = 24 * HOUR;
/**
 * Mon–Fri 09:00–17:00 UTC, no holidays: when the staff of the demo work. Only picks plausible
 * times for staff actions (cheaper than the calendar engine); SLA figures use domain/sla.ts.
 */
export function workingTimeAfter(from: number, ms: number): number {
  let at = from;
  let left = ms;
  for (;;) {
    const day = Math.floor(at / DAY);
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const open = day * DAY + 9 * HOUR;
    const close = day * DAY + 17 * HOUR;
    if (weekday === 0 || weekday === 6 || at >= close) {
      at = (day + 1) * DAY;
      continue;
    }
    if (at < open) at = open;
    if (left <= close - at) return at + left;
    left -= close - at;
    at = (day + 1) * DAY;
  }
}

/** The state of the ticket being generated. One instance is reused for every ticket. */
export class TicketLife implements SlaHistory {
  // identity and people
  id = 0;
  requesterId = 0;
  orgId: number | null = null;
  orgSuperusers: number[] = [];
  channel = 'email';
  // fields
  type = 'question';
  priority: Priority = 'P3';
  status = 'new';
  level = 1;
  assigneeId: number | null = null;
  waitingOn: string | null = null;
  resolution: string | null = null;
  closingReason: string | null = null;
  createdAt = 0;
  statusSince = 0;
  solvedAt: number | null = null;
  closedAt: number | null = null;
  version = 0;
  tags: string[] = [];
  watchers: number[] = [];
  // SLA history (see SlaHistory), levels indexed 1–3
  enteredAt = [-1, -1, -1, -1];
  pickedAt = [-1, -1, -1, -1];
  pickedBy = [0, 0, 0, 0];
  lastAssignee = [0, 0, 0, 0];
  pauseFrom: number[] = [];
  pauseTo: number[] = [];
  pauses = 0;
  stoppedAt = -1;
  // generation
  t = 0;
  /** Set once the next step would happen after now: the ticket stays as it is. */
  stopped = false;
  /** The newest tickets may be told to stay in a status at a level (a realistic backlog). */
  stayStatus: string | null = null;
  stayLevel = 0;
  outboxRows = 0;

  constructor(
    private readonly out: DemoWriter,
    private readonly now: number,
    private readonly ids: { comment: number; event: number },
    private readonly handleOf: Map<number, string>,
    private readonly adminIds: number[],
  ) {}

  reset(id: number, createdAt: number): void {
    this.id = id;
    this.createdAt = this.t = this.statusSince = createdAt;
    this.status = 'new';
    this.level = 1;
    this.assigneeId = this.waitingOn = this.resolution = this.closingReason = this.solvedAt = this.closedAt = null;
    this.version = 0;
    this.tags.length = 0;
    this.watchers.length = 0;
    for (let i = 0; i < 4; i++) this.enteredAt[i] = this.pickedAt[i] = -1;
    this.pauses = 0;
    this.stoppedAt = -1;
    this.stopped = false;
    this.stayStatus = null;
  }

  /** Moves the clock to `at`, or stops the story when that is after now. */
  go(at: number): boolean {
    if (this.stopped || at > this.now) {
      this.stopped = true;
      return false;
    }
    this.t = at;
    return true;
  }
  /** Staff work in business hours: `minutes` working minutes after the current time. */
  staffAfter(minutes: number): number {
    return workingTimeAfter(this.t, Math.round(minutes * MINUTE));
  }
  customerAfter(minutes: number): number {
    return this.t + Math.round(minutes * MINUTE);
  }

  private setStatus(status: string): void {
    this.status = status;
    this.statusSince = this.t;
    if (status === this.stayStatus && this.level === this.stayLevel) {
      // Pending and solved tickets older than a day would already have met an automation.
      if ((status !== 'pending' && status !== 'solved') || this.now - this.t < 20 * HOUR) this.stopped = true;
    }
  }

  comment(authorId: number, body: string, internal: boolean, channel: string): number {
    const id = this.ids.comment++;
    this.out.comment(id, this.id, authorId, body, internal, channel, this.t);
    return id;
  }

  event(
    actorId: number | null,
    action: string,
    before: string | null,
    after: string | null,
    text: string | null,
    commentId: number | null,
    internal = false,
  ): void {
    const id = this.ids.event++;
    this.version++;
    // A comment's text lives in its comment row only (as ticketWrite.ts records events).
    this.out.event(id, this.id, actorId, this.t, action, before, after, commentId !== null ? null : text, commentId, this.version);
    if (this.t > this.now - 24 * HOUR && NOTIFYING_ACTIONS.has(action)) this.notify(id, actorId, action, internal);
  }

  /** Only the last day's events have outbox rows: older ones were delivered and cleaned up. */
  private notify(eventId: number, actorId: number | null, kind: string, internal: boolean): void {
    const recipients = recipientsFor({
      actorId,
      requesterId: this.requesterId,
      requesterIsCustomer: true,
      assigneeId: this.assigneeId,
      handlerIds: NO_HANDLERS,
      waitedOnIds: NO_HANDLERS,
      watcherIds: this.watchers,
      orgSuperuserIds: this.orgSuperusers,
      notifyAllAdminIds: this.adminIds,
      customerIds: NO_ONE,
      mutedIds: NO_ONE,
      internal,
      receipt: kind === 'create',
    });
    const sent = this.t < this.now - 2 * HOUR;
    for (const recipientId of recipients) {
      this.outboxRows++;
      if (sent)
        this.out.outbox(
          this.id,
          eventId,
          recipientId,
          kind,
          'sent',
          1,
          this.t,
          this.t,
          this.t + 20_000,
          `<demo.${eventId}.${recipientId}@ticketty.example>`,
        );
      else this.out.outbox(this.id, eventId, recipientId, kind, 'queued', 0, this.t, this.t, null, null);
    }
  }

  create(actorId: number, description: string): void {
    this.enteredAt[1] = this.t;
    const tags = this.tags.length ? `,"tags":${JSON.stringify(this.tags)}` : '';
    const commentId = this.comment(this.requesterId, description, false, this.channel);
    this.event(
      actorId,
      'create',
      null,
      `{"status":"new","level":1,"priority":"${this.priority}","type":"${this.type}"${tags}}`,
      null,
      commentId,
    );
    this.setStatus('new');
  }

  /** Accept, or a staff reply that picks the ticket up (new → open, assignee = actor). */
  pickup(staffId: number, reply: string | null, channel = 'tui'): void {
    const before = `{"status":"new","assigneeId":${q(this.assigneeId)}}`;
    this.assigneeId = staffId;
    this.pickedAt[this.level] = this.t;
    this.pickedBy[this.level] = staffId;
    this.lastAssignee[this.level] = staffId;
    this.setStatus('open');
    const after = `{"status":"open","assigneeId":${staffId}}`;
    if (reply === null) this.event(staffId, 'accept', before, after, null, null);
    else this.event(staffId, 'reply', before, after, reply, this.comment(staffId, reply, false, channel));
  }

  reply(authorId: number, body: string, channel: string): void {
    this.event(authorId, 'reply', null, null, body, this.comment(authorId, body, false, channel));
  }

  note(staffId: number, body: string): void {
    this.event(staffId, 'note', null, null, body, this.comment(staffId, body, true, 'tui'), true);
  }

  requestInfo(staffId: number, waitingOn: string, body: string): void {
    this.waitingOn = waitingOn;
    this.setStatus('pending');
    this.pauseFrom[this.pauses] = this.t;
    this.pauseTo[this.pauses++] = -1;
    const internal = waitingOn === 'tier2';
    const commentId = this.comment(staffId, body, internal, 'tui');
    this.event(
      staffId,
      'request_info',
      '{"status":"open","waitingOn":null}',
      `{"status":"pending","waitingOn":"${waitingOn}"}`,
      body,
      commentId,
      internal,
    );
  }

  provideInfo(actorId: number, body: string, channel: string): void {
    const internal = this.waitingOn === 'tier2';
    const before = `{"status":"pending","waitingOn":"${this.waitingOn}"}`;
    this.waitingOn = null;
    this.pauseTo[this.pauses - 1] = this.t;
    this.setStatus('open');
    this.event(
      actorId,
      'provide_info',
      before,
      '{"status":"open","waitingOn":null}',
      body,
      this.comment(actorId, body, internal, channel),
      internal,
    );
  }

  hold(staffId: number, reason: string): void {
    this.setStatus('on_hold');
    this.event(staffId, 'hold', '{"status":"open"}', '{"status":"on_hold"}', reason, null);
  }

  resume(staffId: number): void {
    this.setStatus('open');
    this.event(staffId, 'resume', '{"status":"on_hold"}', '{"status":"open"}', null, null);
  }

  escalate(staffId: number, reason: string): void {
    const before = `{"status":"${this.status}","level":${this.level},"assigneeId":${q(this.assigneeId)}}`;
    this.level++;
    this.assigneeId = null;
    this.enteredAt[this.level] = this.t;
    this.setStatus('new');
    this.event(staffId, 'escalate', before, `{"status":"new","level":${this.level},"assigneeId":null}`, reason, null);
  }

  changePriority(staffId: number, priority: Priority): void {
    const before = `{"priority":"${this.priority}"}`;
    this.priority = priority;
    this.event(staffId, 'priority', before, `{"priority":"${priority}"}`, null, null);
  }

  tag(staffId: number, tag: string): void {
    if (this.tags.includes(tag)) return;
    const before = JSON.stringify(this.tags);
    this.tags.push(tag);
    this.tags.sort();
    this.event(staffId, 'tag', `{"tags":${before}}`, `{"tags":${JSON.stringify(this.tags)}}`, null, null);
  }

  watch(staffId: number, userId: number): void {
    if (this.watchers.includes(userId)) return;
    const handles = () => JSON.stringify(this.watchers.map((w) => this.handleOf.get(w)).sort());
    const before = handles();
    this.watchers.push(userId);
    this.event(staffId, 'watch', `{"watchers":${before}}`, `{"watchers":${handles()}}`, null, null);
  }

  solve(staffId: number, resolution: string): void {
    this.resolution = resolution;
    this.solvedAt = this.t;
    this.stoppedAt = this.t;
    this.setStatus('solved');
    this.event(
      staffId,
      'solve',
      '{"status":"open","resolution":null}',
      `{"status":"solved","resolution":${JSON.stringify(resolution)}}`,
      resolution,
      null,
    );
  }

  /** Closes: staff (`close`), the requester confirming (`close`) or the system (`auto_close`). */
  close(actorId: number | null, reason: string, addTag: string | null = null): void {
    const from = this.status;
    const waitingBefore = this.waitingOn !== null ? `,"waitingOn":"${this.waitingOn}"` : '';
    const waitingAfter = this.waitingOn !== null ? ',"waitingOn":null' : '';
    let tagsBefore = '';
    let tagsAfter = '';
    if (addTag !== null && !this.tags.includes(addTag)) {
      tagsBefore = `,"tags":${JSON.stringify(this.tags)}`;
      this.tags.push(addTag);
      this.tags.sort();
      tagsAfter = `,"tags":${JSON.stringify(this.tags)}`;
    }
    this.waitingOn = null;
    this.closingReason = reason;
    this.closedAt = this.t;
    // The resolution clock stops at a solve or a staff close; a pending ticket closes paused.
    if (this.stoppedAt < 0) this.stoppedAt = this.t;
    this.setStatus('closed');
    const before = `{"status":"${from}"${waitingBefore},"closingReason":null${tagsBefore}}`;
    const after = `{"status":"closed"${waitingAfter},"closingReason":"${reason}"${tagsAfter}}`;
    this.event(actorId, actorId === null ? 'auto_close' : 'close', before, after, reason, null);
  }

  remind(n: number): void {
    this.event(
      null,
      'remind',
      null,
      null,
      `reminder ${n}: waiting on the ${this.waitingOn === 'superusers' ? "organization's superusers" : this.waitingOn}`,
      null,
    );
  }
}
