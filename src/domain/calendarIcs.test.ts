import { describe, expect, it } from 'vitest';
import { BadInput } from './errors.js';
import { parseIcsHolidays } from './calendar.js';

const ics = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

describe('parseIcsHolidays', () => {
  it('reads all-day, timed and multi-day events, sorted and unique', () => {
    const text = ics(
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'DTEND;VALUE=DATE:20261226',
      'SUMMARY:Christmas Day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID="Europe/Paris":20260501T000000',
      'SUMMARY:Fête du Travail\\, Paris',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261228',
      'DTEND;VALUE=DATE:20261231',
      'SUMMARY:Year-end',
      'BEGIN:VALARM',
      'SUMMARY:not the name',
      'END:VALARM',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'SUMMARY:Duplicate',
      'END:VEVENT',
    );
    expect(parseIcsHolidays(text)).toEqual([
      { date: '2026-05-01', name: 'Fête du Travail, Paris' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Year-end' },
      { date: '2026-12-29', name: 'Year-end' },
      { date: '2026-12-30', name: 'Year-end' },
    ]);
  });

  it('unfolds lines and handles LF files, DURATION and timed spans', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART:20260714T080000Z',
      'DTEND:20260715T100000Z',
      'SUMMARY:Bastille',
      '  Day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260815',
      'DURATION:P2D',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20261101T220000Z',
      'DTEND:20261102T000000Z',
      'SUMMARY:ends at midnight',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'STATUS:CANCELLED',
      'DTSTART;VALUE=DATE:20260101',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcsHolidays(text)).toEqual([
      { date: '2026-07-14', name: 'Bastille Day' },
      { date: '2026-07-15', name: 'Bastille Day' },
      { date: '2026-08-15' },
      { date: '2026-08-16' },
      { date: '2026-11-01', name: 'ends at midnight' },
    ]);
  });

  it('returns nothing for a calendar without events', () => {
    expect(parseIcsHolidays(ics())).toEqual([]);
  });

  it.each([
    ['hello world', /not an iCalendar file/],
    ['', /not an iCalendar file/],
    [ics('BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT'), /has no DTSTART/],
    [ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261332', 'END:VEVENT'), /line 5: bad DTSTART '20261332'/],
    [ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20280101', 'END:VEVENT'), /spans more than 366 days/],
    [ics('BEGIN:VEVENT', 'garbage line', 'END:VEVENT'), /line 5: expected NAME:VALUE/],
    ['BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\n', /never closed/],
    [ics('BEGIN:VEVENT', 'DTSTART:20260101', 'END:VTODO'), /END:VTODO does not close BEGIN:VEVENT/],
  ])('refuses garbage %#', (text, message) => {
    expect(() => parseIcsHolidays(text)).toThrow(BadInput);
    expect(() => parseIcsHolidays(text)).toThrow(message);
  });
});
