// The context a batch run hands to the single-ticket use cases: the same use cases and the same
// rows, but what they read about a chunk's tickets (the rows, tags, watchers, level rows,
// requesters, organizations, superusers, notify-all admins) is loaded for the whole chunk in one query each, and
// their writes go through plain prepared statements, outbox rows many to an INSERT at the chunk's
// end. All of it inside the chunk's transaction, in which only our own changes touch these rows:
// a write updates what is remembered (the ticket row) or forgets it (tags, watchers, level rows).
import { createPreparedBatchQueries } from '../store/repos/batchPrepared.js';
import type { LevelRow, NewOutbox, NewTicket, TicketRow } from '../store/repos/tickets.js';
import type { OrgRow, UserRow } from '../store/repos/people.js';
import type { AppContext } from './context.js';

export interface BatchContext {
  ctx: AppContext;
  /** Starts a chunk over these tickets (read in its transaction): call at the start of every chunk. */
  begin(rows: readonly TicketRow[]): void;
  /** Runs one ticket's change in a savepoint: all of it, or (when it throws) none of it. */
  attempt<T>(ticketId: number, fn: () => T): T;
  /** Ends the chunk, inside its transaction: writes the outbox rows it kept back. */
  end(): void;
}

const levelKey = (ticketId: number, level: number) => `${ticketId}:${level}`;

export function batchContext(ctx: AppContext): BatchContext {
  const fast = createPreparedBatchQueries(ctx.store.db);
  const rows = new Map<number, TicketRow>();
  const tags = new Map<number, string[]>();
  const watcherIds = new Map<number, number[]>();
  const levels = new Map<string, LevelRow | null>();
  const people = new Map<number, UserRow | undefined>();
  const superusers = new Map<number, number[]>();
  const orgs = new Map<number, OrgRow | undefined>();
  let admins: number[] | undefined;
  let outbox: NewOutbox[] = [];
  let inChunk = false;
  let inAttempt = false;
  const known = (id: number) => inChunk && rows.has(id);

  const forget = (ticketId: number) => {
    rows.delete(ticketId);
    tags.delete(ticketId);
    watcherIds.delete(ticketId);
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
      addTag: (id, tag) => (tags.delete(id), base.addTag(id, tag)),
      removeTag: (id, tag) => (tags.delete(id), base.removeTag(id, tag)),
      watchersOf: (ids) => (ids.length === 1 && watcherIds.has(ids[0]!) ? new Map([[ids[0]!, watcherIds.get(ids[0]!)!]]) : base.watchersOf(ids)),
      addWatcher: (id, userId) => (watcherIds.delete(id), base.addWatcher(id, userId)),
      removeWatcher: (id, userId) => (watcherIds.delete(id), base.removeWatcher(id, userId)),
      level: (id, level) => {
        const row = levels.get(levelKey(id, level));
        return row === undefined ? base.level(id, level) : (row ?? undefined);
      },
      upsertLevel: (row) => (levels.delete(levelKey(row.ticketId, row.level)), fast.upsertLevel(row)),
      insertEvent: (row) => fast.insertEvent(row),
      insertOutbox: (more) => void outbox.push(...more),
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

  return {
    ctx: batchCtx,
    begin: (chunk) => {
      for (const map of [rows, tags, watcherIds, levels, people, superusers, orgs]) map.clear();
      admins = undefined;
      outbox = [];
      const ids = chunk.map((r) => r.id);
      for (const row of chunk) rows.set(row.id, row);
      for (const id of ids) {
        tags.set(id, []);
        watcherIds.set(id, []);
      }
      for (const [id, list] of fast.tagsOfMany(ids)) tags.set(id, list);
      for (const [id, list] of fast.watchersOfMany(ids)) watcherIds.set(id, list);
      // A level a ticket has no row for is remembered as missing (null), so it is not asked again.
      for (const row of chunk) levels.set(levelKey(row.id, row.level), null);
      for (const level of fast.levelsOfMany(ids)) levels.set(levelKey(level.ticketId, level.level), level);
      for (const user of ctx.people.usersByIds([...new Set(chunk.map((r) => r.requesterId))])) people.set(user.id, user);
      const orgIds = [...new Set(chunk.map((r) => r.orgId).filter((id) => id !== null))];
      for (const org of fast.orgsOfMany(orgIds)) orgs.set(org.id, org);
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
  };
}

function definedFields(fields: Partial<NewTicket>): Partial<TicketRow> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<TicketRow>;
}
