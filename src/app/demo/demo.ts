// `ticketty demo --tickets N --seed S` (SPEC 8): fills an empty database with realistic,
// deterministic demo data. Same seed, N and clock → identical database contents.
//
// The database must hold no tickets and no organizations; its only users may be admins (as
// `ticketty init --admin admin` leaves it). An existing admin named `admin` is reused; otherwise
// one is created. Anything else is refused with BadInput, so demo data never mixes with real data.
import { BadInput } from '../../domain/errors.js';
import { DemoRandom } from '../../domain/demoText.js';
import { STATUSES, type Status } from '../../domain/types.js';
import { actorFromUser } from '../people/actors.js';
import { demoShowcase, SHOWCASE_FOLLOW_UPS } from './demoShowcase.js';
import type { AppContext } from '../context.js';
import { buildCast } from './demoCast.js';
import { DemoStories } from './demoStory.js';

export interface DemoOptions {
  /** How many tickets to generate (0 – 10,000,000). */
  tickets: number;
  /** Any integer; the same seed gives the same data. */
  seed: number;
  /** Called after each committed chunk with the number of tickets written so far. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Tickets per write transaction (default 5,000). */
  chunkSize?: number | undefined;
}

export interface DemoResult {
  organizations: number;
  /** Users created (an existing `admin` is not counted). */
  users: number;
  tickets: number;
  comments: number;
  events: number;
  outbox: number;
  /** Tickets per final status. */
  statuses: Record<Status, number>;
}

export const DEMO_MAX_TICKETS = 10_000_000;
/** How far back the demo history reaches from the clock's now. */
export const DEMO_SPAN_DAYS = 182;

export function generateDemo(ctx: AppContext, options: DemoOptions): DemoResult {
  const { tickets, seed } = options;
  if (!Number.isInteger(tickets) || tickets < 0 || tickets > DEMO_MAX_TICKETS)
    throw new BadInput(`--tickets must be a whole number from 0 to ${DEMO_MAX_TICKETS.toLocaleString('en')}, got ${tickets}`);
  if (!Number.isSafeInteger(seed)) throw new BadInput(`--seed must be a whole number, got ${seed}`);
  const chunkSize = options.chunkSize ?? 5_000;
  const now = ctx.nowMs();
  const existing = checkDemoTarget(ctx);

  const rng = new DemoRandom(seed);
  const ids = ctx.store.demo.nextIds();
  const taken = new Set<string>(existing.users.flatMap((u) => (u.email ? [u.handle, u.email] : [u.handle])));
  const start = now - DEMO_SPAN_DAYS * 86_400_000;
  const cast = buildCast({
    rng,
    tickets,
    firstUserId: ids.users,
    firstOrgId: ids.organizations,
    existingAdminId: existing.users.find((u) => u.handle === 'admin')?.id ?? null,
    taken,
    createdAt: start - 30 * 86_400_000,
  });
  // Marked until the last ticket is in: a killed run leaves a database demo cannot finish, and says so.
  ctx.store.write(() => ctx.config.set(DEMO_UNFINISHED, { tickets, seed, startedAt: new Date(now).toISOString() }));
  ctx.store.demo.insertPeople(cast.orgRows, cast.people);

  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const load = ctx.store.demo.startBulkLoad();
  const stories = new DemoStories(load.writer, cast, now, seed, { comment: ids.comments, event: ids.events });
  // A demo big enough for it ends with a showcase (demoShowcase.ts) that opens follow-ups: they
  // count in the tickets asked for.
  const showcase = tickets >= 100;
  const storyCount = showcase ? tickets - SHOWCASE_FOLLOW_UPS : tickets;
  const times = new CreationTimes(start, now, storyCount, new DemoRandom(seed ^ 0x7157));
  try {
    for (let done = 0; done < storyCount; ) {
      const end = Math.min(storyCount, done + chunkSize);
      load.chunk(() => {
        for (let i = done; i < end; i++) statuses[stories.play(ids.tickets + i, times.at(i)) as Status]++;
      });
      done = end;
      options.onProgress?.(done, tickets);
    }
  } finally {
    load.finish();
  }
  const counts = stories.counts();
  let made = storyCount;
  if (showcase) {
    const admin = ctx.people.userByHandle('admin') ?? ctx.people.listUsers().find((u) => u.role === 'admin');
    for (const change of admin ? demoShowcase(ctx, actorFromUser(admin), seed) : []) {
      if (change.opened) {
        statuses.new++;
        made++;
      } else {
        statuses[change.from as Status]--;
        statuses[change.to as Status]++;
      }
    }
  }
  ctx.store.write(() => ctx.config.remove(DEMO_UNFINISHED));
  return {
    organizations: cast.orgs.length,
    users: cast.people.length,
    tickets: made,
    ...counts,
    outbox: ctx.store.demo.countOutbox(),
    statuses,
  };
}

/** The config key a demo run holds while it fills the database. */
export const DEMO_UNFINISHED = 'demo.unfinished';

/** Refuses a database that holds anything but admins (demo data never mixes with real data). */
export function checkDemoTarget(ctx: AppContext): ReturnType<AppContext['store']['demo']['preconditions']> {
  const existing = ctx.store.demo.preconditions();
  const unfinished = ctx.store.read(() => ctx.config.get(DEMO_UNFINISHED)) as { tickets?: number } | undefined;
  if (unfinished && (existing.tickets > 0 || existing.organizations > 0)) {
    throw new BadInput(
      `${ctx.store.path} holds a demo that was interrupted (${existing.tickets} of ${unfinished.tickets ?? '?'} tickets written), which demo cannot finish: ` +
        `${ctx.store.demo.startOverAdvice()} and run 'ticketty demo' again`,
    );
  }
  if (existing.tickets > 0)
    throw new BadInput(`the database already has ${existing.tickets} tickets; demo fills an empty database only (use another --db)`);
  if (existing.organizations > 0)
    throw new BadInput(
      `the database already has ${existing.organizations} organizations; demo fills an empty database only (use another --db)`,
    );
  const nonAdmin = existing.users.find((u) => u.role !== 'admin');
  if (nonAdmin)
    throw new BadInput(
      `the database already has users (${nonAdmin.handle}, a ${nonAdmin.role}); demo fills an empty database only (use another --db)`,
    );
  return existing;
}

/**
 * Creation times for tickets 0…n−1, ascending with the id: more on weekday working hours than
 * at night or on weekends, and a slowly growing volume, as a real help desk sees.
 */
class CreationTimes {
  private readonly hourStart: number;
  private readonly cumulative: Float64Array;
  private hour = 0;

  constructor(
    start: number,
    private readonly now: number,
    private readonly n: number,
    private readonly rng: DemoRandom,
  ) {
    this.hourStart = Math.floor(start / 3_600_000) * 3_600_000;
    const hours = Math.ceil((now - this.hourStart) / 3_600_000);
    this.cumulative = new Float64Array(hours);
    let total = 0;
    for (let h = 0; h < hours; h++) {
      const date = new Date(this.hourStart + h * 3_600_000);
      const day = date.getUTCDay();
      const hourOfDay = date.getUTCHours();
      const weekend = day === 0 || day === 6;
      const base = weekend ? 0.06 : hourOfDay >= 8 && hourOfDay < 18 ? 1 : hourOfDay >= 6 && hourOfDay < 21 ? 0.25 : 0.04;
      total += base * (0.8 + (0.4 * h) / hours);
      this.cumulative[h] = total;
    }
    for (let h = 0; h < hours; h++) this.cumulative[h] = (this.cumulative[h] as number) / total;
  }

  /** Must be called with ascending `i`. */
  at(i: number): number {
    const q = (i + this.rng.next()) / this.n;
    const c = this.cumulative;
    while (this.hour < c.length - 1 && (c[this.hour] as number) < q) this.hour++;
    const low = this.hour === 0 ? 0 : (c[this.hour - 1] as number);
    const high = c[this.hour] as number;
    const within = high > low ? (q - low) / (high - low) : 0;
    return Math.min(this.now, this.hourStart + this.hour * 3_600_000 + Math.floor(within * 3_600_000));
  }
}
