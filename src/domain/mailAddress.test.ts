import { describe, expect, it } from 'vitest';
import { hasControlCharacters, isMailAddress } from './mailAddress.js';

describe('isMailAddress (RFC 5322 addr-spec)', () => {
  it.each([
    'root@localhost',
    'ann@example.com',
    'first.last+tag@sub.example.co.uk',
    '"john doe"@example.com',
    '"john..doe"@example.com',
    '"a\\"b"@example.com',
    "o'brien@example.ie",
    'user@intranet',
    'user@[192.0.2.1]',
    'josé@exämple.es',
    'x@example.com.',
  ])('accepts %s', (address) => expect(isMailAddress(address)).toBe(true));

  it.each([
    '',
    'no-at-sign',
    '@example.com',
    'ann@',
    'john..doe@example.com',
    '.ann@example.com',
    'ann.@example.com',
    'ann doe@example.com',
    '"unterminated@example.com',
    'ann@exa mple.com',
    'ann@-example.com',
    'a\r\nb@example.com',
    '"a\nb"@example.com',
    '<<<@>>>',
  ])('refuses %j', (address) => expect(isMailAddress(address)).toBe(false));
});

describe('hasControlCharacters', () => {
  it('finds CR, LF, NUL, ESC, line separators and lone surrogates, not ordinary text', () => {
    for (const bad of ['a\rb', 'a\nb', 'a\0b', 'a\x1b[31m', 'a\u2028b', 'a\x7fb', 'a\ud800b', '\udc00'])
      expect(hasControlCharacters(bad)).toBe(true);
    for (const good of ['Renée François', '王伟', "O'Brien, Ann (IT)", 'Zoë 👩‍💻']) expect(hasControlCharacters(good)).toBe(false);
  });
});
