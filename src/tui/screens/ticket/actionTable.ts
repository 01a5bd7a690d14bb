// Every ticket action of the TUI, derived from the verb catalogue (domain/verbs.ts): its command,
// the workflow action that decides whether it is available, what it asks for, the use case it
// calls and the equivalent CLI command. The ticket view and the queue bind the same table
// (useTicketActions). The `self` bindings (watch yourself) are bound there.
import type { App } from '../../../app/createApp.js';
import type { ActionResult } from '../../../app/tickets/ticketActions.js';
import { VERB_RUNNERS } from '../../../app/tickets/allVerbRunners.js';
import type { VerbInput } from '../../../app/tickets/verbRunners.js';
import type { WriteOptions } from '../../../app/tickets/ticketWrite.js';
import type { Actor } from '../../../domain/permissions.js';
import type { Action } from '../../../domain/workflow.js';
import { cliWords, takesList, VERB_BINDINGS, verbRecord, type TuiAsk, type TuiBinding } from '../../../domain/verbs.js';
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
  | { kind: 'choice'; list: 'priority' | 'type' | 'assignee' | 'macro' | 'channel' }
  | { kind: 'escalation' };

export interface ActionSpec {
  command: CommandId;
  /** The workflow action whose rule decides availability. */
  action: Action;
  input: ActionInput;
  /** Runs the use case with the text or pick (undefined when nothing was asked). */
  run(app: App, actor: Actor, id: number, text: string | undefined, opts: WriteOptions): ActionResult;
  /** The words after `ticketty` of the equivalent CLI command. */
  cli(id: number, text: string | undefined): Array<string | number>;
}

/**
 * What the person typed or picked, as the verb's input: its list, its value, or its text (or the
 * flag the key puts it in), with the flags the key always passes (hold --on requester).
 */
export function verbInput(verb: Action, typed: string | undefined, binding: Pick<TuiBinding, 'flags' | 'textTo'> = {}): VerbInput {
  const flags = binding.flags ? { flags: binding.flags } : {};
  if (binding.textTo) return { flags: { ...binding.flags, [binding.textTo]: typed ?? '' } };
  if (takesList(verb)) return { values: splitWords(typed), ...flags };
  if (verbRecord(verb).argument) return { value: typed ?? '', ...flags };
  return { text: typed, ...flags };
}

function inputOf(verb: Action, ask: Exclude<TuiAsk, { kind: 'self' }>, textTo: string | undefined): ActionInput {
  const text = verbRecord(verb).text;
  const optional = text && !text.required && !verbRecord(verb).argument && !textTo ? { optional: true } : {};
  if (ask.kind === 'composer') return { kind: 'composer', draft: verb as DraftKind, ...optional };
  if (ask.kind !== 'line') return ask;
  return { ...ask, ...optional };
}

export const ACTION_SPECS: readonly ActionSpec[] = VERB_BINDINGS.flatMap((binding): ActionSpec[] => {
  const { verb, command, ask } = binding;
  if (ask.kind === 'self') return [];
  return [
    {
      command,
      action: verb,
      input: inputOf(verb, ask, binding.textTo),
      run: (app, actor, id, typed, opts) => VERB_RUNNERS[verb](app, actor, id, verbInput(verb, typed, binding), opts),
      // A text from $EDITOR is spelled `-` (standard input), as a script would pass it.
      cli: (id, typed) => cliWords(verb, id, ask.kind === 'editor' ? { text: '-', flags: binding.flags } : verbInput(verb, typed, binding)),
    },
  ];
});

export function splitWords(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}
