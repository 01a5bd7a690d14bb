// `ticketty close --where`: the batch close of SPEC 8, on the batch engine and the close use case.
import type { Actor } from '../../domain/permissions.js';
import { checkAction } from '../../domain/workflow.js';
import { BadInput } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { batchFilter, type BatchSpec } from './batch.js';
import { addNote, closeTicket, normalizeTags, tagTicket } from '../tickets/ticketActions.js';
import { workflowTicket } from '../tickets/ticketWrite.js';

export interface BatchCloseInput {
  where: string;
  /** The closing reason (default `resolved`). */
  reason?: string | undefined;
  /** Tags added to every closed ticket, in the same change. */
  tags?: string[] | undefined;
  /** An internal note written on every closed ticket before it closes. */
  text?: string | undefined;
}

export function batchCloseSpec(ctx: AppContext, actor: Actor, input: BatchCloseInput): BatchSpec {
  if (!input.where.trim()) throw new BadInput('name the tickets to close with --where (e.g. --where "status=solved and idle>7d")');
  const reason = input.reason?.trim() || 'resolved';
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(reason))
    throw new BadInput(`bad closing reason '${reason}': use a short word such as resolved, duplicate, no_response`);
  const tags = input.tags?.length ? normalizeTags(input.tags) : [];
  const text = input.text?.trim() || undefined;
  return {
    command: 'close',
    where: batchFilter(ctx, input.where),
    params: { reason, tags, text: text ?? null },
    plannable: true,
    // The cheap check mirrors apply: a note and tags need staff, the close needs the close rule.
    check: (row) => {
      const ticket = workflowTicket(row);
      if (text) checkAction('note', ticket, actor);
      if (tags.length) checkAction('tag', ticket, actor);
      checkAction('close', ticket, actor);
    },
    apply: (id, options, via = ctx) => {
      if (text) addNote(via, actor, id, text, options);
      if (tags.length) tagTicket(via, actor, id, tags, options);
      closeTicket(via, actor, id, reason, options);
    },
  };
}
