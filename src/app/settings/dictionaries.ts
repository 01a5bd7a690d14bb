// Admin-edited dictionaries (SPEC 1, admin): ticket types, priority and status labels.
import { BadInput, Forbidden } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import {
  DEFAULT_PRIORITY_LABELS,
  DEFAULT_STATUS_LABELS,
  DEFAULT_TYPES,
  PRIORITIES,
  STATUSES,
  TYPE_DEFAULT_PRIORITY,
  isPriority,
  type Priority,
  type Status,
} from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { parseFilter, type FilterNode } from '../../domain/filter/index.js';
import type { LevelKey, StatusLabelDictionary } from '../../domain/statusLabels.js';

export interface Dictionaries extends StatusLabelDictionary {
  types: string[];
  /** Each type's default priority (P3 unless set), applied at creation and on a type change. */
  typePriorities: Record<string, Priority>;
  priorityLabels: Record<Priority, string>;
  statusLabels: Record<Status, string>;
}

export function dictionaries(ctx: AppContext): Dictionaries {
  const types = (ctx.config.get('types') as string[] | undefined) ?? [...DEFAULT_TYPES];
  const set = { ...TYPE_DEFAULT_PRIORITY, ...(ctx.config.get('typePriorities') as Record<string, Priority> | undefined) };
  return {
    types,
    typePriorities: Object.fromEntries(types.map((t) => [t, set[t] ?? 'P3'])),
    priorityLabels: { ...DEFAULT_PRIORITY_LABELS, ...(ctx.config.get('priorityLabels') as Partial<Record<Priority, string>> | undefined) },
    statusLabels: { ...DEFAULT_STATUS_LABELS, ...(ctx.config.get('statusLabels') as Partial<Record<Status, string>> | undefined) },
    statusLevelLabels: (ctx.config.get('statusLevelLabels') as Dictionaries['statusLevelLabels'] | undefined) ?? {},
  };
}

/** A filter text read with the status labels in force (`status="WAITING L1"`). */
export function parseTicketFilter(ctx: AppContext, text: string): FilterNode | null {
  return parseFilter(text, { statusLabels: dictionaries(ctx) });
}

export function validTicketType(ctx: AppContext, type: string): string {
  const value = type.trim().toLowerCase();
  const types = dictionaries(ctx).types;
  if (!types.includes(value)) throw new BadInput(`unknown type '${type}': use one of ${types.join(', ')}`);
  return value;
}

export function requireAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin') throw new Forbidden(`only an admin may ${what}; you are ${actor.handle} (${actor.role})`);
}

/** Sets one label of a dictionary (`status open "EN COURS"`, `priority P2 High`) or the type list. */
export function setDictionary(
  ctx: AppContext,
  actor: Actor,
  kind: 'types' | 'status' | 'priority',
  key: string,
  label?: string,
  level?: number,
): Dictionaries {
  requireAdmin(actor, 'edit dictionaries');
  ctx.store.write(() => {
    if (kind === 'types') {
      const types = key
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      if (!types.length || types.some((t) => !/^[a-z][a-z0-9_]{0,39}$/.test(t)))
        throw new BadInput(`bad type list '${key}': lowercase words separated by commas`);
      ctx.config.set('types', [...new Set(types)]);
      return;
    }
    const text = label?.trim();
    if (!text || text.length > 40 || /[\p{Cc}]/u.test(text)) throw new BadInput('a label is 1 to 40 printable characters');
    if (kind === 'status') {
      const status = validStatus(key);
      if (level !== undefined) {
        const current = dictionaries(ctx).statusLevelLabels;
        ctx.config.set('statusLevelLabels', { ...current, [status]: { ...current[status], [levelKey(level)]: text } });
      } else ctx.config.set('statusLabels', { ...dictionaries(ctx).statusLabels, [status]: text });
    } else {
      const p = key.toUpperCase();
      if (!(PRIORITIES as readonly string[]).includes(p)) throw new BadInput(`unknown priority '${key}': P1 to P5`);
      ctx.config.set('priorityLabels', { ...dictionaries(ctx).priorityLabels, [p]: text });
    }
  });
  return dictionaries(ctx);
}

function validStatus(key: string): Status {
  const status = key.trim().toLowerCase();
  if (!(STATUSES as readonly string[]).includes(status)) throw new BadInput(`unknown status '${key}': ${STATUSES.join(', ')}`);
  return status as Status;
}

function levelKey(level: number): LevelKey {
  if (level !== 1 && level !== 2 && level !== 3) throw new BadInput(`bad level '${level}': 1, 2 or 3`);
  return String(level) as LevelKey;
}

/** `dictionary retire status STATUS --level N`: drops a per-level label; the status label shows again (admin). */
export function retireStatusLevelLabel(ctx: AppContext, actor: Actor, key: string, level: number): Dictionaries {
  requireAdmin(actor, 'edit dictionaries');
  const status = validStatus(key);
  const lk = levelKey(level);
  ctx.store.write(() => {
    const current = dictionaries(ctx).statusLevelLabels;
    const { [lk]: _dropped, ...rest } = current[status] ?? {};
    ctx.config.set('statusLevelLabels', { ...current, [status]: rest });
  });
  return dictionaries(ctx);
}

/** The default priority of a type (SPEC 2: improvement → P4). */
export function typeDefaultPriority(ctx: AppContext, type: string): Priority {
  return dictionaries(ctx).typePriorities[type] ?? 'P3';
}

/** `dictionary add type NAME [--priority P]`: a new request type (admin). */
export function addTicketType(ctx: AppContext, actor: Actor, name: string, priority?: string): Dictionaries {
  requireAdmin(actor, 'edit dictionaries');
  const type = name.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(type)) throw new BadInput(`bad type '${name}': a lowercase word (letters, digits, _)`);
  const current = dictionaries(ctx);
  if (current.types.includes(type))
    throw new BadInput(`type '${type}' exists already; change its default with 'ticketty dictionary set type ${type} P2'`);
  ctx.store.write(() => {
    ctx.config.set('types', [...current.types, type]);
    if (priority !== undefined) setTypePriorityIn(ctx, type, priority);
  });
  return dictionaries(ctx);
}

/** `dictionary set type NAME P4`: a type's default priority (admin). */
export function setTypePriority(ctx: AppContext, actor: Actor, name: string, priority: string): Dictionaries {
  requireAdmin(actor, 'edit dictionaries');
  const type = validTicketType(ctx, name);
  ctx.store.write(() => setTypePriorityIn(ctx, type, priority));
  return dictionaries(ctx);
}

function setTypePriorityIn(ctx: AppContext, type: string, priority: string): void {
  const p = priority.toUpperCase();
  if (!isPriority(p)) throw new BadInput(`bad priority '${priority}': P1 to P5`);
  ctx.config.set('typePriorities', { ...(ctx.config.get('typePriorities') as Record<string, Priority> | undefined), [type]: p });
}

/** `dictionary retire type NAME`: no new ticket takes it; tickets that have it keep it (admin). */
export function retireTicketType(ctx: AppContext, actor: Actor, name: string): Dictionaries {
  requireAdmin(actor, 'edit dictionaries');
  const type = validTicketType(ctx, name);
  const current = dictionaries(ctx);
  if (current.types.length === 1) throw new BadInput('the last request type cannot be retired');
  ctx.store.write(() =>
    ctx.config.set(
      'types',
      current.types.filter((t) => t !== type),
    ),
  );
  return dictionaries(ctx);
}
