// The export format, shared by export and import. JSON: one document, one record per line:
//   {"format":"ticketty-export","version":1,
//   "organizations":[
//   {...},
//   ...],
//   "users":[ ... ],
//   "tickets":[ ... ]}
// People are carried by handle and organizations by name (never by database id), so an export
// imports into any database; ticket ids are kept, so #123 and followUpOf stay true.
import { z } from 'zod';
import { isMailAddress } from '../../domain/mailAddress.js';
import { CHANNELS, PRIORITIES, ROLES, STATUSES, WAITING_ON } from '../../domain/types.js';
import { ACTIONS } from '../../domain/workflow.js';

export const EXPORT_FORMAT = 'ticketty-export';
export const EXPORT_VERSION = 1;

export { isoOrNull as iso } from '../../domain/clock.js';

const isoTime = z
  .string()
  .refine((s) => /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 UTC time');
const handle = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i, 'a user handle');
/** The app's own rule (RFC 5322 with UTF-8, RFC 6532), not zod's ASCII-only one: what the app stored, its import takes back. */
export const mailAddress = z.string().refine(isMailAddress, 'an e-mail address');
const tag = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,49}$/u, 'a tag');

export const orgRecord = z
  .object({
    name: z.string().min(1).max(100),
    slaPlan: z.string().min(1),
    calendar: z.string().min(1),
    domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, 'a mail domain')),
  })
  .strict();
export type OrgRecord = z.infer<typeof orgRecord>;

export const userRecord = z
  .object({
    handle,
    name: z.string().min(1),
    email: mailAddress.nullable(),
    role: z.enum(ROLES),
    tier: z.number().int().min(1).max(3).nullable(),
    organization: z.string().nullable(),
    away: z.boolean(),
    notifyAll: z.boolean(),
  })
  .strict();
export type UserRecord = z.infer<typeof userRecord>;

const change = z.record(z.string(), z.unknown()).nullable();

/** Every action an event may record: the workflow's verbs and what the system and imports write. */
export const EVENT_ACTIONS = [...ACTIONS, 'create', 'import', 'remind', 'auto_close'] as const;

export const ticketRecord = z
  .object({
    id: z.number().int().positive(),
    subject: z.string().min(1).max(250),
    description: z.string().min(1),
    requester: handle,
    organization: z.string().nullable(),
    type: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a ticket type'),
    priority: z.enum(PRIORITIES),
    status: z.enum(STATUSES),
    level: z.number().int().min(1).max(3),
    assignee: handle.nullable(),
    channel: z.enum(CHANNELS),
    waitingOn: z.enum(WAITING_ON).nullable(),
    resolution: z.string().nullable(),
    closingReason: z.string().nullable(),
    followUpOf: z.number().int().positive().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    statusSince: isoTime,
    solvedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    version: z.number().int().positive(),
    sla: z
      .object({
        pickupDueAt: isoTime.nullable(),
        firstPickupAt: isoTime.nullable(),
        pickupMinutes: z.number().int().nullable(),
        pickupBreached: z.boolean().nullable(),
        resolutionStartAt: isoTime.nullable(),
        resolutionDueAt: isoTime.nullable(),
        resolutionPausedMinutes: z.number().int(),
        pausedSince: isoTime.nullable(),
        resolutionMinutes: z.number().int().nullable(),
        resolutionBreached: z.boolean().nullable(),
        slaDueAt: isoTime,
      })
      .strict(),
    tags: z.array(tag),
    watchers: z.array(handle),
    levels: z.array(
      z
        .object({
          level: z.number().int().min(1).max(3),
          enteredAt: isoTime,
          pickupDueAt: isoTime.nullable(),
          pickedUpAt: isoTime.nullable(),
          pickedUpBy: handle.nullable(),
          pickupMinutes: z.number().int().nullable(),
          lastAssignee: handle.nullable(),
        })
        .strict(),
    ),
    comments: z.array(
      z
        .object({
          author: handle,
          internal: z.boolean(),
          channel: z.enum(CHANNELS),
          createdAt: isoTime,
          body: z.string(),
          messageId: z.string().nullable(),
          attachments: z.array(z.object({ filename: z.string().min(1), contentType: z.string().min(1), data: z.base64() }).strict()),
        })
        .strict(),
    ),
    events: z.array(
      z
        .object({
          at: isoTime,
          actor: handle.nullable(),
          // Only actions the write path records: an unknown one would replay as nothing (audit verify).
          action: z
            .string()
            .refine((a) => (EVENT_ACTIONS as readonly string[]).includes(a), { message: 'an event action ticketty records' }),
          before: change,
          after: change,
          text: z.string().nullable(),
          /** Index into this ticket's comments. */
          comment: z.number().int().min(0).nullable(),
          batchId: z.string().nullable(),
          version: z.number().int().positive(),
        })
        .strict(),
    ),
  })
  .strict()
  // As the write path leaves them: a closed ticket has its closedAt, a solved one its solvedAt.
  .refine((t) => t.status !== 'closed' || t.closedAt !== null, { message: 'a closed ticket needs closedAt', path: ['closedAt'] });
export type TicketRecord = z.infer<typeof ticketRecord>;

/** The CSV export: one row per ticket, people by handle, tags and watchers space-separated. */
export const CSV_COLUMNS = [
  'id',
  'subject',
  'description',
  'requester',
  'requesterEmail',
  'requesterName',
  'organization',
  'type',
  'priority',
  'status',
  'level',
  'assignee',
  'tags',
  'watchers',
  'channel',
  'waitingOn',
  'resolution',
  'closingReason',
  'followUpOf',
  'createdAt',
  'updatedAt',
  'solvedAt',
  'closedAt',
  'version',
] as const;

/** Event changes name people by handle in the export and by id in the database. */
export function mapAssignee(
  change: Record<string, unknown> | null,
  from: 'assigneeId' | 'assignee',
  to: 'assigneeId' | 'assignee',
  map: (v: unknown) => unknown,
) {
  if (!change || !(from in change)) return change;
  // Rebuilt key by key so the order (and so the exported text) survives a round trip.
  return Object.fromEntries(Object.entries(change).map(([k, v]) => (k === from ? [to, map(v)] : [k, v])));
}
