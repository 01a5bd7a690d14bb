// The binding records of every ticket action (actionTable.ts) for one ticket, shared by the
// ticket view and the queue (the ticket under the cursor). An unavailable action keeps its key and
// says why; an available one asks what it needs (a line, $EDITOR, a pick, the escalation view),
// runs the use case against the version on screen, and reports a conflict instead of applying.
import { useRef } from 'react';
import { useStdin, useStdout } from 'ink';
import { actionAvailability, assignCandidates, type ActionAvailability } from '../../../app/tickets/ticketActionsView.js';
import { isMuted } from '../../../app/tickets/ticketActions.js';
import { dictionaries } from '../../../app/settings/dictionaries.js';
import { applyMacro, listMacros, macroText } from '../../../app/tickets/macros.js';
import { showTicket, type TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { VERB_RUNNERS } from '../../../app/tickets/allVerbRunners.js';
import { cliWords, VERB_BINDINGS, verbRecord } from '../../../domain/verbs.js';
import { Conflict } from '../../../domain/errors.js';
import { isStaff } from '../../../domain/permissions.js';
import { CHANNELS, PRIORITIES } from '../../../domain/types.js';
import { cliCommand } from '../../cliEquivalent.js';
import { editText, editorTemplate } from '../../editor.js';
import type { Binding } from '../../keymap/KeyRouter.js';
import type { ChoiceItem } from '../../components/ChoiceOverlay.js';
import type { Shell } from '../../shell/ShellContext.js';
import { ACTION_SPECS, type ActionSpec } from './actionTable.js';
import { eventLine } from './ticketLines.js';
import { loadDraft, type Draft, type DraftKind } from '../../../app/tickets/drafts.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The binding, its `disabled` computed when read (its key pressed, the help shown); never spread it. */
function refusedWhen(binding: Omit<Binding, 'disabled'>, why: () => string | null): Binding {
  return Object.defineProperty(binding, 'disabled', { get: why, enumerable: true });
}

export function useTicketActions(shell: Shell, target: TicketSummary | undefined, active: boolean): Binding[] {
  const { app, actor } = shell;
  const { stdin } = useStdin();
  const { stdout } = useStdout();
  // Read when a key or the help asks for it (`disabled` is a getter, below), not at each render:
  // the queue renders this for every cursor move, and the check reads the ticket and runs every
  // verb's rule (about 1 ms a move on the 1M demo, a tenth of a PageDown's frame).
  const checked = useRef<{ on: unknown[]; availability: ActionAvailability | { error: string } | null } | null>(null);
  const on = [app, actor, target?.id, target?.version, shell.generation, active];
  const availabilityNow = (): ActionAvailability | { error: string } | null => {
    if (checked.current?.on.every((value, i) => Object.is(value, on[i]))) return checked.current.availability;
    let availability: ActionAvailability | { error: string } | null = null;
    if (target && active)
      try {
        availability = actionAvailability(app, actor, target.id);
      } catch (error) {
        availability = { error: messageOf(error) };
      }
    checked.current = { on, availability };
    return availability;
  };

  const refusal = (spec: ActionSpec): string | null => {
    if (!target) return 'no ticket here';
    const availability = availabilityNow();
    if (!availability) return null;
    if ('error' in availability) return availability.error;
    // A comment on a closed ticket opens a follow-up (SPEC 2.1): not a refusal.
    if (target.status === 'closed' && spec.action === 'reply') return null;
    if (target.status === 'closed' && spec.action === 'note') return isStaff(actor) ? null : 'only staff may add internal notes';
    return availability.refusals[spec.action] ?? null;
  };

  /** Runs the use case against the version on screen; a conflict shows what changed. */
  const perform = (spec: ActionSpec, ticket: TicketSummary, text: string | undefined) => {
    try {
      const result = spec.run(app, actor, ticket.id, text, { ifVersion: ticket.version, channel: 'tui' });
      shell.refresh();
      const followUp = result.followUpOf !== undefined ? `  # opened follow-up #${result.ticket.id}` : '';
      shell.status.ran(cliCommand(...spec.cli(ticket.id, text)) + followUp);
    } catch (error) {
      if (error instanceof Conflict) showConflict(shell, ticket.id, ticket.version);
      else shell.status.error(error);
    }
  };

  const ask = (spec: ActionSpec, ticket: TicketSummary) => {
    const input = spec.input;
    switch (input.kind) {
      case 'none':
        return perform(spec, ticket, undefined);
      case 'line':
        return shell.overlay.open({
          kind: 'prompt',
          prompt: {
            label: `#${ticket.id} ${input.label}`,
            initial: input.initial ?? '',
            hint: input.hint,
            onSubmit: (text) => perform(spec, ticket, input.optional && !text ? undefined : text),
          },
        });
      case 'editor': {
        const template = editorTemplate('', [
          `Write your ${input.what} for #${ticket.id} above.`,
          `Subject: ${ticket.subject.replace(/[\r\n]+/g, ' ')}`,
          "Lines starting with '#' are ignored, and an empty text aborts.",
        ]);
        try {
          const text = editText({ stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream }, template);
          if (text === null) return shell.status.error(`aborted: the ${input.what.split(' (')[0]} was empty; nothing was sent`);
          return perform(spec, ticket, text);
        } catch (error) {
          return shell.status.error(error);
        }
      }
      case 'choice':
        try {
          const { title, items, initial } = choiceList(shell, input.list, ticket);
          // A macro with a text opens it in the composer first, to edit before it is sent.
          const onPick = (value: string) => (input.list === 'macro' ? pickMacro(spec, ticket, value) : perform(spec, ticket, value));
          return shell.overlay.open({ kind: 'choice', choice: { title: `#${ticket.id} ${title}`, items, initial, onPick } });
        } catch (error) {
          return shell.status.error(error);
        }
      case 'composer':
        return openComposer(spec, input.draft, ticket);
      case 'escalation':
        return shell.navigate.push({ name: 'escalation', id: ticket.id, verb: spec.action, version: ticket.version });
    }
  };

  /** Opens the composer, continuing the writer's draft on this ticket if there is one (in its own kind). */
  const openComposer = (spec: ActionSpec, kind: DraftKind, ticket: TicketSummary) => {
    let draft: Draft | null;
    try {
      draft = loadDraft(app, actor, ticket.id);
    } catch (error) {
      return shell.status.error(error);
    }
    const draftSpec = draft ? ACTION_SPECS.find((s) => s.input.kind === 'composer' && s.input.draft === draft.kind) : undefined;
    const use = draftSpec && draftSpec.input.kind === 'composer' ? draftSpec : spec;
    const input = use.input.kind === 'composer' ? use.input : { draft: kind, optional: false };
    if (draft && draftSpec !== spec)
      shell.status.ran(`# continuing your draft ${draft.kind.replace('_', ' ')} on #${ticket.id} (send or discard it first)`);
    shell.overlay.open({
      kind: 'composer',
      composer: {
        ticketId: ticket.id,
        kind: input.draft,
        optional: input.optional ?? false,
        initialText: draft?.text ?? '',
        baseVersion: draft?.baseVersion ?? ticket.version,
        send: (text, version) => {
          const result = use.run(app, actor, ticket.id, text, { ifVersion: version, channel: 'tui' });
          const followUp = result.followUpOf !== undefined ? `  # opened follow-up #${result.ticket.id}` : '';
          return cliCommand(...use.cli(ticket.id, text)) + followUp;
        },
      },
    });
  };

  /**
   * A macro with a reply (or a note) opens the composer with its text, placeholders filled, so it
   * is read and edited before it goes out; Ctrl-S applies the whole macro with the edited text. A
   * macro without text applies at once. A draft of one's own on the ticket is never overwritten.
   */
  const pickMacro = (spec: ActionSpec, ticket: TicketSummary, name: string) => {
    let text: ReturnType<typeof macroText>;
    try {
      text = macroText(app, actor, ticket.id, name);
      if (text && loadDraft(app, actor, ticket.id))
        return shell.status.error(`you have a draft on #${ticket.id}: send or discard it (r) before applying the macro ${name}`);
    } catch (error) {
      return shell.status.error(error);
    }
    if (!text) return perform(spec, ticket, name);
    const kind = text.kind;
    shell.overlay.open({
      kind: 'composer',
      composer: {
        ticketId: ticket.id,
        kind,
        optional: false,
        initialText: text.text,
        baseVersion: ticket.version,
        purpose: `macro ${name}`,
        send: (edited, version) => {
          applyMacro(app, actor, ticket.id, name, { ifVersion: version, channel: 'tui' }, { [kind]: edited });
          return `${cliCommand('ticket', 'macro', ticket.id, name)}  # with the ${kind} as edited`;
        },
      },
    });
  };

  // The `self` bindings of the catalogue (watch yourself): its verb, or its removal to undo it.
  const watching = !!target && target.watchers.includes(actor.handle);
  const selfBindings = VERB_BINDINGS.filter((b) => b.ask.kind === 'self').map(
    ({ verb, command, flags }): Binding =>
      refusedWhen(
        {
          command,
          run: () => {
            if (!target) return;
            const undo = verbRecord(verb).removal;
            // The mute key toggles: --unmute when muted already.
            const toggled = flags?.mute && isMuted(app, actor, target.id) ? { unmute: true } : flags;
            const ran = watching && undo && !flags ? undo : verb;
            try {
              VERB_RUNNERS[ran](app, actor, target.id, { flags: toggled }, { ifVersion: target.version, channel: 'tui' });
              shell.refresh();
              shell.status.ran(cliCommand(...cliWords(verb, target.id, { flags: toggled }), ...(ran !== verb ? ['--remove'] : [])));
            } catch (error) {
              if (error instanceof Conflict) showConflict(shell, target.id, target.version);
              else shell.status.error(error);
            }
          },
        },
        () => (target ? refusal({ action: verb } as ActionSpec) : 'no ticket here'),
      ),
  );

  return [
    ...ACTION_SPECS.map(
      (spec): Binding =>
        refusedWhen(
          {
            command: spec.command,
            run: () => {
              if (target) ask(spec, target);
            },
          },
          () => refusal(spec),
        ),
    ),
    ...selfBindings,
  ];
}

function choiceList(
  shell: Shell,
  list: 'priority' | 'type' | 'assignee' | 'macro' | 'channel',
  ticket: TicketSummary,
): { title: string; items: ChoiceItem[]; initial?: string } {
  const { app, actor } = shell;
  switch (list) {
    case 'priority': {
      const labels = dictionaries(app).priorityLabels;
      return { title: 'priority', items: PRIORITIES.map((p) => ({ value: p, label: p, detail: labels[p] })), initial: ticket.priority };
    }
    case 'channel':
      return { title: 'channel', items: CHANNELS.map((c) => ({ value: c, label: c })), initial: ticket.channel };
    case 'type':
      return { title: 'type', items: dictionaries(app).types.map((t) => ({ value: t, label: t })), initial: ticket.type };
    case 'assignee':
      return {
        title: `assign (staff handling level ${ticket.level}, least loaded first)`,
        items: assignCandidates(app, actor, ticket.id).map((h) => ({
          value: h.handle,
          label: h.handle,
          detail: `${h.name} · ${h.openLoad} open${h.away ? ' · away' : ''}`,
        })),
        initial: ticket.assignee ?? undefined,
      };
    case 'macro':
      return {
        title: 'macro',
        items: listMacros(app, actor).map((m) => ({
          value: m.name,
          label: m.name,
          detail: [m.action, m.priority, m.reply ? 'reply' : null, m.note ? 'note' : null, ...(m.tags ?? []).map((t) => `+${t}`)]
            .filter(Boolean)
            .join(' '),
        })),
      };
  }
}

/** Another agent changed the ticket first: nothing was applied; show their change and reload. */
/** `kept`: what the person typed and where it is now (a refused escalation's reason). */
export function showConflict(shell: Shell, id: number, version: number, kept?: string): void {
  shell.refresh();
  let lines: string[];
  try {
    const fresh = showTicket(shell.app, shell.actor, id);
    lines = fresh.events.filter((e) => (e.version ?? 0) > version).map((e) => eventLine(e));
    lines.unshift(
      `now: ${fresh.status.toUpperCase()} L${fresh.level} · ${fresh.priority} · assignee ${fresh.assignee ?? '—'} (version ${fresh.version})`,
      'what changed:',
    );
  } catch (error) {
    lines = [messageOf(error)];
  }
  if (kept) lines.push(kept);
  shell.status.error(`conflict: #${id} changed since you looked; your action was not applied`);
  shell.overlay.open({
    kind: 'confirm',
    confirm: {
      title: `#${id} was changed by someone else since version ${version} — your action was NOT applied`,
      tone: 'warning',
      lines,
      question: 'The view now shows their change; redo your action if it still applies. Press esc or enter.',
      onNo: () => undefined,
    },
  });
}
