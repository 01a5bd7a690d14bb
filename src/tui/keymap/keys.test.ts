import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { displayKey, isKeyName, keyNameOf } from './keys.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
} as Key;
const press = (input: string, key: Partial<Key> = {}) => keyNameOf(input, { ...NO_KEY, ...key });

describe('keyNameOf: one canonical name per key press', () => {
  it.each([
    ['', { return: true }, 'enter'],
    // Enter typed before the terminal was raw: the tty made it a line feed (so does Ctrl+J).
    ['\n', {}, 'enter'],
    ['', { escape: true }, 'escape'],
    ['', { tab: true }, 'tab'],
    ['', { tab: true, shift: true }, 'shift+tab'],
    // Terminals send DEL for Backspace and Ink calls it `delete`: both are the one backspace.
    ['', { backspace: true }, 'backspace'],
    ['', { delete: true }, 'backspace'],
    ['', { upArrow: true }, 'up'],
    ['', { downArrow: true }, 'down'],
    ['', { leftArrow: true }, 'left'],
    ['', { rightArrow: true }, 'right'],
    ['', { pageUp: true }, 'pageup'],
    ['', { pageDown: true }, 'pagedown'],
    ['', { home: true }, 'home'],
    ['', { end: true }, 'end'],
    ['s', { ctrl: true }, 'ctrl+s'],
    [' ', {}, 'space'],
    ['j', {}, 'j'],
    ['G', { shift: true }, 'G'],
    ['/', {}, '/'],
    ['é', {}, 'é'],
  ] as Array<[string, Partial<Key>, string]>)('%j %j is %s', (input, key, name) => {
    expect(press(input, key)).toBe(name);
  });

  it('names nothing for a paste-sized input, an Alt chord or ctrl with a non-letter', () => {
    expect(press('jk')).toBeNull();
    expect(press('j', { meta: true })).toBeNull();
    expect(press('1', { ctrl: true })).toBe('1');
  });

  it('every name it gives is a name the key map accepts', () => {
    for (const [input, key] of [
      ['x', {}],
      [' ', {}],
      ['a', { ctrl: true }],
      ['', { tab: true, shift: true }],
      ['', { end: true }],
    ] as Array<[string, Partial<Key>]>) {
      expect(isKeyName(press(input, key)!)).toBe(true);
    }
  });
});

describe('isKeyName: what a user may bind in the config', () => {
  it('accepts named keys, one character and ctrl+letter', () => {
    for (const name of ['enter', 'shift+tab', 'pagedown', 'j', 'G', '?', 'ctrl+r', '→']) expect(isKeyName(name)).toBe(true);
  });
  it('refuses chords, spaces, control characters and unknown names', () => {
    for (const name of ['', ' ', 'jj', 'ctrl+1', 'ctrl+R', 'alt+x', 'f1', '\u0007', '\u007f', 'Enter']) expect(isKeyName(name)).toBe(false);
  });
});

describe('displayKey', () => {
  it('shows arrows and paging keys as people read them, the rest as spelled', () => {
    expect(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'ctrl+s', 'j'].map(displayKey)).toEqual([
      '↑',
      '↓',
      '←',
      '→',
      'PgUp',
      'PgDn',
      'ctrl+s',
      'j',
    ]);
  });
});
