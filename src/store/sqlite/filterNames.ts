// Names in filters resolved to SQL value lists and id subqueries, shared by the predicates
// (filterSql.ts) and the seeks (filterSeeks.ts). Every value is a bound parameter.
import { sql, type SQL } from 'drizzle-orm';
import type { NameRef, PersonRef } from '../../domain/filter/index.js';
import { foldTag } from '../../domain/tags.js';
import { organizations, users } from './schema/index.js';

export function params(values: readonly (string | number)[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/**
 * The ids of the users a list names by handle or e-mail (not `me`, not `none`), as a subquery, or
 * undefined when it names nobody. A requester is named by handle or e-mail; an assignee (staff)
 * by handle, e-mail accepted too.
 */
export function namedUserIds(persons: readonly PersonRef[]): SQL | undefined {
  const names = unique(persons.flatMap((p) => (p.kind === 'user' ? [p.name] : [])));
  if (!names.length) return undefined;
  return sql`select ${users.id} from ${users} where ${users.handle} collate nocase in (${params(names)}) or ${users.email} collate nocase in (${params(names)})`;
}

export function orgIds(condition: SQL): SQL {
  return sql`select ${organizations.id} from ${organizations} where ${condition}`;
}

/** The ids of the organizations a list names (not `none`), or undefined when it names none. */
export function namedOrgIds(refs: readonly NameRef[]): SQL | undefined {
  const names = unique(refs.flatMap((r) => (r.kind === 'name' ? [r.name] : [])));
  return names.length ? orgIds(sql`${organizations.name} collate nocase in (${params(names)})`) : undefined;
}

/**
 * Tags are stored lower-cased (every write, and migration 0005 for older rows), so a tag compares
 * exactly and the indexes serve it: `(ticket_id, tag)` here, `(tag, ticket_id)` for seeks.
 */
export function tagNames(refs: readonly NameRef[]): string[] {
  return unique(refs.flatMap((r) => (r.kind === 'name' ? [foldTag(r.name)] : [])));
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
