// The multi-line composer (SPEC 9) for replies, notes, questions and resolutions: a header that says
// public or internal and who will receive it, the text (typed, pasted as text, or continued in
// $EDITOR), saved as a draft while it is typed, and sent with Ctrl-S on the version the writer has
// seen. A change by someone else keeps the text, shows their events above it, and the next Ctrl-S
// sends on the new version; a busy database shows that it waits and keeps every character.
import React, { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useStdin, useStdout, type Key } from 'ink';
import {
  changesBySomeoneElse,
  composerContext,
  discardDraft,
  saveDraft,
  type ComposerContext,
  type DraftKind,
} from '../../../app/tickets/drafts.js';
import type { EventView } from '../../../app/tickets/ticketQueries.js';
import { Busy, Conflict, OutcomeUnknown } from '../../../domain/errors.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { codePointWidth } from '../../../domain/textWidth.js';
import { editText, editorTemplate } from '../../editor.js';
import { PRIORITY, useKeyLayer, useTypeAhead } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';
import * as tb from '../../composer/textBuffer.js';
import { editByKey } from '../../composer/editKeys.js';
import { eventLine, wrapText } from './ticketLines.js';

export interface ComposerSpec {
  ticketId: number;
  kind: DraftKind;
  /** The text to start from (a restored draft) and the version it was written against. */
  initialText: string;
  baseVersion: number;
  /** May be sent empty (request info). */
  optional: boolean;
  /** What the text is for beyond its kind, said in the header (`macro ask-logs`). */
  purpose?: string;
  /** Runs the use case; returns the equivalent CLI command for the status line. */
  send(text: string | undefined, version: number): string;
}

export const KIND_TITLES: Record<DraftKind, string> = {
  reply: 'PUBLIC REPLY',
  note: 'INTERNAL NOTE',
  request_info: 'REQUEST INFO (public)',
  solve: 'SOLVE: RESOLUTION (public)',
};

/** How long typing must pause before the draft is written (a write never delays a keystroke's frame). */
const SAVE_AFTER_MS = 400;
const BUSY_RETRY_MS = 1000;

type Phase =
  | { kind: 'writing'; note?: string }
  | { kind: 'asking' }
  | { kind: 'sending' }
  | { kind: 'busy'; attempt: number }
  /** The commit's answer was lost (OutcomeUnknown): sent or not, nobody knows; never resent unseen. */
  | { kind: 'unknown' }
  | { kind: 'error'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const widthOfChar = (ch: string) => codePointWidth(ch.codePointAt(0)!);

export function Composer({ spec }: { spec: ComposerSpec }) {
  const shell = useShell();
  const { app, actor } = shell;
  const { stdin } = useStdin();
  const { stdout } = useStdout();
  const { dropTypeAhead } = useTypeAhead();
  // The buffer lives in a ref so that keys arriving back to back each see the latest text.
  const buffer = useRef(tb.emptyBuffer(spec.initialText));
  const base = useRef(spec.baseVersion);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [phase, setPhase] = useState<Phase>({ kind: 'writing', note: spec.initialText ? 'your draft was restored' : undefined });
  const [conflict, setConflict] = useState<{ since: number; now: number; events: EventView[] } | null>(null);
  const context = useMemo((): ComposerContext | { error: string } => {
    try {
      return composerContext(app, actor, spec.ticketId, spec.kind);
    } catch (error) {
      return { error: messageOf(error) };
    }
  }, [app, actor, spec.ticketId, spec.kind, shell.generation]);

  // Drafts: written a moment after typing pauses, outside the keystroke's frame; the last text
  // is written at once when the composer closes with it kept.
  const saveTimer = useRef<NodeJS.Timeout | null>(null);
  const saveNow = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    try {
      saveDraft(app, actor, spec.ticketId, { kind: spec.kind, text: buffer.current.text, baseVersion: base.current });
      return true;
    } catch (error) {
      // Busy or gone: the text stays on screen, the next pause tries again.
      setPhase({ kind: 'writing', note: `draft not saved yet: ${messageOf(error)}` });
      return false;
    }
  };
  const scheduleSave = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(saveNow, SAVE_AFTER_MS);
  };
  useEffect(() => () => void (saveTimer.current && clearTimeout(saveTimer.current)), []);

  const edit = (change: (b: tb.TextBuffer) => tb.TextBuffer) => {
    const before = buffer.current.text;
    buffer.current = change(buffer.current);
    if (buffer.current.text !== before) scheduleSave();
    rerender();
  };

  const close = (keep: boolean) => {
    if (keep && buffer.current.text.trim()) {
      if (!saveNow()) return shell.status.error('the draft could not be saved yet (database busy?); the composer stays open');
      shell.status.ran(`# draft kept on #${spec.ticketId}: r continues it`);
    } else {
      if (saveTimer.current) clearTimeout(saveTimer.current);
      try {
        discardDraft(app, actor, spec.ticketId);
      } catch (error) {
        return shell.status.error(error);
      }
    }
    shell.overlay.close();
  };

  const attemptSend = (attempt: number) => {
    const started = performance.now();
    const text = buffer.current.text.replace(/\s+$/, '');
    try {
      const changes = changesBySomeoneElse(app, actor, spec.ticketId, base.current);
      if (changes.events.length) {
        // Someone else changed the ticket since the writer looked: show it, keep the text.
        setConflict({ since: base.current, now: changes.version, events: changes.events });
        base.current = changes.version;
        saveNow();
        shell.refresh();
        return setPhase({ kind: 'writing', note: `not sent: changed by someone else (above); ctrl+s sends on version ${changes.version}` });
      }
      const cli = spec.send(text.trim() ? text : undefined, changes.version);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      discardDraft(app, actor, spec.ticketId);
      shell.overlay.close();
      shell.refresh();
      shell.status.ran(cli);
      dropTypeAhead('sending', performance.now() - started);
    } catch (error) {
      if (error instanceof Conflict) return attemptSend(attempt);
      if (error instanceof OutcomeUnknown) {
        saveNow();
        shell.refresh();
        return setPhase({ kind: 'unknown' });
      }
      if (error instanceof Busy) {
        setPhase({ kind: 'busy', attempt: attempt + 1 });
        setTimeout(() => attemptSend(attempt + 1), BUSY_RETRY_MS);
        return;
      }
      setPhase({ kind: 'error', message: messageOf(error) });
    }
  };

  const send = () => {
    if (phase.kind === 'sending' || phase.kind === 'busy') return;
    if (!buffer.current.text.trim() && !spec.optional)
      return setPhase({ kind: 'error', message: 'nothing to send yet: write the text first (esc closes)' });
    setPhase({ kind: 'sending' });
    // After the "sending…" frame is drawn: the write blocks while it waits for the lock.
    setTimeout(() => attemptSend(0), 20);
  };

  const quote = () => {
    if ('error' in context || !context.lastCustomerMessage)
      return setPhase({ kind: 'writing', note: 'no message from the customer to quote' });
    const m = context.lastCustomerMessage;
    edit((b) => tb.insert(b, tb.quoteMessage(m.author, m.body)));
  };

  const openEditor = () => {
    try {
      const text = editText(
        { stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream },
        editorTemplate(buffer.current.text, [
          `Your ${KIND_TITLES[spec.kind].toLowerCase()} on #${spec.ticketId}; save and quit to return to the composer.`,
          "Lines starting with '#' are ignored.",
        ]),
      );
      if (text !== null) edit(() => tb.emptyBuffer(text));
    } catch (error) {
      setPhase({ kind: 'error', message: messageOf(error) });
    }
  };

  const capture = (input: string, key: Key) => {
    if (phase.kind === 'asking') {
      if (input === 'y' || input === 'k') close(true);
      else if (input === 'd') close(false);
      else setPhase({ kind: 'writing' });
      return;
    }
    if (phase.kind === 'error') setPhase({ kind: 'writing' });
    const next = editByKey(buffer.current, input, key);
    if (next) edit(() => next);
  };

  useKeyLayer(
    PRIORITY.overlay,
    [
      { command: 'composer.send', run: send },
      {
        command: 'composer.close',
        run: () =>
          phase.kind === 'asking'
            ? setPhase({ kind: 'writing' })
            : buffer.current.text.trim()
              ? setPhase({ kind: 'asking' })
              : close(false),
      },
      { command: 'composer.quote', run: quote },
      { command: 'composer.editor', run: openEditor },
    ],
    { capture, paste: (text) => edit((b) => tb.insert(b, text)) },
  );

  const theme = shell.theme;
  const width = Math.max(10, shell.body.columns);
  const internal = spec.kind === 'note';
  const header = 'error' in context ? `#${spec.ticketId} ${KIND_TITLES[spec.kind]}` : headerText(spec, context);
  const headerRows = wrapText(sanitizeForTerminal(header), width).slice(0, 2);
  const conflictRows = conflict
    ? [
        `changed by someone else since version ${conflict.since} (now ${conflict.now}); your text is kept:`,
        ...conflict.events.slice(-4).map((e) => `  ${eventLine(e)}`),
      ]
    : [];
  const footerRows = [...wrapText(footerText(phase), width).slice(0, 3), HINTS];
  const room = Math.max(1, shell.body.rows - headerRows.length - 1 - conflictRows.length - footerRows.length - 1);
  const layout = tb.layoutRows(buffer.current, width - 1, widthOfChar);
  const first = Math.max(0, Math.min(layout.cursorRow - room + 1, layout.rows.length - room));
  const shown = layout.rows.slice(first, first + room);
  const dangerous = phase.kind === 'error' || phase.kind === 'busy' || phase.kind === 'unknown';
  return (
    <Box flexDirection="column">
      {headerRows.map((row, i) => (
        <Text key={`h${i}`} bold inverse={i === 0} color={theme.color(internal ? 'warning' : 'accent')} wrap="truncate">
          {row}
        </Text>
      ))}
      <Text color={theme.color('muted')} wrap="truncate">
        {'error' in context ? sanitizeForTerminal(context.error) : `subject: ${sanitizeForTerminal(context.subject)}`}
      </Text>
      {conflictRows.map((row, i) => (
        <Text key={`c${i}`} color={theme.color('warning')} wrap="truncate">
          {sanitizeForTerminal(row)}
        </Text>
      ))}
      {shown.map((row, i) => (
        <TextRow key={first + i} row={row} cursor={first + i === layout.cursorRow ? layout.cursorColumn : null} />
      ))}
      {Array.from({ length: room - shown.length }, (_, i) => (
        <Text key={`e${i}`} color={theme.color('muted')}>
          {i === 0 && !buffer.current.text ? '(type here; a paste is text, never keys)' : ' '}
        </Text>
      ))}
      {footerRows.map((row, i) => (
        <Text key={`f${i}`} color={theme.color(dangerous ? 'danger' : 'muted')} wrap="truncate">
          {row}
        </Text>
      ))}
    </Box>
  );
}

export function TextRow({ row, cursor }: { row: string; cursor: number | null }) {
  const clean = sanitizeForTerminal(row);
  if (cursor === null) return <Text wrap="truncate">{clean || ' '}</Text>;
  const chars = [...clean];
  let used = 0;
  let at = 0;
  while (at < chars.length && used < cursor) used += widthOfChar(chars[at++]!);
  return (
    <Text wrap="truncate">
      {chars.slice(0, at).join('')}
      <Text inverse>{chars[at] ?? ' '}</Text>
      {chars.slice(at + 1).join('')}
    </Text>
  );
}

function headerText(spec: ComposerSpec, context: ComposerContext): string {
  const to = context.recipients.length ? context.recipients.join(', ') : 'nobody';
  const purpose = spec.purpose ? ` · ${spec.purpose}` : '';
  if (spec.kind === 'note') return `#${spec.ticketId} INTERNAL NOTE${purpose} · staff only · notifies ${to}`;
  return `#${spec.ticketId} ${KIND_TITLES[spec.kind]}${purpose} · the requester sees it · sent to ${to}`;
}

function footerText(phase: Phase): string {
  switch (phase.kind) {
    case 'sending':
      return 'sending…';
    case 'busy':
      return `database busy, retrying… (attempt ${phase.attempt}; your text is kept, keep typing)`;
    case 'unknown':
      return 'maybe sent: the connection was lost as it was saved; esc and look at the conversation before ctrl+s sends it again (the text is kept as a draft)';
    case 'error':
      return `not sent: ${phase.message}`;
    case 'asking':
      return 'close the composer: y keep the draft (r continues it) · d discard it · esc back to writing';
    default:
      return phase.note ?? '';
  }
}

const HINTS = 'ctrl+s send · ctrl+q quote the customer · ctrl+x $EDITOR · esc close · enter new line';
