// Create a ticket on behalf of a caller (SPEC 9; `C`, staff only): the requester found by a
// type-ahead search over people (app/people, a few at a time), the subject, type and priority
// (defaults from the dictionary), the channel (phone), and the description in the composer's
// editor (or $EDITOR). Ctrl-S runs the same use case as `ticketty ticket create`; the new ticket
// replaces the form. Bad input is one line under the form and writes nothing.
import React, { useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useStdin, useStdout, type Key } from 'ink';
import { createTicket } from '../../../app/tickets/createTicket.js';
import { searchRequesters, type UserView } from '../../../app/people/peopleQueries.js';
import { dictionaries } from '../../../app/settings/dictionaries.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { codePointWidth } from '../../../domain/textWidth.js';
import { cliCommand } from '../../cliEquivalent.js';
import { editText, editorTemplate } from '../../editor.js';
import { editByKey } from '../../composer/editKeys.js';
import * as tb from '../../composer/textBuffer.js';
import { PRIORITY, useKeyLayer } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';
import { TextRow } from '../ticket/Composer.js';
import { createCliWords, createInput, cycleChoice, initialForm, isTouched, moveFocus, type CreateForm, type Field } from './createForm.js';

/** People shown under the requester field while it is typed. */
const MATCHES = 5;
const LABELS: Record<Field, string> = {
  requester: 'requester',
  subject: 'subject',
  type: 'type',
  priority: 'priority',
  channel: 'channel',
  description: 'description',
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
const widthOfChar = (ch: string) => codePointWidth(ch.codePointAt(0)!);
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');

export function CreateTicketScreen({ active }: { active: boolean }) {
  const shell = useShell();
  const { app, actor, theme } = shell;
  const { stdin } = useStdin();
  const { stdout } = useStdout();
  const dictionary = useMemo(() => dictionaries(app), [app]);
  // The form lives in a ref so that keys arriving back to back each see the latest state.
  const form = useRef<CreateForm>(initialForm(dictionary));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [problem, setProblem] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const update = (change: (f: CreateForm) => CreateForm) => {
    form.current = change(form.current);
    setProblem(null);
    setLeaving(false);
    rerender();
  };
  const f = form.current;
  const matches = useMemo((): UserView[] | { error: string } => {
    try {
      return searchRequesters(app, actor, f.requester, MATCHES);
    } catch (error) {
      return { error: messageOf(error) };
    }
  }, [app, actor, f.requester]);
  const people = 'error' in matches ? [] : matches;

  /** Tab or Enter on the requester: the highlighted person, unless the text names one exactly. */
  const takeMatch = (current: CreateForm): CreateForm => {
    const typed = current.requester.trim().toLowerCase();
    const exact = people.some((p) => p.handle === typed || p.email?.toLowerCase() === typed);
    const pick = people[current.match];
    return current.focus === 'requester' && pick && !exact ? { ...current, requester: pick.handle } : current;
  };
  const next = () => update((c) => moveFocus(takeMatch(c), 1));

  const submit = () => {
    const input = createInput(form.current);
    if (!input.requester) return setProblem("who is calling? type the requester's handle, name or e-mail (a new e-mail creates them)");
    try {
      const ticket = createTicket(app, actor, input, { channel: 'tui' });
      shell.refresh();
      shell.status.ran(cliCommand(...createCliWords(form.current)));
      shell.navigate.replace({ name: 'ticket', id: ticket.id });
    } catch (error) {
      // Nothing was written (the use case checks before it writes, in one transaction).
      setProblem(`not created: ${messageOf(error)}`);
    }
  };

  const cancel = () => {
    if (isTouched(form.current) && !leaving) {
      setLeaving(true);
      return setProblem('esc again discards this ticket · any other key goes on writing');
    }
    shell.navigate.back();
  };

  const openEditor = () => {
    try {
      const text = editText(
        { stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream },
        editorTemplate(form.current.description.text, [
          `The description of the new ticket for ${form.current.requester || 'the caller'}; save and quit to return to the form.`,
          "Lines starting with '#' are ignored.",
        ]),
      );
      if (text !== null) update((c) => ({ ...c, focus: 'description', description: tb.emptyBuffer(text) }));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };

  const capture = (input: string, key: Key) => {
    const current = form.current;
    switch (current.focus) {
      case 'description': {
        const edited = editByKey(current.description, input, key);
        if (edited) update((c) => ({ ...c, description: edited }));
        return;
      }
      case 'type':
      case 'priority':
      case 'channel':
        if (key.leftArrow || key.rightArrow) return update((c) => cycleChoice(c, dictionary, key.leftArrow ? -1 : 1));
        if (key.upArrow || key.downArrow) return update((c) => moveFocus(c, key.upArrow ? -1 : 1));
        if (key.return) return next();
        return;
      default: {
        const field = current.focus;
        if (field === 'requester' && (key.upArrow || key.downArrow)) {
          const delta = key.upArrow ? -1 : 1;
          return update((c) => ({ ...c, match: Math.max(0, Math.min(people.length - 1, c.match + delta)) }));
        }
        if (key.downArrow) return update((c) => moveFocus(c, 1));
        if (key.upArrow) return update((c) => moveFocus(c, -1));
        if (key.return) return next();
        if (key.backspace || key.delete) return update((c) => ({ ...c, [field]: [...c[field]].slice(0, -1).join(''), match: 0 }));
        if (key.ctrl && input === 'u') return update((c) => ({ ...c, [field]: '', match: 0 }));
        if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input))
          return update((c) => ({ ...c, [field]: c[field] + input, match: 0 }));
      }
    }
  };

  const paste = (text: string) => {
    const field = form.current.focus;
    if (field === 'description') update((c) => ({ ...c, description: tb.insert(c.description, text) }));
    else if (field === 'requester' || field === 'subject') update((c) => ({ ...c, [field]: c[field] + oneLine(text), match: 0 }));
  };

  useKeyLayer(
    PRIORITY.screen,
    [
      { command: 'form.next', run: next },
      { command: 'form.prev', run: () => update((c) => moveFocus(c, -1)) },
      { command: 'form.submit', run: submit },
      { command: 'form.cancel', run: cancel },
      { command: 'form.editor', run: openEditor },
    ],
    { active, capture, paste },
  );

  const width = Math.max(20, shell.body.columns);
  const labelWidth = 15;
  const showMatches = f.focus === 'requester' && f.requester.trim() !== '';
  const matchRows = showMatches ? Math.max(1, people.length) : 0;
  const footer = problem ? sanitizeForTerminal(problem) : `as ${actor.handle}: the same as 'ticketty ticket create --requester …'`;
  // A problem wraps (never cut at the width) onto up to three rows.
  const footerRows = Math.min(3, Math.max(1, Math.ceil(footer.length / width)));
  // Title, five field rows, the description's label, the problem or hint rows.
  const room = Math.max(2, shell.body.rows - 7 - footerRows - matchRows);
  const layout = tb.layoutRows(f.description, width - 3, widthOfChar);
  const first = Math.max(0, Math.min(layout.cursorRow - room + 1, layout.rows.length - room));
  const shown = layout.rows.slice(first, first + room);
  const focused = (field: Field) => f.focus === field;
  const label = (field: Field) => (
    <Text bold={focused(field)} color={theme.color(focused(field) ? 'accent' : 'muted')}>
      {`${focused(field) ? '›' : ' '} ${LABELS[field]}:`.padEnd(labelWidth)}
    </Text>
  );
  const textField = (field: 'requester' | 'subject', placeholder: string) => (
    <Text wrap="truncate-start">
      {label(field)}
      {f[field] ? sanitizeForTerminal(f[field]) : <Text color={theme.color('muted')}>{focused(field) ? '' : placeholder}</Text>}
      {focused(field) ? <Text inverse> </Text> : null}
    </Text>
  );
  const choiceField = (field: 'type' | 'priority' | 'channel', value: string, detail = '') => (
    <Text wrap="truncate">
      {label(field)}
      {focused(field) ? `‹ ${value} ›` : value}
      <Text color={theme.color('muted')}>{`${detail}${focused(field) ? '  (←/→ change)' : ''}`}</Text>
    </Text>
  );
  return (
    <Box flexDirection="column">
      <Text bold inverse wrap="truncate">
        {' New ticket on behalf of a caller · tab next field · ctrl+s creates · esc cancels '.padEnd(width)}
      </Text>
      {textField('requester', 'handle, name or e-mail (type to search)')}
      {showMatches ? (
        people.length ? (
          people.map((p, i) => (
            <Text key={p.handle} wrap="truncate" inverse={i === f.match}>
              {`${' '.repeat(labelWidth)}${i === f.match ? '› ' : '  '}`}
              {sanitizeForTerminal(
                `${p.handle} · ${p.name}${p.email ? ` <${p.email}>` : ''}${p.organization ? ` · ${p.organization}` : ''}`,
              )}
              <Text color={theme.color('muted')}>{` (${p.role})`}</Text>
            </Text>
          ))
        ) : (
          <Text color={theme.color('muted')} wrap="truncate">
            {' '.repeat(labelWidth)}
            {'error' in matches ? sanitizeForTerminal(matches.error) : 'nobody matches; an e-mail address creates a new requester'}
          </Text>
        )
      ) : null}
      {textField('subject', 'one line')}
      {choiceField('type', f.type)}
      {choiceField('priority', f.priority, ` ${dictionary.priorityLabels[f.priority] ?? ''}`)}
      {choiceField('channel', f.channel)}
      <Text wrap="truncate">
        {label('description')}
        <Text color={theme.color('muted')}>enter new line · ctrl+x $EDITOR · a paste is text</Text>
      </Text>
      {shown.map((row, i) => (
        <Box key={first + i}>
          <Text color={theme.color('muted')}>{'│ '}</Text>
          <TextRow row={row} cursor={focused('description') && first + i === layout.cursorRow ? layout.cursorColumn : null} />
        </Box>
      ))}
      {Array.from({ length: room - shown.length }, (_, i) => (
        <Text key={`e${i}`} color={theme.color('muted')}>
          {'│'}
        </Text>
      ))}
      <Box height={footerRows} overflowY="hidden">
        <Text wrap="wrap" color={theme.color(problem ? 'danger' : 'muted')}>
          {footer}
        </Text>
      </Box>
    </Box>
  );
}
