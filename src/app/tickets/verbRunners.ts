// Each verb of the catalogue (domain/verbs.ts) to its use case, with the input every face gives it:
// the text of its text option, the value or values of its argument. The CLI loads a runner when its
// verb runs (loadVerbRunner: `ticket macro` alone loads the macro module and its validation
// library); the TUI and bulk take them all (allVerbRunners.ts).
import type { Actor } from '../../domain/permissions.js';
import type { Action } from '../../domain/workflow.js';
import type { AppContext } from '../context.js';
import * as act from './ticketActions.js';
import type { WriteOptions } from './ticketWrite.js';

export interface VerbInput {
  /** The text of the verb's text option (--text, --reason, --resolution). */
  text?: string | undefined;
  /** Its one argument (a handle, a priority, a type, a macro name). */
  value?: string | undefined;
  /** Its list argument (tags, watchers). */
  values?: readonly string[] | undefined;
  /** The record's flags, as given (hold --on, watch --mute). */
  flags?: Readonly<Record<string, unknown>> | undefined;
}

export type VerbRunner = (ctx: AppContext, actor: Actor, id: number, input: VerbInput, opts: WriteOptions) => act.ActionResult;

/** The runners whose use case is loaded on demand. */
const LAZY = {
  macro: async (): Promise<VerbRunner> => (await import('./macros.js')).runMacroVerb,
} satisfies Partial<Record<Action, () => Promise<VerbRunner>>>;

export const EAGER_RUNNERS: Record<Exclude<Action, keyof typeof LAZY>, VerbRunner> = {
  accept: (ctx, actor, id, _i, o) => act.acceptTicket(ctx, actor, id, o),
  assign: (ctx, actor, id, i, o) => act.assignTicket(ctx, actor, id, i.value ?? '', o),
  reply: (ctx, actor, id, i, o) => act.replyToTicket(ctx, actor, id, i.text ?? '', o),
  note: (ctx, actor, id, i, o) => act.addNote(ctx, actor, id, i.text ?? '', o),
  request_info: (ctx, actor, id, i, o) => act.requestInfo(ctx, actor, id, i.text, o),
  provide_info: (ctx, actor, id, i, o) => act.provideInfo(ctx, actor, id, i.text, o),
  hold: (ctx, actor, id, i, o) => act.holdTicket(ctx, actor, id, i.text, o, i.flags?.on as string | undefined),
  resume: (ctx, actor, id, _i, o) => act.resumeTicket(ctx, actor, id, o),
  escalate: (ctx, actor, id, i, o) => act.escalateTicket(ctx, actor, id, i.text ?? '', o),
  deescalate: (ctx, actor, id, i, o) => act.deescalateTicket(ctx, actor, id, i.text ?? '', o),
  solve: (ctx, actor, id, i, o) => act.solveTicket(ctx, actor, id, i.text ?? '', o),
  reopen: (ctx, actor, id, i, o) => act.reopenTicket(ctx, actor, id, i.text, o),
  close: (ctx, actor, id, i, o) => act.closeTicket(ctx, actor, id, i.text, o),
  priority: (ctx, actor, id, i, o) => act.setPriority(ctx, actor, id, i.value ?? '', o),
  type: (ctx, actor, id, i, o) => act.setType(ctx, actor, id, i.value ?? '', o),
  tag: (ctx, actor, id, i, o) => act.tagTicket(ctx, actor, id, [...(i.values ?? [])], o),
  untag: (ctx, actor, id, i, o) => act.untagTicket(ctx, actor, id, [...(i.values ?? [])], o),
  watch: (ctx, actor, id, i, o) =>
    i.flags?.mute || i.flags?.unmute
      ? act.muteTicket(ctx, actor, id, i.flags.mute === true)
      : act.watchTicket(ctx, actor, id, [...(i.values ?? [])], false, o),
  unwatch: (ctx, actor, id, i, o) => act.watchTicket(ctx, actor, id, [...(i.values ?? [])], true, o),
  estimate: (ctx, actor, id, i, o) => act.estimateTicket(ctx, actor, id, i.text ?? '', flagText(i, 'hours'), o),
  approve: (ctx, actor, id, i, o) => act.approveEstimate(ctx, actor, id, i.text, o),
  decline: (ctx, actor, id, i, o) => act.declineEstimate(ctx, actor, id, i.text, o),
  channel: (ctx, actor, id, i, o) => act.setChannel(ctx, actor, id, i.value ?? '', o),
  edit: (ctx, actor, id, i, o) =>
    act.editTicket(ctx, actor, id, { subject: flagText(i, 'subject'), description: flagText(i, 'description') ?? i.text }, o),
};

/** A flag's value as text (yargs gives numbers for numeric-looking strings). */
function flagText(input: VerbInput, name: string): string | undefined {
  const value = input.flags?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

export async function loadVerbRunner(verb: Action): Promise<VerbRunner> {
  return verb in LAZY ? LAZY[verb as keyof typeof LAZY]() : EAGER_RUNNERS[verb as keyof typeof EAGER_RUNNERS];
}
