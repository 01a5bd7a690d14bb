// The ticket view's scrollable body as plain lines: the conversation (public replies and internal
// notes told apart by a marker and a gutter, not only by colour) and the history of events.
// Every person-made text is sanitized here, once, and wrapped to the terminal width.
import { minuteOf } from '../../../domain/clock.js';
import type { EventView, TicketDetail } from '../../../app/tickets/ticketQueries.js';
import { safeFileName } from '../../../domain/fileName.js';
import { sanitizeForTerminal } from '../../../domain/sanitize.js';
import { codePointWidth } from '../../../domain/textWidth.js';

export type LineKind = 'public' | 'internal' | 'heading-public' | 'heading-internal' | 'event' | 'blank';

export interface BodyLine {
  text: string;
  kind: LineKind;
}

/** `2026-03-02 10:15` from an ISO time (UTC, as the CLI prints it). */
export const shortTime = minuteOf;

/** Splits a (sanitized) text into lines of at most `width` columns, breaking at spaces when it can. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/(?<= )/)) {
      const w = widthOf(word);
      if (lineWidth + w > width && line) {
        out.push(line.trimEnd());
        line = '';
        lineWidth = 0;
      }
      if (w > width) {
        // A word longer than the line (a URL): cut it by width.
        for (const ch of word) {
          const cw = widthOf(ch);
          if (lineWidth + cw > width) {
            out.push(line);
            line = '';
            lineWidth = 0;
          }
          line += ch;
          lineWidth += cw;
        }
      } else {
        line += word;
        lineWidth += w;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

function widthOf(text: string): number {
  let w = 0;
  for (const ch of text) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

export function conversationLines(t: TicketDetail, width: number): BodyLine[] {
  const lines: BodyLine[] = [];
  const inner = Math.max(10, width - 2);
  // The description is the first comment (SPEC 2); a ticket without comments shows it alone.
  const first = t.comments[0];
  const describedByComment = first !== undefined && !first.internal && first.body === t.description;
  if (!describedByComment) {
    lines.push({
      text: `${sanitizeForTerminal(t.requester)} · ${shortTime(t.createdAt)} · description (${t.channel})`,
      kind: 'heading-public',
    });
    for (const part of wrapText(sanitizeForTerminal(t.description, { multiline: true }), inner))
      lines.push({ text: `│ ${part}`, kind: 'public' });
  }
  for (const [i, c] of t.comments.entries()) {
    if (i > 0 || !describedByComment) lines.push({ text: '', kind: 'blank' });
    const who = `${sanitizeForTerminal(c.author)} · ${shortTime(c.createdAt)}`;
    const files = c.attachments.length
      ? ` · ${c.attachments.length} attachment${c.attachments.length === 1 ? '' : 's'}: ${sanitizeForTerminal(c.attachments.map((a) => safeFileName(a.filename)).join(', '))}`
      : '';
    if (c.internal) {
      lines.push({ text: `[INTERNAL NOTE] ${who} (staff only)${files}`, kind: 'heading-internal' });
      for (const part of wrapText(sanitizeForTerminal(c.body, { multiline: true }), inner))
        lines.push({ text: `┃ ${part}`, kind: 'internal' });
    } else {
      lines.push({
        text: `${who} · ${i === 0 && describedByComment ? `description (${c.channel})` : 'public reply'}${files}`,
        kind: 'heading-public',
      });
      for (const part of wrapText(sanitizeForTerminal(c.body, { multiline: true }), inner))
        lines.push({ text: `│ ${part}`, kind: 'public' });
    }
  }
  return lines;
}

/** One event as one line: `10:15 bob escalate status new→…, level 1→2 “reason”`. */
export function eventLine(e: EventView): string {
  const changes: string[] = [];
  for (const key of Object.keys({ ...e.before, ...e.after })) {
    changes.push(`${key} ${show(e.before?.[key])}→${show(e.after?.[key])}`);
  }
  const text = e.text ? ` “${oneLine(e.text)}”` : '';
  const batch = e.batchId ? ` [batch ${e.batchId.slice(0, 8)}]` : '';
  return sanitizeForTerminal(
    `${shortTime(e.at)} v${e.version} ${e.actor ?? 'system'} ${e.action.replace('_', '-')}${changes.length ? ` ${changes.join(', ')}` : ''}${text}${batch}`,
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.join(' ') : '—';
  return String(value);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

export function historyLines(t: TicketDetail, width: number): BodyLine[] {
  const lines: BodyLine[] = [
    { text: `History of #${t.id}: ${t.events.length} event${t.events.length === 1 ? '' : 's'} (oldest first)`, kind: 'heading-public' },
  ];
  for (const e of t.events) {
    const [first, ...rest] = wrapText(eventLine(e), Math.max(10, width - 2));
    lines.push({ text: first ?? '', kind: 'event' });
    for (const part of rest) lines.push({ text: `  ${part}`, kind: 'event' });
  }
  return lines;
}
