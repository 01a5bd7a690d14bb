// Every ticket action of SPEC 2.1 as data: its command, the workflow action that decides whether
// it is available, what it asks for, the use case it calls and the equivalent CLI command.
// The ticket view and the queue bind the same table (useTicketActions).
import type { App } from '../../../app/createApp.js';
import * as verbs from '../../../app/tickets/ticketActions.js';
import { applyMacro } from '../../../app/tickets/macros.js';
import type { WriteOptions } from '../../../app/tickets/ticketWrite.js';
import type { Actor } from '../../../domain/permissions.js';
import type { Action } from '../../../domain/workflow.js';
import type { CommandId } from '../../keymap/commands.js';
import type { DraftKind } from '../../../app/tickets/drafts.js';

/**
 * What an action asks before it runs: nothing; a line of text (required or optional); a text in
 * $EDITOR; a pick from a list; or the escalation view.
 */
export type ActionInput =
  | { kind: 'none' }
  | { kind: 'line'; label: string; hint: string; optional?: boolean; initial?: string }
  | { kind: 'editor'; what: string }
  /** The multi-line composer (Composer.tsx), its text kept as a draft of this kind. */
  | { kind: 'composer'; draft: DraftKind; optional?: boolean }
  | { kind: 'choice'; list: 'priority' | 'type' | 'assignee' | 'macro' }
  | { kind: 'escalation'; direction: 'escalate' | 'deescalate' };

export interface ActionSpec {
  command: CommandId;
  /** The workflow action whose rule decides availability. */
  action: Action;
  input: ActionInput;
  /** Runs the use case with the text or pick (undefined when nothing was asked). */
  run(app: App, actor: Actor, id: number, text: string | undefined, opts: WriteOptions): verbs.ActionResult;
  /** The words after `ticketty` of the equivalent CLI command. */
  cli(id: number, text: string | undefined): Array<string | number>;
}

const withText = (flag: string, text: string | undefined) => (text ? [flag, text] : []);

export const ACTION_SPECS: readonly ActionSpec[] = [
  {
    command: 'action.accept',
    action: 'accept',
    input: { kind: 'none' },
    run: (app, actor, id, _t, o) => verbs.acceptTicket(app, actor, id, o),
    cli: (id) => ['ticket', 'accept', id],
  },
  {
    command: 'action.assign',
    action: 'assign',
    input: { kind: 'choice', list: 'assignee' },
    run: (app, actor, id, t, o) => verbs.assignTicket(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'assign', id, t ?? ''],
  },
  {
    command: 'action.reply',
    action: 'reply',
    input: { kind: 'composer', draft: 'reply' },
    run: (app, actor, id, t, o) => verbs.replyToTicket(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'reply', id, '--text', t ?? ''],
  },
  {
    command: 'action.replyEditor',
    action: 'reply',
    input: { kind: 'editor', what: 'public reply (the requester sees it)' },
    run: (app, actor, id, t, o) => verbs.replyToTicket(app, actor, id, t ?? '', o),
    cli: (id) => ['ticket', 'reply', id, '--text', '-'],
  },
  {
    command: 'action.note',
    action: 'note',
    input: { kind: 'composer', draft: 'note' },
    run: (app, actor, id, t, o) => verbs.addNote(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'note', id, '--text', t ?? ''],
  },
  {
    command: 'action.noteEditor',
    action: 'note',
    input: { kind: 'editor', what: 'internal note (staff only)' },
    run: (app, actor, id, t, o) => verbs.addNote(app, actor, id, t ?? '', o),
    cli: (id) => ['ticket', 'note', id, '--text', '-'],
  },
  {
    command: 'action.requestInfo',
    action: 'request_info',
    input: { kind: 'composer', draft: 'request_info', optional: true },
    run: (app, actor, id, t, o) => verbs.requestInfo(app, actor, id, t, o),
    cli: (id, t) => ['ticket', 'request-info', id, ...withText('--text', t)],
  },
  {
    command: 'action.provideInfo',
    action: 'provide_info',
    input: { kind: 'line', label: 'provide info:', hint: 'the information (optional) · enter reopens the ticket · esc cancels', optional: true },
    run: (app, actor, id, t, o) => verbs.provideInfo(app, actor, id, t, o),
    cli: (id, t) => ['ticket', 'provide-info', id, ...withText('--text', t)],
  },
  {
    command: 'action.hold',
    action: 'hold',
    input: { kind: 'line', label: 'hold:', hint: 'what it waits on (optional) · enter puts it on hold · esc cancels', optional: true },
    run: (app, actor, id, t, o) => verbs.holdTicket(app, actor, id, t, o),
    cli: (id, t) => ['ticket', 'hold', id, ...withText('--text', t)],
  },
  {
    command: 'action.resume',
    action: 'resume',
    input: { kind: 'none' },
    run: (app, actor, id, _t, o) => verbs.resumeTicket(app, actor, id, o),
    cli: (id) => ['ticket', 'resume', id],
  },
  {
    command: 'action.escalate',
    action: 'escalate',
    input: { kind: 'escalation', direction: 'escalate' },
    run: (app, actor, id, t, o) => verbs.escalateTicket(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'escalate', id, '--reason', t ?? ''],
  },
  {
    command: 'action.deescalate',
    action: 'deescalate',
    input: { kind: 'escalation', direction: 'deescalate' },
    run: (app, actor, id, t, o) => verbs.deescalateTicket(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'deescalate', id, '--reason', t ?? ''],
  },
  {
    command: 'action.solve',
    action: 'solve',
    input: { kind: 'composer', draft: 'solve' },
    run: (app, actor, id, t, o) => verbs.solveTicket(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'solve', id, '--resolution', t ?? ''],
  },
  {
    command: 'action.reopen',
    action: 'reopen',
    input: { kind: 'line', label: 'reopen:', hint: 'why (optional, a public comment) · enter reopens · esc cancels', optional: true },
    run: (app, actor, id, t, o) => verbs.reopenTicket(app, actor, id, t, o),
    cli: (id, t) => ['ticket', 'reopen', id, ...withText('--text', t)],
  },
  {
    command: 'action.close',
    action: 'close',
    input: { kind: 'line', label: 'close, reason:', hint: 'a closing reason word (resolved, duplicate…) · enter closes for good · esc cancels', initial: 'resolved' },
    run: (app, actor, id, t, o) => verbs.closeTicket(app, actor, id, t, o),
    cli: (id, t) => ['ticket', 'close', id, ...withText('--reason', t)],
  },
  {
    command: 'action.priority',
    action: 'priority',
    input: { kind: 'choice', list: 'priority' },
    run: (app, actor, id, t, o) => verbs.setPriority(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'priority', id, t ?? ''],
  },
  {
    command: 'action.type',
    action: 'type',
    input: { kind: 'choice', list: 'type' },
    run: (app, actor, id, t, o) => verbs.setType(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'type', id, t ?? ''],
  },
  {
    command: 'action.tag',
    action: 'tag',
    input: { kind: 'line', label: 'add tags:', hint: 'tags separated by spaces or commas · enter adds · esc cancels' },
    run: (app, actor, id, t, o) => verbs.tagTicket(app, actor, id, splitWords(t), o),
    cli: (id, t) => ['ticket', 'tag', id, ...splitWords(t)],
  },
  {
    command: 'action.untag',
    action: 'untag',
    input: { kind: 'line', label: 'remove tags:', hint: 'tags separated by spaces or commas · enter removes · esc cancels' },
    run: (app, actor, id, t, o) => verbs.untagTicket(app, actor, id, splitWords(t), o),
    cli: (id, t) => ['ticket', 'untag', id, ...splitWords(t)],
  },
  {
    command: 'action.watchers',
    action: 'watch',
    input: { kind: 'line', label: 'add watchers:', hint: 'handles or e-mails separated by spaces · enter adds · esc cancels' },
    run: (app, actor, id, t, o) => verbs.watchTicket(app, actor, id, splitWords(t), false, o),
    cli: (id, t) => ['ticket', 'watch', id, ...splitWords(t)],
  },
  {
    command: 'action.macro',
    action: 'macro',
    input: { kind: 'choice', list: 'macro' },
    run: (app, actor, id, t, o) => applyMacro(app, actor, id, t ?? '', o),
    cli: (id, t) => ['ticket', 'macro', id, t ?? ''],
  },
];

export function splitWords(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}
