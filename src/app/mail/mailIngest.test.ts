import { describe, expect, it } from 'vitest';
import { bodyOf, stripQuotedTail } from './mailIngest.js';

describe('the text of a reply', () => {
  it('drops the quoted tail and its attribution line', () => {
    expect(stripQuotedTail('Thanks!\n\nOn Mon, 2 Mar 2026, Bob wrote:\n> try 5.2\n>\n')).toBe('Thanks!\n');
    expect(stripQuotedTail('> quoted first\nmy answer')).toBe('> quoted first\nmy answer');
  });
  it('keeps the quotes of a first mail', () => {
    expect(bodyOf({ text: 'See below.\n> forwarded error\n', attachments: [] }, false)).toBe('See below.\n> forwarded error');
  });
  it('is never empty', () => {
    expect(bodyOf({ text: '  \n', attachments: [] }, true)).toBe('(no text)');
    expect(bodyOf({ text: '', attachments: [{ filename: 'a', contentType: 'x', content: Buffer.from('') }] }, false)).toBe('(attachments only)');
  });
});
