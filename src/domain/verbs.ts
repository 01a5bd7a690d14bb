// The catalogue of ticket verbs: one record per action of the workflow table (workflow.ts), from
// which every list of verbs is derived — the CLI's `ticket VERB` commands, `bulk` options, the
// TUI's action keys and help, the batch menu, macro steps and which events notify. A verb is
// written by hand once, as its workflow id (`request_info`, the spelling stored on events); the
// CLI spelling (`request-info`) and the TUI command id (`action.requestInfo`) are derived here.
// Adding a verb: a rule in WORKFLOW, a record in VERBS, a use case in app/tickets/verbRunners.ts.
import { ACTIONS, cliName, type Action } from './workflow.js';

/** The option a verb reads its text from (`-` reads standard input). */
export type TextOption = 'text' | 'reason' | 'resolution';

/** What the TUI asks before it runs the verb. */
export type TuiAsk =
  | { kind: 'none' }
  /** A line of text: the verb's text, or its argument when it has one (tags, watchers). */
  | { kind: 'line'; label: string; hint: string; initial?: string }
  | { kind: 'editor'; what: string }
  /** The multi-line composer, its text kept as a draft of the verb's kind (reply, note, request_info, solve). */
  | { kind: 'composer' }
  | { kind: 'choice'; list: 'priority' | 'type' | 'assignee' | 'macro' | 'channel' }
  | { kind: 'escalation' }
  /** Acts on the actor themself, no question (watch: toggles watching). */
  | { kind: 'self' };

export interface TuiBinding {
  /** Appended to the verb's command id: `action.reply` + `Editor`. */
  suffix?: string;
  key: string;
  help: string;
  ask: TuiAsk;
  /** Flags of the verb this key always passes (hold --on requester, watch --mute). */
  flags?: Readonly<Record<string, string | boolean>>;
  /** The flag that takes what was typed instead of the verb's text (edit --subject). */
  textTo?: string;
}

export type BatchAsk = { kind: 'line'; label: string; hint: string; initial?: string } | { kind: 'choice'; list: 'priority' | 'macro' };

export interface VerbRecord {
  /** `ticketty ticket VERB`: help line and one example (after `ticketty `). None: no verb of its own. */
  cli?: { describe: string; example: string };
  /** A positional argument after the ticket id. */
  argument?: { name: string; list?: boolean; optional?: boolean };
  /** `--remove` runs this verb instead (watch → unwatch). */
  removal?: Action;
  /** Flags of the CLI verb beyond its text (hold --on requester, watch --mute): name, help, choices. */
  flags?: readonly { name: string; describe: string; choices?: readonly string[]; boolean?: boolean }[];
  /** The text the verb takes, from which option; `describe` is the option's help. */
  text?: { option: TextOption; required: boolean; describe?: string };
  /** Its event queues notifications (SPEC 3). */
  notifies: boolean;
  /**
   * A macro may end with this status action. Its text is the macro's action text; when that is
   * missing, a required one is the macro's reply (`textFromReply`) or `macro NAME`.
   */
  macro?: { textFromReply?: boolean };
  /**
   * A `bulk` option (named as the CLI verb), applied per ticket in ascending `stage`. `statusFree`:
   * it never changes the status, so the workflow rule alone says whether it applies (the preview
   * checks it instead of trying it). `excludes`: bulk verbs it cannot be combined with, and why.
   */
  bulk?: { stage: number; describe: string; statusFree?: boolean; excludes?: readonly { verb: Action; why?: string }[] };
  /** An entry of the TUI's batch menu (`b` on selected tickets), listed by bulk stage. */
  batchMenu?: { label: string; ask: BatchAsk };
  /** Default keys of the TUI, with their help line and what each asks. */
  tui: readonly TuiBinding[];
}

const REASON = 'why (required); - reads standard input';
const optionalText = { option: 'text', required: false } as const;

export const VERBS = {
  accept: {
    cli: { describe: 'take a new ticket: OPEN, assigned to you', example: 'ticket accept 42' },
    notifies: true,
    tui: [{ key: 'a', help: 'accept (take it, open it)', ask: { kind: 'none' } }],
  },
  assign: {
    cli: { describe: 'assign to someone who handles the level', example: 'ticket assign #42 bob' },
    argument: { name: 'handle' },
    notifies: true,
    bulk: { stage: 4, describe: 'assign to this handle', excludes: [{ verb: 'escalate', why: 'escalating clears the assignee' }] },
    batchMenu: { label: 'assign to…', ask: { kind: 'line', label: 'assign to:', hint: 'a handle (who handles each ticket’s level)' } },
    tui: [{ key: 'A', help: 'assign to someone handling the level', ask: { kind: 'choice', list: 'assignee' } }],
  },
  reply: {
    cli: { describe: 'public reply (on a closed ticket: opens a follow-up)', example: 'ticket reply 42 --text "Fixed in 2.3"' },
    text: { option: 'text', required: true },
    notifies: true,
    bulk: { stage: 6, describe: 'public reply text; - reads standard input' },
    batchMenu: {
      label: 'public reply',
      ask: { kind: 'line', label: 'reply:', hint: 'a public reply on every ticket (requesters see it)' },
    },
    tui: [
      { key: 'r', help: 'public reply (the composer)', ask: { kind: 'composer' } },
      {
        suffix: 'Editor',
        key: 'R',
        help: 'public reply in $EDITOR',
        ask: { kind: 'editor', what: 'public reply (the requester sees it)' },
      },
    ],
  },
  note: {
    cli: { describe: 'internal note, never shown to requesters', example: 'ticket note 42 -t "customer on old firmware"' },
    text: { option: 'text', required: true },
    notifies: true,
    bulk: { stage: 5, describe: 'internal note text; - reads standard input', statusFree: true },
    batchMenu: { label: 'internal note', ask: { kind: 'line', label: 'note:', hint: 'an internal note on every ticket' } },
    tui: [
      { key: 'n', help: 'internal note (the composer)', ask: { kind: 'composer' } },
      { suffix: 'Editor', key: 'N', help: 'internal note in $EDITOR', ask: { kind: 'editor', what: 'internal note (staff only)' } },
    ],
  },
  request_info: {
    cli: {
      describe: 'ask for information: PENDING, waiting on the party of the level',
      example: 'ticket request-info 42 -t "Which version?"',
    },
    text: optionalText,
    notifies: true,
    macro: {},
    tui: [{ key: 'i', help: 'request information (pending)', ask: { kind: 'composer' } }],
  },
  provide_info: {
    cli: { describe: 'answer a pending question: OPEN', example: 'ticket provide-info 42 -t "Version 2.2"' },
    text: optionalText,
    notifies: true,
    tui: [
      {
        key: 'I',
        help: 'provide the information asked for',
        ask: { kind: 'line', label: 'provide info:', hint: 'the information (optional) · enter reopens the ticket · esc cancels' },
      },
    ],
  },
  hold: {
    cli: {
      describe: 'ON HOLD: waiting on an internal team or a third party (--on requester: on the customer)',
      example: 'ticket hold 42 -t "waiting on the vendor"',
    },
    flags: [{ name: 'on', describe: 'wait on the customer instead of a third party', choices: ['requester'] }],
    text: optionalText,
    notifies: true,
    macro: {},
    tui: [
      {
        key: 'o',
        help: 'put on hold',
        ask: { kind: 'line', label: 'hold:', hint: 'what it waits on (optional) · enter puts it on hold · esc cancels' },
      },
      // `action.holdOnRequester`
      {
        suffix: 'OnRequester',
        key: 'H',
        help: 'put on hold on the customer (gathering material; their reply resumes it)',
        ask: { kind: 'line', label: 'hold on the customer:', hint: 'what they gather (optional) · enter puts it on hold · esc cancels' },
        flags: { on: 'requester' },
      },
    ],
  },
  resume: {
    cli: { describe: 'back from hold: OPEN', example: 'ticket resume 42' },
    notifies: true,
    macro: {},
    tui: [{ key: 'O', help: 'resume from hold', ask: { kind: 'none' } }],
  },
  escalate: {
    cli: { describe: 'to the next level, NEW there; --reason required', example: 'ticket escalate 42 --reason "needs a code fix"' },
    text: { option: 'reason', required: true, describe: REASON },
    notifies: true,
    macro: {},
    bulk: { stage: 8, describe: 'escalate with this reason', excludes: [{ verb: 'solve' }] },
    batchMenu: { label: 'escalate', ask: { kind: 'line', label: 'escalate, reason:', hint: 'the reason (required)' } },
    tui: [{ key: 'e', help: 'escalate to the next level (with a reason)', ask: { kind: 'escalation' } }],
  },
  deescalate: {
    cli: {
      describe: 'back to the previous level and its last assignee; --reason required',
      example: 'ticket deescalate 42 --reason "config issue"',
    },
    text: { option: 'reason', required: true, describe: REASON },
    notifies: true,
    tui: [{ key: 'd', help: 'de-escalate to the previous level (with a reason)', ask: { kind: 'escalation' } }],
  },
  solve: {
    cli: { describe: 'SOLVED with a resolution', example: 'ticket solve 42 --resolution "reset the token"' },
    text: { option: 'resolution', required: true, describe: 'what solved it (required); - reads standard input' },
    notifies: true,
    macro: { textFromReply: true },
    bulk: { stage: 9, describe: 'solve with this resolution' },
    batchMenu: { label: 'solve', ask: { kind: 'line', label: 'resolution:', hint: 'the resolution (required)' } },
    tui: [{ key: 'S', help: 'solve (with a resolution)', ask: { kind: 'composer' } }],
  },
  reopen: {
    cli: { describe: 'a solved ticket back to OPEN', example: 'ticket reopen 42 -t "still broken"' },
    text: optionalText,
    notifies: true,
    tui: [
      {
        key: 'u',
        help: 'reopen a solved ticket',
        ask: { kind: 'line', label: 'reopen:', hint: 'why (optional, a public comment) · enter reopens · esc cancels' },
      },
    ],
  },
  close: {
    cli: { describe: 'CLOSED (reason defaults to resolved); closed tickets are immutable', example: 'ticket close 42 --reason duplicate' },
    text: { option: 'reason', required: false, describe: REASON },
    notifies: true,
    macro: {},
    // The batch close (`ticketty close --where`) has its own command; the menu runs it.
    batchMenu: { label: 'close', ask: { kind: 'line', label: 'close, reason:', hint: 'a closing reason word', initial: 'resolved' } },
    tui: [
      {
        key: 'c',
        help: 'close (with a reason)',
        ask: {
          kind: 'line',
          label: 'close, reason:',
          hint: 'a closing reason word (resolved, duplicate…) · enter closes for good · esc cancels',
          initial: 'resolved',
        },
      },
    ],
  },
  priority: {
    cli: { describe: 'set the priority (P1 Blocker … P5 Trivial)', example: 'ticket priority 42 P2' },
    argument: { name: 'value' },
    notifies: true,
    bulk: { stage: 1, describe: 'set the priority (P1 … P5)', statusFree: true },
    batchMenu: { label: 'set the priority', ask: { kind: 'choice', list: 'priority' } },
    tui: [{ key: 'p', help: 'change the priority', ask: { kind: 'choice', list: 'priority' } }],
  },
  type: {
    cli: { describe: 'set the type (question, fault, improvement, …)', example: 'ticket type 42 fault' },
    argument: { name: 'value' },
    notifies: true,
    tui: [{ key: 't', help: 'change the type', ask: { kind: 'choice', list: 'type' } }],
  },
  tag: {
    cli: { describe: 'add tags', example: 'ticket tag 42 vpn urgent' },
    argument: { name: 'tags', list: true },
    notifies: false,
    bulk: { stage: 2, describe: 'add tags', statusFree: true },
    batchMenu: { label: 'add tags', ask: { kind: 'line', label: 'add tags:', hint: 'tags separated by spaces or commas' } },
    tui: [
      {
        key: '+',
        help: 'add tags',
        ask: { kind: 'line', label: 'add tags:', hint: 'tags separated by spaces or commas · enter adds · esc cancels' },
      },
    ],
  },
  untag: {
    cli: { describe: 'remove tags', example: 'ticket untag 42 urgent' },
    argument: { name: 'tags', list: true },
    notifies: false,
    bulk: { stage: 3, describe: 'remove tags', statusFree: true },
    batchMenu: { label: 'remove tags', ask: { kind: 'line', label: 'remove tags:', hint: 'tags separated by spaces or commas' } },
    tui: [
      {
        key: '-',
        help: 'remove tags',
        ask: { kind: 'line', label: 'remove tags:', hint: 'tags separated by spaces or commas · enter removes · esc cancels' },
      },
    ],
  },
  watch: {
    cli: {
      describe:
        'add watchers (CC) by handle or e-mail; yourself by default; --remove to drop; --mute/--unmute your own notifications of this ticket',
      example: 'ticket watch 42 carol dave@example.com',
    },
    argument: { name: 'users', list: true, optional: true },
    flags: [
      { name: 'mute', describe: 'stop your notifications about this ticket', boolean: true },
      { name: 'unmute', describe: 'your notifications about this ticket back on', boolean: true },
    ],
    removal: 'unwatch',
    notifies: false,
    tui: [
      { key: 'w', help: 'watch or stop watching (yourself)', ask: { kind: 'self' } },
      // `action.watchers`
      {
        suffix: 'ers',
        key: 'W',
        help: 'add watchers by handle or e-mail',
        ask: { kind: 'line', label: 'add watchers:', hint: 'handles or e-mails separated by spaces · enter adds · esc cancels' },
      },
      // `action.watchMute`: toggles --mute / --unmute of one's own notifications of the ticket.
      { suffix: 'Mute', key: 'M', help: 'mute or unmute your notifications of this ticket', ask: { kind: 'self' }, flags: { mute: true } },
    ],
  },
  // `ticket watch --remove`: no verb, key or menu entry of its own.
  unwatch: { notifies: false, tui: [] },
  macro: {
    cli: { describe: 'apply a saved macro as one change (see ticketty macro)', example: 'ticket macro 42 fixed' },
    argument: { name: 'name' },
    notifies: false,
    bulk: { stage: 7, describe: 'apply this macro' },
    batchMenu: { label: 'apply a macro', ask: { kind: 'choice', list: 'macro' } },
    tui: [{ key: 'm', help: 'apply a macro', ask: { kind: 'choice', list: 'macro' } }],
  },
  estimate: {
    cli: {
      describe: 'an estimate for custom development: PENDING on the customer’s approval (--hours N)',
      example: 'ticket estimate 42 --text "Export screen: 3 days" --hours 24',
    },
    flags: [{ name: 'hours', describe: 'the estimated effort in hours' }],
    text: { option: 'text', required: true, describe: 'the estimate (required); - reads standard input' },
    notifies: true,
    tui: [
      {
        key: 'E',
        help: 'record an estimate for the customer to approve',
        ask: { kind: 'line', label: 'estimate:', hint: 'the estimate the customer approves (required) · enter sends · esc cancels' },
      },
    ],
  },
  approve: {
    cli: { describe: 'approve the estimate: OPEN, work starts', example: 'ticket approve 42 -t "go ahead"' },
    text: optionalText,
    notifies: true,
    tui: [
      {
        key: 'Y',
        help: 'approve the estimate (work starts)',
        ask: { kind: 'line', label: 'approve:', hint: 'a comment (optional) · enter approves · esc cancels' },
      },
    ],
  },
  decline: {
    cli: { describe: 'decline the estimate: SOLVED with the reason', example: 'ticket decline 42 --reason "over budget"' },
    text: { option: 'reason', required: false, describe: 'why (optional); - reads standard input' },
    notifies: true,
    tui: [
      {
        key: 'X',
        help: 'decline the estimate (solved, no work)',
        ask: { kind: 'line', label: 'decline, reason:', hint: 'why (optional) · enter declines · esc cancels' },
      },
    ],
  },
  channel: {
    cli: { describe: 'change the channel (a forum post moved into support)', example: 'ticket channel 42 email' },
    argument: { name: 'channel' },
    notifies: false,
    tui: [{ key: 'F', help: 'change the channel (a forum post into support)', ask: { kind: 'choice', list: 'channel' } }],
  },
  edit: {
    cli: {
      describe: 'change the subject or the description (a requester, of their own ticket); the old text stays in the history',
      example: 'ticket edit 42 --subject "VPN drops every hour"',
    },
    flags: [
      { name: 'subject', describe: 'the new subject' },
      { name: 'description', describe: 'the new description (or --text; - reads standard input)' },
    ],
    text: { option: 'text', required: false, describe: 'the new description; - reads standard input' },
    notifies: false,
    tui: [
      {
        key: 'T',
        help: 'edit the subject (title)',
        ask: { kind: 'line', label: 'subject:', hint: 'the new subject · enter saves · esc cancels' },
        textTo: 'subject',
      },
      // `action.editDescription`
      { suffix: 'Description', key: 'D', help: 'edit the description in $EDITOR', ask: { kind: 'editor', what: 'new description' } },
    ],
  },
} as const satisfies Record<Action, VerbRecord>;

export type Verbs = typeof VERBS;

export { cliName };

type Camel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type BindingId<V extends Action, B> = B extends { suffix: infer S extends string } ? `action.${Camel<V>}${S}` : `action.${Camel<V>}`;
/** Every TUI command id the catalogue defines (`action.requestInfo`, `action.replyEditor`…). */
export type VerbCommandId = { [V in Action]: BindingId<V, Verbs[V]['tui'][number]> }[Action];

/** The TUI command id of a verb's binding: `request_info` → `action.requestInfo`. */
export function commandIdOf(verb: Action, binding: Pick<TuiBinding, 'suffix'> = {}): VerbCommandId {
  const camel = verb.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return `action.${camel}${binding.suffix ?? ''}` as VerbCommandId;
}

export function verbRecord(verb: Action): VerbRecord {
  return VERBS[verb];
}

/** Every TUI binding of the catalogue, in workflow order, with its command id. */
export const VERB_BINDINGS: ReadonlyArray<TuiBinding & { verb: Action; command: VerbCommandId }> = ACTIONS.flatMap((verb) =>
  verbRecord(verb).tui.map((b) => ({ ...b, verb, command: commandIdOf(verb, b) })),
);

/** Verbs that have a `ticket VERB` command, in workflow order. */
export const CLI_VERBS: readonly Action[] = ACTIONS.filter((v) => verbRecord(v).cli !== undefined);

/** Verbs a macro may end with, by their CLI spelling (as macros store them). */
export const MACRO_VERBS: readonly Action[] = ACTIONS.filter((v) => verbRecord(v).macro !== undefined);

type BulkVerbOf<V extends Action> = Verbs[V] extends { bulk: object } ? V : never;
/** Verbs that are `bulk` options. */
export type BulkVerb = { [V in Action]: BulkVerbOf<V> }[Action];
/** What a bulk option carries: a list for list arguments (tags), else one text or value. */
export type BulkValue<V extends BulkVerb> = Verbs[V] extends { argument: { list: true } } ? string[] : string;
export type BulkChanges = { [V in BulkVerb]?: BulkValue<V> | undefined };

/** Bulk verbs in the order a bulk change applies them (fields, assignee, comments, macro, status). */
export const BULK_VERBS: readonly BulkVerb[] = (ACTIONS.filter((v) => verbRecord(v).bulk !== undefined) as BulkVerb[]).sort(
  (a, b) => verbRecord(a).bulk!.stage - verbRecord(b).bulk!.stage,
);

/** Verbs of the TUI's batch menu, bulk ones in bulk order, then the others (close). */
export const BATCH_MENU_VERBS: readonly Action[] = [
  ...BULK_VERBS.filter((v) => verbRecord(v).batchMenu !== undefined),
  ...ACTIONS.filter((v) => verbRecord(v).batchMenu !== undefined && verbRecord(v).bulk === undefined),
];

/** Whether the verb's argument is a list (tags, watchers). */
export function takesList(verb: Action): boolean {
  const argument = verbRecord(verb).argument;
  return argument !== undefined && argument.list === true;
}

/**
 * The words after `ticketty` of the CLI command that runs a verb with this input (the TUI shows
 * it after each action): `ticket request-info 42 --text 'Which version?'`. A required text is
 * always spelled; an optional one only when given; `-` stands for a text given on standard input.
 */
export function cliWords(
  verb: Action,
  id: number,
  input: {
    text?: string | undefined;
    value?: string | undefined;
    values?: readonly string[] | undefined;
    flags?: Readonly<Record<string, unknown>> | undefined;
  } = {},
): Array<string | number> {
  const record = verbRecord(verb);
  const words: Array<string | number> = ['ticket', cliName(verb), id];
  if (record.argument) words.push(...(record.argument.list ? (input.values ?? []) : [input.value ?? '']));
  const text = record.text;
  for (const [name, value] of Object.entries(input.flags ?? {})) {
    if (value === true) words.push(`--${name}`);
    else if (typeof value === 'string') words.push(`--${name}`, value);
  }
  if (text && (text.required || input.text)) words.push(`--${text.option}`, input.text ?? '');
  return words;
}
