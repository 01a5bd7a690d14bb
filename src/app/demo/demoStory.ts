// What happens to each generated ticket: who picks it up, questions, escalations, holds, replies,
// the solve and the close — played in time until the clock's now, so that old tickets are closed
// and recent ones form the open backlog. Writes through TicketLife (demoLife.ts).
import { DemoRandom, DemoText, TOPIC_COUNT } from '../../domain/demoText.js';
import type { Priority } from '../../domain/types.js';
import { TICKET_COLUMNS, type DemoWriter, type TicketValues } from '../../store/port/index.js';
import type { DemoCast, DemoOrg } from './demoCast.js';
import { TicketLife } from './demoLife.js';
import { demoSlaColumns } from './demoSla.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const TYPES = ['question', 'fault', 'improvement', 'work_request', 'custom_development', 'project'];
const TYPE_WEIGHTS = [0.35, 0.75, 0.85, 0.95, 0.98, 1];
const PRIORITY_CUMULATIVE: Array<[number, Priority]> = [
  [0.02, 'P1'],
  [0.1, 'P2'],
  [0.7, 'P3'],
  [0.92, 'P4'],
  [1, 'P5'],
];
const CHANNELS = ['email', 'email', 'email', 'email', 'web', 'web', 'phone', 'tui', 'cli', 'forum'];
const CUSTOMER_CHANNELS = ['email', 'email', 'web'];
/** Business minutes to a pickup, on average, by priority. */
const PICKUP_MEAN: Record<Priority, number> = { P1: 45, P2: 120, P3: 300, P4: 700, P5: 900 };
const EXTRA_TAGS = ['vip', 'regression', 'known-issue', 'needs-docs', 'workaround', 'customer-training'];

export interface StoryCounts {
  comments: number;
  events: number;
  outbox: number;
}

/** Generates tickets `firstId`, `firstId + 1`, … one by one; `play` writes one ticket. */
export class DemoStories {
  private readonly rng: DemoRandom;
  private readonly text: DemoText;
  private readonly life: TicketLife;
  private readonly ids: { comment: number; event: number };
  private readonly firstIds: { comment: number; event: number };
  private readonly row: TicketValues = new Array(TICKET_COLUMNS.length).fill(null);

  constructor(
    private readonly out: DemoWriter,
    private readonly cast: DemoCast,
    private readonly now: number,
    seed: number,
    firstIds: { comment: number; event: number },
  ) {
    this.firstIds = { ...firstIds };
    this.ids = { ...firstIds };
    this.rng = new DemoRandom(seed ^ 0x5eed);
    this.text = new DemoText(this.rng);
    this.life = new TicketLife(out, now, this.ids, cast.handleOf, []);
  }

  counts(): StoryCounts {
    return {
      comments: this.ids.comment - this.firstIds.comment,
      events: this.ids.event - this.firstIds.event,
      outbox: this.life.outboxRows,
    };
  }

  /** Generates and writes one ticket; returns its final status. */
  play(id: number, createdAt: number): string {
    const { rng, text, life, cast } = this;
    life.reset(id, createdAt);
    const org: DemoOrg | null = rng.chance(0.9) ? (cast.orgs[Math.floor(rng.next() ** 1.6 * cast.orgs.length)] as DemoOrg) : null;
    life.orgId = org?.id ?? null;
    life.orgSuperusers = org?.superusers ?? [];
    life.requesterId = org ? rng.pick(org.requesters) : rng.pick(cast.loneRequesters);
    const u = rng.next();
    const type = TYPES[TYPE_WEIGHTS.findIndex((w) => u < w)] as string;
    life.type = type;
    const p = rng.next();
    life.priority = type === 'improvement' ? 'P4' : (PRIORITY_CUMULATIVE.find(([w]) => p < w) as [number, Priority])[1];
    life.channel = rng.pick(CHANNELS);
    const topic = rng.int(TOPIC_COUNT);
    if (rng.chance(0.4))
      life.tags.push(
        ...text
          .topicTags(topic)
          .slice(0, 1 + rng.int(2))
          .sort(),
      );
    const heavy = type === 'project' || type === 'custom_development';
    const targetLevel = heavy ? (rng.chance(0.5) ? 3 : 2) : rng.chance(0.24) ? (rng.chance(0.3) ? 3 : 2) : 1;
    if (this.now - createdAt < 3 * DAY && rng.chance(0.5)) {
      life.stayStatus = rng.pick(['new', 'open', 'open', 'pending', 'on_hold', 'solved']);
      life.stayLevel = 1 + rng.int(targetLevel);
    }

    // L1 handlers: the organization's superusers, or the unbound ones who serve everybody.
    const l1 = (): number => (org && rng.chance(0.85) ? rng.pick(org.superusers) : rng.pick(cast.freeSuperusers));
    const phoneTaker = life.channel === 'phone' ? l1() : life.requesterId;
    const subject = text.subject(topic);
    const description = text.description(topic);
    life.create(phoneTaker, description);
    this.handleLevel(topic, org, phoneTaker !== life.requesterId ? phoneTaker : l1(), targetLevel, heavy);
    this.writeTicket(subject, description);
    return life.status;
  }

  private handleLevel(topic: number, org: DemoOrg | null, l1Handler: number, targetLevel: number, heavy: boolean): void {
    const { rng, text, life, cast } = this;
    for (let level = 1; level <= targetLevel; level++) {
      const handler = level === 1 ? l1Handler : rng.pick(level === 2 ? cast.agents : cast.engineers);
      if (!life.go(life.staffAfter(rng.exp(PICKUP_MEAN[life.priority] * (level === 1 ? 1 : 1.5))))) return;
      life.pickup(handler, rng.chance(0.35) ? text.staffReply(topic) : null);
      if (life.stopped) return;
      if (rng.chance(level === 1 ? 0.08 : 0.2) && life.go(life.staffAfter(rng.exp(30)))) life.note(handler, text.note(topic));
      if (level === 1 && rng.chance(0.04) && life.go(life.staffAfter(rng.exp(20)))) life.tag(handler, rng.pick(EXTRA_TAGS));
      if (level >= 2 && rng.chance(0.08) && life.go(life.staffAfter(rng.exp(20))))
        life.watch(handler, rng.pick(level === 2 ? cast.agents : cast.engineers));
      if (level >= 2 && rng.chance(0.05) && life.go(life.staffAfter(rng.exp(60))))
        life.changePriority(handler, life.priority === 'P2' ? 'P1' : 'P2');
      if (life.stopped) return;
      if (rng.chance(level === 1 ? 0.2 : 0.3) && !this.askForInfo(topic, org, handler, level)) return;
      if (rng.chance(level === 1 ? 0.04 : 0.12) || (heavy && level === targetLevel)) {
        if (!life.go(life.staffAfter(rng.exp(60)))) return;
        life.hold(handler, text.holdReason(topic));
        if (life.stopped || !life.go(life.customerAfter(rng.exp(heavy ? 20 * 24 * 60 : 3 * 24 * 60)))) return;
        life.resume(handler);
        if (life.stopped) return;
      }
      if (level < targetLevel) {
        if (level === 2 && rng.chance(0.4) && life.go(life.staffAfter(rng.exp(60)))) life.note(handler, text.note(topic));
        if (!life.go(life.staffAfter(rng.exp(90)))) return;
        life.escalate(handler, text.escalation(level + 1));
        if (life.stopped) return;
        continue;
      }
      this.finish(topic, handler);
    }
  }

  /** request-info, then the answer; a few go unanswered and close as `no_response`. */
  private askForInfo(topic: number, org: DemoOrg | null, handler: number, level: number): boolean {
    const { rng, text, life } = this;
    if (!life.go(life.staffAfter(rng.exp(60)))) return false;
    const waitingOn = level === 1 ? 'requester' : level === 2 ? (org ? 'superusers' : 'requester') : 'tier2';
    life.requestInfo(handler, waitingOn, waitingOn === 'tier2' ? text.tier2Request() : text.infoRequest(topic));
    if (life.stopped) return false;
    if (waitingOn === 'requester' && rng.chance(0.08) && life.t + 7 * DAY <= this.now) {
      life.go(life.t + DAY);
      life.remind(1);
      life.go(life.t + 4 * DAY);
      life.remind(2);
      life.go(life.t + 2 * DAY);
      life.close(null, 'no_response', 'no-response');
      return false;
    }
    // Answers come within the day (an older pending ticket would have been reminded).
    if (!life.go(life.customerAfter(Math.min(rng.exp(300), 19 * 60)))) return false;
    if (waitingOn === 'tier2') life.provideInfo(life.lastAssignee[2] as number, text.tier2Answer(), 'tui');
    else if (waitingOn === 'superusers') life.provideInfo(rng.pick(org!.superusers), text.infoAnswer(topic), rng.pick(CUSTOMER_CHANNELS));
    else life.provideInfo(life.requesterId, text.infoAnswer(topic), rng.pick(CUSTOMER_CHANNELS));
    return !life.stopped;
  }

  /** Replies back and forth, the solve, and the close (a duplicate is closed without a solve). */
  private finish(topic: number, handler: number): void {
    const { rng, text, life } = this;
    if (rng.chance(0.03)) {
      if (life.go(life.staffAfter(rng.exp(30)))) life.close(handler, 'duplicate');
      return;
    }
    const r = rng.next();
    const rounds = r < 0.7 ? 0 : r < 0.95 ? 1 : 2;
    for (let i = 0; i < rounds; i++) {
      if (!life.go(life.staffAfter(rng.exp(120)))) return;
      life.reply(handler, text.staffReply(topic), 'tui');
      if (life.stopped || !life.go(life.customerAfter(rng.exp(240)))) return;
      life.reply(life.requesterId, text.customerReply(topic), rng.pick(CUSTOMER_CHANNELS));
      if (life.stopped) return;
    }
    if (rng.chance(0.1) && life.go(life.staffAfter(rng.exp(30)))) life.note(handler, text.note(topic));
    if (!life.go(life.staffAfter(rng.exp(life.type === 'question' ? 90 : 240)))) return;
    life.solve(handler, text.resolution(topic));
    if (life.stopped) return;
    // The requester confirms within the day, or the automation closes it after 24 h.
    const confirm = rng.chance(0.45);
    if (!life.go(confirm ? life.customerAfter(Math.min(rng.exp(240), 23 * 60)) : life.t + 24 * HOUR)) return;
    life.close(confirm ? life.requesterId : null, 'resolved');
  }

  private writeTicket(subject: string, description: string): void {
    const life = this.life;
    const sla = demoSlaColumns(life);
    const r = this.row;
    r[0] = life.id;
    r[1] = subject;
    r[2] = description;
    r[3] = life.requesterId;
    r[4] = life.orgId;
    r[5] = life.type;
    r[6] = life.priority;
    r[7] = life.status;
    r[8] = life.level;
    r[9] = life.assigneeId;
    r[10] = life.channel;
    r[11] = life.waitingOn;
    r[12] = life.resolution;
    r[13] = life.closingReason;
    r[14] = null;
    r[15] = life.createdAt;
    r[16] = life.t;
    r[17] = life.statusSince;
    r[18] = life.solvedAt;
    r[19] = life.closedAt;
    r[20] = life.version;
    r[21] = sla.pickupDueAt;
    r[22] = sla.firstPickupAt;
    r[23] = sla.pickupMinutes;
    r[24] = sla.pickupBreached;
    r[25] = sla.resolutionStartAt;
    r[26] = sla.resolutionDueAt;
    r[27] = sla.resolutionPausedMinutes;
    r[28] = sla.pausedSince;
    r[29] = sla.resolutionMinutes;
    r[30] = sla.resolutionBreached;
    r[31] = sla.slaDueAt;
    r[32] = sla.slaRiskAt;
    this.out.ticket(r);
    for (let level = 1; level <= 3; level++) {
      if ((life.enteredAt[level] as number) < 0) continue;
      const picked = life.pickedAt[level] as number;
      const levelSla = sla.levels[level]!;
      this.out.level(
        life.id,
        level,
        life.enteredAt[level] as number,
        levelSla.pickupDueAt,
        picked < 0 ? null : picked,
        picked < 0 ? null : (life.pickedBy[level] as number),
        levelSla.pickupMinutes,
        picked < 0 ? null : (life.lastAssignee[level] as number),
      );
    }
    for (const tag of life.tags) this.out.tag(life.id, tag);
    for (const watcher of life.watchers) this.out.watcher(life.id, watcher);
  }
}
