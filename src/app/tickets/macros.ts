// Macros (SPEC 2.1 `macro NAME`): a saved bundle of a reply and/or note text with placeholders,
// tags, a priority and an optional status action, applied to a ticket as one change (one
// transaction, through the same use cases as the single verbs).
import { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import { isStaff } from '../../domain/permissions.js';
import { BadInput, Forbidden, NotFound } from '../../domain/errors.js';
import { checkAction } from '../../domain/workflow.js';
import { PRIORITIES } from '../../domain/types.js';
import type { TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import * as act from './ticketActions.js';
import { checkVersion, loadVisibleTicket, workflowTicket, type WriteOptions } from './ticketWrite.js';
import { EAGER_RUNNERS, type VerbRunner } from './verbRunners.js';
import { cliName, MACRO_VERBS, verbRecord } from '../../domain/verbs.js';

import { MACRO_ACTIONS, PLACEHOLDERS, type MacroAction } from './macroNames.js';
export { MACRO_ACTIONS, PLACEHOLDERS, type MacroAction };

// Any {{…}} is checked against the list (a {{__proto__}} or {{Ticket.Id}} is refused, not left as text).
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, issue) => {
      for (const [, name] of value.matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name!))
          issue.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}} (known: ${PLACEHOLDERS.join(', ')})` });
      }
    });
const tag = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,49}$/u, 'letters, digits and _ . : / - only');

export const macroSchema = z
  .object({
    reply: text(20_000).optional(),
    note: text(20_000).optional(),
    action: z.enum(MACRO_ACTIONS).optional(),
    /** The resolution, reason or closing reason of the action (placeholders allowed). */
    actionText: text(2_000).optional(),
    tags: z.array(tag).optional(),
    untags: z.array(tag).optional(),
    priority: z.enum(PRIORITIES).optional(),
  })
  .strict()
  .refine(
    (m) => m.reply || m.note || m.action || m.tags?.length || m.untags?.length || m.priority,
    'a macro needs at least one of reply, note, action, tags, untags, priority',
  );
export type MacroDefinition = z.infer<typeof macroSchema>;

export interface MacroView extends MacroDefinition {
  name: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new Forbidden(`only staff may ${what}; you are ${actor.handle} (${actor.role})`);
}

/** One line per problem, as zod reports it: `priority: Invalid option …`. */
export function zodProblem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

export function parseMacro(input: unknown): MacroDefinition {
  const result = macroSchema.safeParse(input);
  if (!result.success) throw new BadInput(`bad macro: ${zodProblem(result.error)}`);
  const m = result.data;
  if (m.action === 'close' && m.actionText && !/^[a-z][a-z0-9_-]{0,39}$/.test(m.actionText)) {
    throw new BadInput(`bad macro: actionText: a closing reason is a short word such as resolved, duplicate`);
  }
  return {
    ...m,
    ...(m.tags ? { tags: m.tags.map((t) => t.toLowerCase()) } : {}),
    ...(m.untags ? { untags: m.untags.map((t) => t.toLowerCase()) } : {}),
  };
}

export function addMacro(ctx: AppContext, actor: Actor, name: string, input: unknown, replace = false): MacroView {
  requireStaff(actor, 'edit macros');
  const key = name.trim().toLowerCase();
  if (!NAME.test(key)) throw new BadInput(`bad macro name '${name}': lowercase letters, digits and . _ - (up to 40)`);
  const definition = parseMacro(input);
  const repo = ctx.macros;
  ctx.store.write(() => {
    if (!replace && repo.byName(key)) throw new BadInput(`the macro '${key}' exists already (pass --replace to change it)`);
    repo.upsert(key, JSON.stringify(definition));
  });
  return { name: key, ...definition };
}

export function listMacros(ctx: AppContext, actor: Actor): MacroView[] {
  requireStaff(actor, 'use macros');
  return ctx.macros.list().map((row) => ({ name: row.name, ...parseMacro(JSON.parse(row.definition)) }));
}

export function getMacro(ctx: AppContext, actor: Actor, name: string): MacroView {
  requireStaff(actor, 'use macros');
  const row = ctx.macros.byName(name.trim().toLowerCase());
  if (!row) throw new NotFound(`unknown macro '${name}': see 'ticketty macro list'`);
  return { name: row.name, ...parseMacro(JSON.parse(row.definition)) };
}

export function removeMacro(ctx: AppContext, actor: Actor, name: string): void {
  requireStaff(actor, 'edit macros');
  const removed = ctx.store.write(() => ctx.macros.remove(name.trim().toLowerCase()));
  if (!removed) throw new NotFound(`unknown macro '${name}': see 'ticketty macro list'`);
}

/** Fills the placeholders of a text for one ticket and the acting agent. */
export function renderMacroText(ctx: AppContext, actor: Actor, ticket: TicketRow, template: string): string {
  const requester = ctx.people.userById(ticket.requesterId);
  const agent = ctx.people.userById(actor.id);
  const org = ticket.orgId !== null ? ctx.people.orgById(ticket.orgId) : undefined;
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    'ticket.id': `#${ticket.id}`,
    'ticket.subject': ticket.subject,
    'ticket.priority': ticket.priority,
    'ticket.status': ticket.status,
    'ticket.level': String(ticket.level),
    'requester.name': requester?.name ?? '',
    'requester.handle': requester?.handle ?? '',
    'requester.email': requester?.email ?? '',
    'organization.name': org?.name ?? '',
    'agent.name': agent?.name ?? actor.handle,
    'agent.handle': actor.handle,
    'agent.email': agent?.email ?? '',
  };
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as (typeof PLACEHOLDERS)[number]] : whole,
  );
}

/**
 * Applies a macro's steps inside the caller's transaction: the macro rule first (staff, not
 * closed), then priority, tags, note, reply and the status action, each through its use case.
 */
export function applyMacroSteps(
  ctx: AppContext,
  actor: Actor,
  id: number,
  macro: MacroView,
  options: WriteOptions,
  edited: MacroTexts = {},
): TicketRow {
  const first = loadVisibleTicket(ctx, actor, id);
  checkVersion(first, options.ifVersion);
  checkAction('macro', workflowTicket(first), actor);
  const opts: WriteOptions = { ...options, ifVersion: undefined };
  const render = (template: string) => renderMacroText(ctx, actor, first, template);
  // A text the person edited (the TUI's composer) is sent as written: no placeholders filled in it.
  const note = edited.note ?? (macro.note ? render(macro.note) : undefined);
  const reply = edited.reply ?? (macro.reply ? render(macro.reply) : undefined);
  let ticket = first;
  const step = (result: act.ActionResult) => (ticket = result.ticket);
  if (macro.priority) step(act.setPriority(ctx, actor, id, macro.priority, opts));
  if (macro.tags?.length) step(act.tagTicket(ctx, actor, id, macro.tags, opts));
  if (macro.untags?.length) step(act.untagTicket(ctx, actor, id, macro.untags, opts));
  if (note) step(act.addNote(ctx, actor, id, note, opts));
  if (reply) step(act.replyToTicket(ctx, actor, id, reply, opts));
  const verb = MACRO_VERBS.find((v) => cliName(v) === macro.action);
  if (verb) {
    const record = verbRecord(verb);
    const fallback = record.text?.required ? (record.macro?.textFromReply && reply ? reply : `macro ${macro.name}`) : undefined;
    step(
      EAGER_RUNNERS[verb as keyof typeof EAGER_RUNNERS](
        ctx,
        actor,
        id,
        { text: macro.actionText ? render(macro.actionText) : fallback },
        opts,
      ),
    );
  }
  return ticket;
}

/** The macro verb's runner: `ticket macro ID NAME`, the TUI's `m`, `bulk --macro`. */
export const runMacroVerb: VerbRunner = (ctx, actor, id, input, opts) => applyMacro(ctx, actor, id, input.value ?? '', opts);

/**
 * `ticket macro ID NAME`: the whole macro commits or nothing does. `edited`: the macro's reply or
 * note as the person rewrote it (the TUI opens them in the composer first), instead of the macro's.
 */
export function applyMacro(
  ctx: AppContext,
  actor: Actor,
  id: number,
  name: string,
  options: WriteOptions = {},
  edited: MacroTexts = {},
): act.ActionResult {
  const macro = getMacro(ctx, actor, name);
  return { ticket: ctx.store.write(() => applyMacroSteps(ctx, actor, id, macro, options, edited)) };
}

/** A macro's texts as a person edits them before they are sent. */
export interface MacroTexts {
  reply?: string | undefined;
  note?: string | undefined;
}

/**
 * The text of a macro to edit before applying it on a ticket: its reply (or, without one, its
 * note) with the placeholders filled for that ticket and the actor; null for a macro without text.
 */
export function macroText(ctx: AppContext, actor: Actor, id: number, name: string): { kind: 'reply' | 'note'; text: string } | null {
  const macro = getMacro(ctx, actor, name);
  const template = macro.reply ?? macro.note;
  if (!template) return null;
  const ticket = ctx.store.read(() => loadVisibleTicket(ctx, actor, id));
  return { kind: macro.reply ? 'reply' : 'note', text: renderMacroText(ctx, actor, ticket, template) };
}
