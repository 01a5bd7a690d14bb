// `ticketty bulk --where` and the TUI's batch actions: several changes to every matching ticket,
// applied per ticket in the catalogue's bulk order (domain/verbs.ts: fields, assignee, comments,
// macro, status) through the single-ticket use cases, on the batch engine.
import type { Actor } from '../../domain/permissions.js';
import { BadInput, NotFound } from '../../domain/errors.js';
import { checkAction, requireText } from '../../domain/workflow.js';
import { isPriority } from '../../domain/types.js';
import { BULK_VERBS, cliName, verbRecord, type BulkChanges, type BulkVerb } from '../../domain/verbs.js';
import type { AppContext } from '../context.js';
import { batchFilter, type BatchSpec } from './batch.js';
import { normalizeTags } from '../tickets/ticketActions.js';
import { getMacro } from '../tickets/macros.js';
import { VERB_RUNNERS } from '../tickets/allVerbRunners.js';
import type { VerbInput } from '../tickets/verbRunners.js';
import { workflowTicket } from '../tickets/ticketWrite.js';

/** The filter and one value per bulk option given (a list for tags, else a text or a value). */
export type BulkInput = { where: string } & BulkChanges;

type Validate = (ctx: AppContext, actor: Actor, value: string & string[]) => string | string[];

/** Each bulk verb's check of its value, once for the whole request, so a typo is one error rather than a refusal per ticket. */
const VALIDATE: Record<BulkVerb, Validate> = {
  priority: (_ctx, _actor, value: string) => {
    const priority = value.trim().toUpperCase();
    if (!isPriority(priority)) throw new BadInput(`bad priority '${value}': use P1 (Blocker) to P5 (Trivial)`);
    return priority;
  },
  assign: (ctx, _actor, value: string) => {
    const handle = value.trim();
    if (!ctx.people.userByHandle(handle)) throw new NotFound(`unknown user '${handle}'`);
    return handle;
  },
  tag: (_ctx, _actor, values: string[]) => normalizeTags(values),
  untag: (_ctx, _actor, values: string[]) => normalizeTags(values),
  note: (_ctx, _actor, value: string) => requireText(value, 'the note text (--note)'),
  reply: (_ctx, _actor, value: string) => requireText(value, 'the reply text (--reply)'),
  macro: (ctx, actor, value: string) => getMacro(ctx, actor, value).name,
  escalate: (_ctx, _actor, value: string) => requireText(value, 'a reason (--escalate REASON)'),
  solve: (_ctx, _actor, value: string) => requireText(value, 'a resolution (--solve RESOLUTION)'),
};

/** A bulk value as the verb's input: its list, its argument, or its text. */
function inputOf(verb: BulkVerb, value: string | string[]): VerbInput {
  if (Array.isArray(value)) return { values: value };
  return verbRecord(verb).argument ? { value } : { text: value };
}

/** Validates the whole request once, so a typo is one error rather than a refusal per ticket. */
export function bulkSpec(ctx: AppContext, actor: Actor, input: BulkInput): BatchSpec {
  const where = batchFilter(ctx, input.where);
  if (!where) throw new BadInput('name the tickets with --where (e.g. --where "tag=outage and status!=solved")');
  const changes: Array<[BulkVerb, string | string[]]> = [];
  for (const verb of BULK_VERBS) {
    const given = input[verb];
    if (given === undefined || (Array.isArray(given) && given.length === 0)) continue;
    changes.push([verb, VALIDATE[verb](ctx, actor, given as string & string[])]);
  }
  const named = new Set(changes.map(([verb]) => verb as string));
  for (const [verb] of changes) {
    for (const other of verbRecord(verb).bulk?.excludes ?? []) {
      if (named.has(other.verb))
        throw new BadInput(`--${cliName(verb)} and --${cliName(other.verb)} exclude each other${other.why ? ` (${other.why})` : ''}`);
    }
  }
  if (!changes.length) throw new BadInput(`name at least one change: ${BULK_VERBS.map((v) => `--${cliName(v)}`).join(' ')}`);
  // Changes that leave the status alone can be checked cheaply; the others depend on each other
  // (a reply opens a new ticket, which may then be solved), so the preview tries them for real.
  const statusFree = changes.every(([verb]) => verbRecord(verb).bulk?.statusFree === true);
  return {
    command: 'bulk',
    where,
    params: Object.fromEntries(changes),
    ...(statusFree ? { check: (row) => changes.forEach(([verb]) => checkAction(verb, workflowTicket(row), actor)) } : {}),
    apply: (id, options, via = ctx) => {
      for (const [verb, value] of changes) VERB_RUNNERS[verb](via, actor, id, inputOf(verb, value), options);
    },
  };
}
