// The state of the create-ticket form, apart from its view: the fields in order, their defaults
// (type and priority from the dictionary, channel phone: a caller on the line), and the input of
// the create use case. Pure: no Ink, no store.
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../../domain/types.js';
import * as tb from '../../composer/textBuffer.js';

export const FIELDS = ['requester', 'subject', 'type', 'priority', 'channel', 'description'] as const;
export type Field = (typeof FIELDS)[number];

export interface CreateForm {
  focus: Field;
  requester: string;
  subject: string;
  type: string;
  priority: Priority;
  /** Set once the person picks a priority: a later type change no longer resets it. */
  priorityChosen: boolean;
  channel: Channel;
  description: tb.TextBuffer;
  /** The highlighted person of the requester search. */
  match: number;
}

export interface FormDictionary {
  types: readonly string[];
  typePriorities: Readonly<Record<string, Priority>>;
}

export function initialForm(dictionary: FormDictionary): CreateForm {
  const type = dictionary.types.includes('question') ? 'question' : (dictionary.types[0] ?? 'question');
  return {
    focus: 'requester',
    requester: '',
    subject: '',
    type,
    priority: dictionary.typePriorities[type] ?? 'P3',
    priorityChosen: false,
    channel: 'phone',
    description: tb.emptyBuffer(),
    match: 0,
  };
}

export function moveFocus(form: CreateForm, delta: 1 | -1): CreateForm {
  const at = FIELDS.indexOf(form.focus);
  return { ...form, focus: FIELDS[(at + delta + FIELDS.length) % FIELDS.length]! };
}

function cycle<T>(list: readonly T[], current: T, delta: 1 | -1): T {
  const at = Math.max(0, list.indexOf(current));
  return list[(at + delta + list.length) % list.length]!;
}

/** ←/→ on a choice field: the next type (with its default priority), priority or channel. */
export function cycleChoice(form: CreateForm, dictionary: FormDictionary, delta: 1 | -1): CreateForm {
  switch (form.focus) {
    case 'type': {
      const type = cycle(dictionary.types, form.type, delta);
      return { ...form, type, priority: form.priorityChosen ? form.priority : (dictionary.typePriorities[type] ?? 'P3') };
    }
    case 'priority':
      return { ...form, priority: cycle(PRIORITIES, form.priority, delta), priorityChosen: true };
    case 'channel':
      return { ...form, channel: cycle(CHANNELS, form.channel, delta) };
    default:
      return form;
  }
}

/** Whether anything was typed (cancelling then asks first). */
export function isTouched(form: CreateForm): boolean {
  return !!(form.requester.trim() || form.subject.trim() || form.description.text.trim());
}

/** The input of the create use case (`ticket create`), as typed: the use case checks it. */
export function createInput(form: CreateForm) {
  return {
    requester: form.requester.trim(),
    subject: form.subject.trim(),
    description: form.description.text.replace(/\s+$/, ''),
    type: form.type,
    priority: form.priority,
    channel: form.channel,
  };
}

/** `ticketty ticket create …` with the same fields (the description from standard input). */
export function createCliWords(form: CreateForm): string[] {
  const input = createInput(form);
  return [
    'ticket',
    'create',
    '-s',
    input.subject,
    '-t',
    '-',
    '--requester',
    input.requester,
    '--type',
    input.type,
    '-p',
    input.priority,
    '--channel',
    input.channel,
  ];
}
