// The context a batch run hands to the single-ticket use cases: the same use cases and the same
// rows, but what they read about a chunk's tickets (the rows, tags, watchers, level rows,
// requesters, organizations, superusers, notify-all admins) is loaded for the whole chunk in one query each, and
// their writes go through plain prepared statements, outbox rows many to an INSERT at the chunk's
// end. All of it inside the chunk's transaction, in which only our own changes touch these rows:
// a write updates what is remembered (the ticket row) or forgets it (tags, watchers, level rows).
//
// It can also plan a ticket's change without writing (`plan`): the use case runs from a read
// snapshot outside the write lock, its writes are recorded, and `replay` writes them later in a
// write transaction, once the caller has checked the ticket's version is still the planned one.
import type { EventRow, LevelRow, NewOutbox, NewTicket, TicketRow, TicketsRepo } from '../../store/port/index.js';
import type { OrgRow, UserRow } from '../../store/port/index.js';
import { definedFields, notificationLookupsFrom, plainValues } from '../../store/port/index.js';
import type { AppContext } from '../context.js';

type NewEvent = Parameters<TicketsRepo['insertEvent']>[0];
type NewLevel = Parameters<TicketsRepo['upsertLevel']>[0];

/** A write recorded by `plan`, replayed as it is (event ids are placeholders until then). */
export type PlannedWrite =
  | { kind: 'update'; id: number; version: number; fields: Partial<NewTicket> }
  | { kind: 'tag'; id: number; tag: string; add: boolean }
  | { kind: 'level'; row: NewLevel }
  | { kind: 'event'; row: NewEvent; ref: number }
  | { kind: 'outbox'; rows: NewOutbox[] };

/** Thrown by `plan` when a change needs what planning does not model: do that ticket in the lock. */
export class NeedsLock extends Error {}

export interface BatchContext {
  ctx: AppContext;
  /** Starts a chunk over these tickets (read in its transaction): call at the start of every chunk. */
  begin(rows: readonly TicketRow[]): void;
  /** Runs one ticket's change in a savepoint: all of it, or (when it throws) none of it. */
  attempt<T>(ticketId: number, fn: () => T): T;
  /** Ends the chunk, inside its transaction: writes the outbox rows it kept back. */
  end(): void;
  /** Runs `fn` (planning a chunk) with every write refused by SQLite, so none can slip through. */
  planning<T>(fn: () => T): T;
  /**
   * Runs one ticket's change from the chunk's snapshot (after `begin`, inside `planning`, in a read
   * transaction) and returns its writes instead of making them; throws the refusal, or NeedsLock.
   */
  plan(ticketId: number, fn: () => void): PlannedWrite[];
  /** Writes planned changes, in order, inside the caller's write transaction. */
  replay(writes: readonly PlannedWrite[]): void;
}

const levelKey = (ticketId: number, level: number) => `${ticketId}:${level}`;

export function batchContext(ctx: AppContext): BatchContext {
  const fast = ctx.store.batchWrites();
  const rows = new Map<number, TicketRow>();
  const tags = new Map<number, string[]>();
  const watcherIds = new Map<number, number[]>();
  const mutedIds = new Map<number, number[]>();
  const levels = new Map<string, LevelRow | null>();
  const people = new Map<number, UserRow | undefined>();
  const superusers = new Map<number, number[]>();
  const orgs = new Map<number, OrgRow | undefined>();
  let admins: number[] | undefined;
  let outbox: NewOutbox[] = [];
  let inChunk = false;
  let inAttempt = false;
  /** While planning: the writes recorded so far (and writes to SQLite fail: query_only). */
  let recorded: PlannedWrite[] | undefined;
  let nextRef = -1;
  const known = (id: number) => inChunk && rows.has(id);

  const forget = (ticketId: number) => {
    rows.delete(ticketId);
    tags.delete(ticketId);
    watcherIds.delete(ticketId);
    mutedIds.delete(ticketId);
    for (const key of [...levels.keys()]) if (key.startsWith(`${ticketId}:`)) levels.delete(key);
  };
  const base = ctx.tickets;
  const batchCtx: AppContext = {
    ...ctx,
    // Inside a ticket's savepoint, the use cases' own transactions are plain calls: nothing in them
    // catches an error to go on, so a refusal anywhere undoes the whole ticket either way.
    store: { ...ctx.store, write: (fn) => (inAttempt ? fn() : ctx.store.write(fn)), read: (fn) => (inAttempt ? fn() : ctx.store.read(fn)) },
    tickets: {
      ...base,
      ticketById: (id) => (known(id) ? rows.get(id) : base.ticketById(id)),
      updateTicket: (id, version, fields) => {
        if (recorded) {
          const row = rows.get(id);
          if (!row || row.version !== version || !plainValues(fields)) throw new NeedsLock();
          // Only the columns that change: an index none of whose columns is set is not touched
          // (the SLA columns a close rewrites with the same values moved `tickets_sla_due`).
          recorded.push({ kind: 'update', id, version, fields: changedFields(row, fields) });
          rows.set(id, { ...row, ...definedFields(fields), version: version + 1 });
          return true;
        }
        const done = fast.updateTicket(id, version, fields);
        if (done === undefined) {
          rows.delete(id);
          return base.updateTicket(id, version, fields);
        }
        const row = rows.get(id);
        // What a re-read would return: the columns set, the next version (undefined means "leave").
        if (done && row) rows.set(id, { ...row, ...definedFields(fields), version: version + 1 });
        else rows.delete(id);
        return done;
      },
      tagsOf: (ids) => (ids.length === 1 && tags.has(ids[0]!) ? new Map([[ids[0]!, tags.get(ids[0]!)!]]) : base.tagsOf(ids)),
      addTag: (id, tag) => (recorded ? recordTag(id, tag, true) : (tags.delete(id), base.addTag(id, tag))),
      removeTag: (id, tag) => (recorded ? recordTag(id, tag, false) : (tags.delete(id), base.removeTag(id, tag))),
      insertComment: (row) => {
        if (recorded) throw new NeedsLock();
        return base.insertComment(row);
      },
      watchersOf: (ids) =>
        ids.length === 1 && watcherIds.has(ids[0]!) ? new Map([[ids[0]!, watcherIds.get(ids[0]!)!]]) : base.watchersOf(ids),
      mutedOf: (id) => (known(id) && mutedIds.has(id) ? mutedIds.get(id)! : base.mutedOf(id)),
      setMuted: (id, userId, muted) => (mutedIds.delete(id), base.setMuted(id, userId, muted)),
      addWatcher: (id, userId) => (watcherIds.delete(id), base.addWatcher(id, userId)),
      removeWatcher: (id, userId) => (watcherIds.delete(id), base.removeWatcher(id, userId)),
      level: (id, level) => {
        const row = levels.get(levelKey(id, level));
        return row === undefined ? base.level(id, level) : (row ?? undefined);
      },
      // A chunk's ticket has all its level rows here (levelsOfTickets at begin, then the planned ones).
      levelsOf: (id) =>
        known(id)
          ? [...levels.entries()]
              .filter(([key, row]) => row && key.startsWith(`${id}:`))
              .map(([, row]) => row!)
              .sort((a, b) => a.level - b.level)
          : base.levelsOf(id),
      // From the methods above and below, so a notification reads what the chunk planned.
      notificationLookups: (ticket) => notificationLookupsFrom(ticket, batchCtx.tickets, batchCtx.people),
      upsertLevel: (row) => (recorded ? recordLevel(row) : (levels.delete(levelKey(row.ticketId, row.level)), fast.upsertLevel(row))),
      insertEvent: (row) => {
        if (!recorded) return fast.insertEvent(row);
        const ref = nextRef--;
        recorded.push({ kind: 'event', row, ref });
        return plannedEvent(row, ref);
      },
      insertOutbox: (more) => void (recorded ? recorded.push({ kind: 'outbox', rows: more }) : outbox.push(...more)),
    },
    people: {
      ...ctx.people,
      userById: (id) => {
        if (!people.has(id)) people.set(id, ctx.people.userById(id));
        return people.get(id);
      },
      orgById: (id) => {
        if (!orgs.has(id)) orgs.set(id, ctx.people.orgById(id));
        return orgs.get(id);
      },
      notifyAllAdminIds: () => (admins ??= ctx.people.notifyAllAdminIds()),
      superuserIdsOfOrg: (orgId) => {
        let ids = superusers.get(orgId);
        if (!ids) superusers.set(orgId, (ids = fast.superuserIdsOfOrg(orgId)));
        return ids;
      },
    },
  };

  /** Tags as tagsOf lists them (SQLite's byte order; the same as JavaScript's for ASCII). */
  function recordTag(id: number, tag: string, add: boolean): void {
    const list = tags.get(id);
    if (!list || !known(id) || !/^[\x20-\x7e]*$/.test(tag)) throw new NeedsLock();
    const next = add ? [...new Set([...list, tag])].sort() : list.filter((t) => t !== tag);
    tags.set(id, next);
    recorded!.push({ kind: 'tag', id, tag, add });
  }
  /** The upsert as SQLite does it: set the given columns on the row, or insert it with the others null. */
  function recordLevel(row: NewLevel): void {
    const key = levelKey(row.ticketId, row.level);
    const current = levels.get(key);
    if (current === undefined) throw new NeedsLock();
    // Setting a level row's columns to the values it has writes nothing: leave it out.
    if (current && Object.entries(row).every(([k, v]) => v === undefined || current[k as keyof LevelRow] === v)) return;
    const base: LevelRow = current ?? {
      ticketId: row.ticketId,
      level: row.level,
      enteredAt: row.enteredAt,
      pickupDueAt: null,
      pickedUpAt: null,
      pickedUpBy: null,
      pickupMinutes: null,
      lastAssigneeId: null,
    };
    levels.set(key, { ...base, ...(definedFields(row) as Partial<LevelRow>) });
    recorded!.push({ kind: 'level', row });
  }

  return {
    ctx: batchCtx,
    begin: (chunk) => {
      for (const map of [rows, tags, watcherIds, mutedIds, levels, people, superusers, orgs]) map.clear();
      outbox = [];
      const found = base.chunkLookups(chunk);
      for (const row of chunk) {
        rows.set(row.id, row);
        tags.set(row.id, found.tags.get(row.id) ?? []);
        watcherIds.set(row.id, found.watchers.get(row.id) ?? []);
        mutedIds.set(row.id, found.mutedIds.get(row.id) ?? []);
        // A level a ticket has no row for is remembered as missing (null), so it is not asked again.
        levels.set(levelKey(row.id, row.level), null);
        if (row.assigneeId !== null) people.set(row.assigneeId, undefined);
        if (row.orgId !== null) {
          orgs.set(row.orgId, undefined);
          superusers.set(row.orgId, found.superuserIds.get(row.orgId) ?? []);
        }
      }
      for (const list of found.levels.values()) for (const level of list) levels.set(levelKey(level.ticketId, level.level), level);
      for (const user of found.users) people.set(user.id, user);
      for (const org of found.organizations) orgs.set(org.id, org);
      admins = found.notifyAllAdminIds;
      inChunk = true;
    },
    attempt: (ticketId, fn) => {
      const mark = outbox.length;
      try {
        return ctx.store.write(() => {
          inAttempt = true;
          try {
            return fn();
          } finally {
            inAttempt = false;
          }
        });
      } catch (error) {
        // The savepoint is rolled back: so are the outbox rows kept back and what we remembered.
        outbox.length = mark;
        forget(ticketId);
        throw error;
      }
    },
    end: () => {
      fast.insertOutbox(outbox);
      outbox = [];
      inChunk = false;
    },
    planning: (fn) => fast.withoutWrites(fn),
    plan: (ticketId, fn) => {
      const writes: PlannedWrite[] = [];
      recorded = writes;
      inAttempt = true;
      try {
        fn();
        return writes;
      } catch (error) {
        forget(ticketId);
        // A write planning does not record reached the database, which refused it: not a refusal.
        if (fast.isWriteRefused(error)) throw new NeedsLock();
        throw error;
      } finally {
        recorded = undefined;
        inAttempt = false;
      }
    },
    replay: (writes) => {
      const events: NewEvent[] = [];
      const refs: number[] = [];
      const mail: NewOutbox[] = [];
      // The ticket rows first, all in one call: the other writes are to other tables.
      const updates = writes.filter((w) => w.kind === 'update');
      fast.updateTickets(updates).forEach((done, i) => {
        if (done !== true) throw new Error(`ticket #${updates[i]!.id} moved under its planned change`);
      });
      for (const write of writes) {
        if (write.kind === 'update') continue;
        if (write.kind === 'tag') {
          if (write.add) base.addTag(write.id, write.tag);
          else base.removeTag(write.id, write.tag);
        } else if (write.kind === 'level') fast.upsertLevel(write.row);
        else if (write.kind === 'event') {
          events.push(write.row);
          refs.push(write.ref);
        } else mail.push(...write.rows);
      }
      const ids = new Map<number, number>();
      fast.insertEvents(events).forEach((id, i) => ids.set(refs[i]!, id));
      fast.insertOutbox(mail.map((row) => ({ ...row, eventId: ids.get(row.eventId) ?? row.eventId })));
    },
  };
}

/** The row insertEvent would return, with the placeholder id: one literal (spreads cost 4 µs here). */
function plannedEvent(row: NewEvent, id: number): EventRow {
  return {
    id,
    ticketId: row.ticketId,
    actorId: row.actorId ?? null,
    at: row.at,
    action: row.action,
    before: row.before ?? null,
    after: row.after ?? null,
    text: row.text ?? null,
    commentId: row.commentId ?? null,
    batchId: row.batchId ?? null,
    version: row.version,
  };
}

/** The fields whose value differs from the row's (undefined means "leave", as in an update). */
function changedFields(row: TicketRow, fields: Partial<NewTicket>): Partial<NewTicket> {
  const changed: Record<string, unknown> = {};
  for (const k in fields) {
    const v = fields[k as keyof NewTicket];
    if (v !== undefined && row[k as keyof TicketRow] !== v) changed[k] = v;
  }
  return changed as Partial<NewTicket>;
}
