import { describe, expect, it } from 'vitest';
import { bodyOf } from './mailIngest.js';

describe('the text of a mail', () => {
  it('is never empty', () => {
    expect(bodyOf({ text: '  \n', attachments: [] })).toBe('(no text)');
    expect(bodyOf({ text: '', attachments: [{ filename: 'a', contentType: 'x', content: Buffer.from('') }] })).toBe('(attachments only)');
  });
  it('keeps the quotes of a first mail', () => {
    expect(bodyOf({ text: 'See below.\r\n> forwarded error\r\n', attachments: [] })).toBe('See below.\n> forwarded error');
  });
});
