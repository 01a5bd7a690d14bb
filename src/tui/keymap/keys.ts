// Key names: one canonical spelling per key press, used by the key map, user config and help.
import type { Key } from 'ink';

const NAMED_KEYS = [
  'enter',
  'escape',
  'tab',
  'shift+tab',
  'space',
  'backspace',
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
] as const;

/** Whether `name` is a key the TUI can tell apart: a named key, one character, or ctrl+letter. */
export function isKeyName(name: string): boolean {
  if ((NAMED_KEYS as readonly string[]).includes(name)) return true;
  if (/^ctrl\+[a-z]$/.test(name)) return true;
  return [...name].length === 1 && name !== ' ' && !/[\x00-\x1f\x7f]/.test(name);
}

export const KEY_NAME_HINT = `one character (j, G, /), ctrl+LETTER, or one of ${NAMED_KEYS.join(', ')}`;

/** The canonical name of an Ink key press, or null for one the key map does not name. */
export function keyNameOf(input: string, key: Key): string | null {
  // A line feed is Enter typed before the terminal was raw (the tty turns CR into LF), or Ctrl+J.
  if (key.return || input === '\n') return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Terminals send DEL (0x7f) for Backspace; Ink reports it as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.ctrl && /^[a-z]$/.test(input)) return `ctrl+${input}`;
  if (input === ' ') return 'space';
  if ([...input].length === 1 && !key.meta) return input;
  return null;
}

/** How help shows a key: arrows as symbols, the rest as spelled. */
export function displayKey(name: string): string {
  const symbols: Record<string, string> = { up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn' };
  return symbols[name] ?? name;
}
