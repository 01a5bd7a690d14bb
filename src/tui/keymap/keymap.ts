// The key map in force: the defaults of commands.ts with the user's remaps applied.
import { COMMANDS, type CommandId, type CommandScope } from './commands.js';

export interface Keymap {
  /** The keys that run a command. */
  keysOf(id: CommandId): readonly string[];
  /** Whether a key press (canonical name) runs the command. */
  matches(id: CommandId, keyName: string): boolean;
}

export type KeyOverrides = Partial<Record<CommandId, readonly string[]>>;

export function buildKeymap(overrides: KeyOverrides = {}): Keymap {
  const keys = new Map<CommandId, readonly string[]>();
  for (const c of COMMANDS) keys.set(c.id, overrides[c.id] ?? c.keys);
  return {
    keysOf: (id) => keys.get(id) ?? [],
    matches: (id, name) => (keys.get(id) ?? []).includes(name),
  };
}

/**
 * Keys bound to two commands of scopes that are active together (a screen's scope and `app`):
 * `[key, first, second]` for each clash, so config errors can name them.
 */
export function keyClashes(keymap: Keymap): Array<[string, CommandId, CommandId]> {
  const together: Record<CommandScope, CommandScope[]> = {
    app: ['app'],
    queue: ['queue', 'action', 'app'],
    ticket: ['ticket', 'action', 'app'],
    action: ['action', 'app'],
    reports: ['reports', 'app'],
    overlay: ['overlay', 'help'],
    help: ['help', 'overlay'],
    prompt: ['prompt'],
    choice: ['choice'],
    confirm: ['confirm'],
    composer: ['composer'],
    form: ['form'],
  };
  const clashes: Array<[string, CommandId, CommandId]> = [];
  for (const [i, a] of COMMANDS.entries()) {
    for (const b of COMMANDS.slice(i + 1)) {
      if (!together[a.scope].includes(b.scope) && !together[b.scope].includes(a.scope)) continue;
      for (const key of keymap.keysOf(a.id)) if (keymap.keysOf(b.id).includes(key)) clashes.push([key, a.id, b.id]);
    }
  }
  return clashes;
}
