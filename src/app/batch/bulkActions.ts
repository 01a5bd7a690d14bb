// `ticketty bulk --where` and the TUI's batch actions: several changes to every matching ticket,
// applied per ticket in the order below through the single-ticket use cases, on the batch engine.
import type { Actor } from '../../domain/permissions.js';
import { BadInput, NotFound } from '../../domain/errors.js';
import { checkAction, requireText, type Action } from '../../domain/workflow.js';
import { isPriority } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { batchFilter, type BatchSpec } from './batch.js';
import * as act from '../tickets/ticketActions.js';
import { applyMacroSteps, getMacro } from '../tickets/macros.js';
import { workflowTicket } from '../tickets/ticketWrite.js';

export interface BulkInput {
  where: string;
  priority?: string | undefined;
  /** Handle of the new assignee (who must handle each ticket's level). */
  assign?: string | undefined;
  tags?: string[] | undefined;
  untags?: string[] | undefined;
  note?: string | undefined;
  reply?: string | undefined;
  macro?: string | undefined;
  /** The escalation reason. */
  escalate?: string | undefined;
  /** The resolution. */
  solve?: string | undefined;
}

/** Validates the whole request once, so a typo is one error rather than a refusal per ticket. */
export function bulkSpec(ctx: AppContext, actor: Actor, input: BulkInput): BatchSpec {
  const where = batchFilter(input.where);
  if (!where) throw new BadInput('name the tickets with --where (e.g. --where "tag=outage and status!=solved")');
  const priority = input.priority?.trim().toUpperCase();
  if (priority !== undefined && !isPriority(priority)) throw new BadInput(`bad priority '${input.priority}': use P1 (Blocker) to P5 (Trivial)`);
  const assign = input.assign?.trim();
  if (assign !== undefined && !ctx.people.userByHandle(assign)) throw new NotFound(`unknown user '${assign}'`);
  const tags = input.tags?.length ? act.normalizeTags(input.tags) : undefined;
  const untags = input.untags?.length ? act.normalizeTags(input.untags) : undefined;
  const note = input.note !== undefined ? requireText(input.note, 'the note text (--note)') : undefined;
  const reply = input.reply !== undefined ? requireText(input.reply, 'the reply text (--reply)') : undefined;
  const escalate = input.escalate !== undefined ? requireText(input.escalate, 'a reason (--escalate REASON)') : undefined;
  const solve = input.solve !== undefined ? requireText(input.solve, 'a resolution (--solve RESOLUTION)') : undefined;
  const macro = input.macro !== undefined ? getMacro(ctx, actor, input.macro) : undefined;
  if (escalate !== undefined && solve !== undefined) throw new BadInput('--escalate and --solve exclude each other');
  if (assign !== undefined && escalate !== undefined) throw new BadInput('--assign and --escalate exclude each other (escalating clears the assignee)');
  const params = { priority, assign, tags, untags, note, reply, macro: macro?.name, escalate, solve };
  if (Object.values(params).every((v) => v === undefined)) {
    throw new BadInput('name at least one change: --priority --assign --tag --untag --note --reply --macro --escalate --solve');
  }
  // Changes that leave the status alone can be checked cheaply; the others depend on each other
  // (a reply opens a new ticket, which may then be solved), so the preview tries them for real.
  const fieldOnly: Action[] = [];
  if (priority) fieldOnly.push('priority');
  if (tags) fieldOnly.push('tag');
  if (untags) fieldOnly.push('untag');
  if (note) fieldOnly.push('note');
  const statusFree = assign === undefined && reply === undefined && macro === undefined && escalate === undefined && solve === undefined;
  return {
    command: 'bulk',
    where,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
    ...(statusFree ? { check: (row) => fieldOnly.forEach((action) => checkAction(action, workflowTicket(row), actor)) } : {}),
    apply: (id, options, via = ctx) => {
      if (priority) act.setPriority(via, actor, id, priority, options);
      if (tags) act.tagTicket(via, actor, id, tags, options);
      if (untags) act.untagTicket(via, actor, id, untags, options);
      if (assign) act.assignTicket(via, actor, id, assign, options);
      if (note) act.addNote(via, actor, id, note, options);
      if (reply) act.replyToTicket(via, actor, id, reply, options);
      if (macro) applyMacroSteps(via, actor, id, macro, options);
      if (escalate) act.escalateTicket(via, actor, id, escalate, options);
      if (solve) act.solveTicket(via, actor, id, solve, options);
    },
  };
}
