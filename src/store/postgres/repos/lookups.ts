// The port's per-page, per-ticket and per-action lookups on PostgreSQL, each one statement: the
// tables' rows come back as json arrays (json_agg) and are mapped as drizzle's select maps them.
// Asked table by table they were 5, 4 and 8 statements, each a round trip from the worker to the
// server, on every queue page, opened ticket and action (a TUI on its own machine pays each one a
// network hop).
import { getTableColumns, sql, type Table } from 'drizzle-orm';
import { comments, events, organizations, ticketLevels, users } from '../schema/index.js';
import type { CommentRow, EventRow, LevelRow, OrgRow, UserRow } from '../../port/rows.js';
import { namedOrgIds, partyIds, valuesByOwner } from '../../port/lookups.js';
import type { Conversation, NotificationKeys, NotificationLookups, SummaryKeys, SummaryLookups } from '../../port/lookups.js';
import type { PgDb } from './db.js';

/** Rows of `table` as row_to_json gave them (its column names), mapped as drizzle's select would: the same keys in the same order. */
export function rowsFromJson<T extends Table>(table: T, rows: Array<Record<string, unknown>>): Array<T['$inferSelect']> {
  const columns = Object.entries(getTableColumns(table));
  return rows.map((json) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = json[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}

const ids = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::int[]`;

export async function summaryLookups(db: PgDb, rows: SummaryKeys[]): Promise<SummaryLookups> {
  const ticketIds = rows.map((r) => r.id);
  const levels = new Map<number, LevelRow[]>(ticketIds.map((id) => [id, []]));
  if (!rows.length) return { tags: new Map(), watchers: new Map(), levels, users: [], organizations: [] };
  const t = ids(ticketIds);
  const result = await db.execute(sql`
    select
      (select coalesce(json_agg(json_build_array(ticket_id, tag) order by tag collate "C"), '[]')
         from ticket_tags where ticket_id = any(${t})) as tags,
      (select coalesce(json_agg(json_build_array(ticket_id, user_id) order by ticket_id, user_id), '[]')
         from watchers where ticket_id = any(${t})) as watchers,
      (select coalesce(json_agg(l order by l.ticket_id, l.level), '[]')
         from ticket_levels l where l.ticket_id = any(${t})) as levels,
      (select coalesce(json_agg(u order by u.id), '[]') from users u
         where u.id = any(${ids(partyIds(rows))}) or u.id in (select user_id from watchers where ticket_id = any(${t}))) as users,
      (select coalesce(json_agg(o order by o.id), '[]') from organizations o where o.id = any(${ids(namedOrgIds(rows))})) as organizations`);
  const row = result.rows[0] as Record<string, unknown[]>;
  for (const level of rowsFromJson(ticketLevels, row.levels as Array<Record<string, unknown>>)) levels.get(level.ticketId)?.push(level);
  return {
    tags: valuesByOwner(
      row.tags as Array<[number, string]>,
      (p) => p[0],
      (p) => p[1],
    ),
    watchers: valuesByOwner(
      row.watchers as Array<[number, number]>,
      (p) => p[0],
      (p) => p[1],
    ),
    levels,
    users: rowsFromJson(users, row.users as Array<Record<string, unknown>>) as UserRow[],
    organizations: rowsFromJson(organizations, row.organizations as Array<Record<string, unknown>>) as OrgRow[],
  };
}

export async function notificationLookups(db: PgDb, ticket: NotificationKeys): Promise<NotificationLookups> {
  const orgId = ticket.orgId ?? -1;
  const result = await db.execute(sql`
    select
      (select coalesce(json_agg(user_id order by user_id), '[]') from watchers where ticket_id = ${ticket.id}) as watcher_ids,
      (select coalesce(json_agg(u order by u.id), '[]') from users u
         where u.id = ${ticket.requesterId} or u.id = ${ticket.assigneeId ?? -1}) as parties,
      (select coalesce(json_agg(o), '[]') from organizations o where o.id = ${orgId}) as organization,
      (select coalesce(json_agg(l order by l.level), '[]') from ticket_levels l where l.ticket_id = ${ticket.id}) as levels,
      (select coalesce(json_agg(id order by id), '[]') from users where org_id = ${orgId} and role = 'superuser') as superuser_ids,
      (select coalesce(json_agg(id order by id), '[]') from users where role = 'admin' and notify_all) as notify_all_admin_ids,
      (select coalesce(json_agg(user_id order by user_id), '[]') from ticket_mutes where ticket_id = ${ticket.id}) as muted_ids`);
  const row = result.rows[0] as Record<string, unknown[]>;
  const parties = rowsFromJson(users, row.parties as Array<Record<string, unknown>>) as UserRow[];
  return {
    watcherIds: row.watcher_ids as number[],
    requester: parties.find((u) => u.id === ticket.requesterId),
    assignee: ticket.assigneeId !== null ? parties.find((u) => u.id === ticket.assigneeId) : undefined,
    organization:
      ticket.orgId !== null ? (rowsFromJson(organizations, row.organization as Array<Record<string, unknown>>)[0] as OrgRow) : undefined,
    levels: rowsFromJson(ticketLevels, row.levels as Array<Record<string, unknown>>) as LevelRow[],
    orgSuperuserIds: ticket.orgId !== null ? (row.superuser_ids as number[]) : [],
    notifyAllAdminIds: row.notify_all_admin_ids as number[],
    mutedIds: row.muted_ids as number[],
  };
}

/** A ticket's conversation (`ticket show`, the TUI's ticket view): comments, the internal ones' ids, events, attachments. */
export async function conversationOf(db: PgDb, id: number, includeInternal: boolean): Promise<Conversation> {
  const result = await db.execute(sql`
    select
      (select coalesce(json_agg(c order by c.id), '[]') from comments c
         where c.ticket_id = ${id} and (${includeInternal}::boolean or not c.internal)) as comments,
      (select coalesce(json_agg(c.id order by c.id), '[]') from comments c where c.ticket_id = ${id} and c.internal) as internal_ids,
      (select coalesce(json_agg(e order by e.id), '[]') from events e where e.ticket_id = ${id}) as events,
      (select coalesce(json_agg(json_build_array(a.id, a.comment_id, a.filename, a.content_type, a.size) order by a.id), '[]')
         from attachments a join comments c on c.id = a.comment_id
         where c.ticket_id = ${id} and (${includeInternal}::boolean or not c.internal)) as attachments`);
  const row = result.rows[0] as Record<string, unknown[]>;
  return {
    comments: rowsFromJson(comments, row.comments as Array<Record<string, unknown>>) as CommentRow[],
    internalCommentIds: row.internal_ids as number[],
    events: rowsFromJson(events, row.events as Array<Record<string, unknown>>) as EventRow[],
    attachments: (row.attachments as Array<[number, number, string, string, number]>).map(
      ([id, commentId, filename, contentType, size]) => ({
        id,
        commentId,
        filename,
        contentType,
        size,
      }),
    ),
  };
}
