import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CommentView, EventView, TicketDetail } from '../../../app/tickets/ticketQueries.js';
import { codePointWidth } from '../../../domain/textWidth.js';
import { conversationLines, eventLine, historyLines, wrapText } from './ticketLines.js';

const width = (text: string) => [...text].reduce((w, ch) => w + codePointWidth(ch.codePointAt(0)!), 0);

describe('wrapText', () => {
  it('breaks at spaces, keeps paragraphs, and cuts a word longer than the line', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
    expect(wrapText('https://example.com/a/very/long/path', 12)).toEqual(['https://exam', 'ple.com/a/ve', 'ry/long/path']);
  });

  it('counts wide characters as two columns', () => {
    expect(wrapText('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
  });

  it('never makes a line wider than asked and loses no visible character', () => {
    const text = fc.array(fc.constantFrom('a', 'bb', ' ', '\n', '日', 'é', 'word', 'longerword'), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 30 }), (t, w) => {
        const lines = wrapText(t, w);
        for (const line of lines) expect(width(line)).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/\s/g, '')).toBe(t.replace(/\s/g, ''));
      }),
    );
  });
});

const comment = (over: Partial<CommentView>): CommentView => ({
  id: 1,
  author: 'carol',
  internal: false,
  channel: 'email',
  createdAt: '2026-03-02T10:15:00.000Z',
  body: 'The printer is on fire.',
  attachments: [],
  ...over,
});
const ticket = (over: Partial<TicketDetail>): TicketDetail =>
  ({
    id: 42,
    requester: 'carol',
    createdAt: '2026-03-02T10:15:00.000Z',
    channel: 'email',
    description: 'The printer is on fire.',
    comments: [],
    events: [],
    ...over,
  }) as TicketDetail;

describe('conversationLines', () => {
  it('tells internal notes from public replies by marker and gutter, not only by colour', () => {
    const t = ticket({
      comments: [comment({}), comment({ id: 2, author: 'bob', internal: true, body: 'Call the vendor.' })],
    });
    const lines = conversationLines(t, 60);
    expect(lines.map((l) => l.text)).toEqual([
      'carol · 2026-03-02 10:15 · description (email)',
      '│ The printer is on fire.',
      '',
      '[INTERNAL NOTE] bob · 2026-03-02 10:15 (staff only)',
      '┃ Call the vendor.',
    ]);
    expect(lines.map((l) => l.kind)).toEqual(['heading-public', 'public', 'blank', 'heading-internal', 'internal']);
  });

  it('shows the description alone when no comment carries it, and names attachments', () => {
    const t = ticket({
      comments: [comment({ body: 'Photo attached.', attachments: [{ id: 1, filename: 'fire.jpg', contentType: 'image/jpeg', size: 9 }] })],
    });
    const texts = conversationLines(t, 60).map((l) => l.text);
    expect(texts[0]).toBe('carol · 2026-03-02 10:15 · description (email)');
    expect(texts).toContain('carol · 2026-03-02 10:15 · public reply · 1 attachment: fire.jpg');
  });

  it('makes a customer’s escape sequences harmless before they reach the terminal', () => {
    const t = ticket({ description: 'hi\u001b]0;pwned\u0007 there\u001b[2J', comments: [] });
    for (const line of conversationLines(t, 60)) expect(line.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('wraps bodies to the width inside the gutter', () => {
    const t = ticket({ description: 'word '.repeat(30).trim() });
    for (const line of conversationLines(t, 24).slice(1)) expect(width(line.text)).toBeLessThanOrEqual(24);
  });
});

const event = (over: Partial<EventView>): EventView => ({
  id: 1,
  at: '2026-03-02T10:15:00.000Z',
  actor: 'bob',
  action: 'escalate',
  before: { status: 'open', level: 1 },
  after: { status: 'new', level: 2 },
  text: 'needs\n  a specialist',
  batchId: null,
  version: 3,
  ...over,
});

describe('eventLine and historyLines', () => {
  it('says who changed what, with the reason on one line', () => {
    expect(eventLine(event({}))).toBe('2026-03-02 10:15 v3 bob escalate status open→new, level 1→2 “needs a specialist”');
    expect(
      eventLine(event({ actor: null, action: 'request_info', before: null, after: { tags: [] }, text: null, batchId: 'abcdef0123' })),
    ).toBe('2026-03-02 10:15 v3 system request-info tags —→— [batch abcdef01]');
  });

  it('indents the continuation of a long event and counts the events', () => {
    const t = ticket({ events: [event({ text: 'x '.repeat(60) })] });
    const lines = historyLines(t, 40);
    expect(lines[0]!.text).toBe('History of #42: 1 event (oldest first)');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(2)) expect(line.text.startsWith('  ')).toBe(true);
  });
});
