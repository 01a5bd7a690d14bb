import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import { buildKeymap, keyClashes } from './keymap.js';
import { isKeyName } from './keys.js';

describe('the key map', () => {
  it('binds every default key to a name the TUI can tell apart, with no clash between scopes active together', () => {
    const keymap = buildKeymap();
    for (const command of COMMANDS) for (const key of command.keys) expect(isKeyName(key), `${command.id}: ${key}`).toBe(true);
    expect(keyClashes(keymap)).toEqual([]);
  });

  it('a remap replaces the command’s default keys and only those', () => {
    const [first, second] = COMMANDS;
    const keymap = buildKeymap({ [first!.id]: ['ctrl+x'] });
    expect(keymap.keysOf(first!.id)).toEqual(['ctrl+x']);
    expect(keymap.matches(first!.id, 'ctrl+x')).toBe(true);
    for (const key of first!.keys) expect(keymap.matches(first!.id, key)).toBe(false);
    expect(keymap.keysOf(second!.id)).toEqual(second!.keys);
  });

  it('names the clash a remap makes between two commands on the same screen', () => {
    const queueCommands = COMMANDS.filter((c) => c.scope === 'queue');
    const [a, b] = queueCommands;
    const clashes = keyClashes(buildKeymap({ [a!.id]: b!.keys }));
    expect(clashes).toContainEqual([b!.keys[0], a!.id, b!.id]);
  });

  it('lets two screens that are never active together share a key', () => {
    const composerCommands = COMMANDS.filter((c) => c.scope === 'composer');
    const composerKeys = new Set(composerCommands.flatMap((c) => c.keys));
    const reportsKey = COMMANDS.filter((c) => c.scope === 'reports')
      .flatMap((c) => c.keys)
      .find((k) => !composerKeys.has(k))!;
    expect(keyClashes(buildKeymap({ [composerCommands[0]!.id]: [reportsKey] }))).toEqual([]);
  });
});
