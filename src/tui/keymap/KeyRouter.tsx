// One key listener for the whole app. Screens and overlays register layers of bindings with a
// priority (after gemini-cli); a key goes to the highest active layer that binds it, so a dialog
// takes keys before the list under it. A modal layer also takes every key it does not bind.
import React, { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';
import type { CommandId } from './commands.js';
import type { Keymap } from './keymap.js';
import { keyNameOf } from './keys.js';

/** A controller's binding record (after lazygit): a command, its handler, why it is unavailable. */
export interface Binding {
  command: CommandId;
  run: () => void;
  /** When set, the command is unavailable: pressing its key shows this reason instead. */
  disabled?: string | null | undefined;
}

export const PRIORITY = { app: -10, screen: 0, overlay: 100, interrupt: 1000 } as const;

interface Layer {
  priority: number;
  bindings: readonly Binding[];
  /** Modal layers get every unbound key (text input) and stop it from reaching layers below. */
  capture?: ((input: string, key: Key) => void) | undefined;
}

interface Router {
  keymap: Keymap;
  set(id: symbol, layer: Layer): void;
  remove(id: symbol): void;
  /** The bindings in force, highest priority first, stopping below the first modal layer. */
  active(): Binding[];
}

const RouterContext = createContext<Router | null>(null);

export interface KeyRouterProps {
  keymap: Keymap;
  /** Called when a disabled command's key is pressed. */
  onDisabled: (reason: string) => void;
  /** Called for every key press the app sees (tracing for the benchmark). */
  onKey?: ((name: string | null) => void) | undefined;
  children: ReactNode;
}

export function KeyRouter({ keymap, onDisabled, onKey, children }: KeyRouterProps) {
  const layers = useRef(new Map<symbol, Layer>());
  const router = useMemo<Router>(() => {
    const sorted = () => [...layers.current.values()].sort((a, b) => b.priority - a.priority);
    return {
      keymap,
      set: (id, layer) => void layers.current.set(id, layer),
      remove: (id) => void layers.current.delete(id),
      active: () => {
        const out: Binding[] = [];
        for (const layer of sorted()) {
          out.push(...layer.bindings);
          if (layer.capture) break;
        }
        return out;
      },
    };
  }, [keymap]);

  useInput((input, key) => {
    // Fast typing, key repeat and scripted input deliver several keys in one chunk (Ink splits
    // only escape sequences): one press each.
    if ([...input].length > 1 && !key.meta && !input.includes('\x1b')) {
      for (const ch of input) dispatch(...pressOf(ch, key));
      return;
    }
    dispatch(input, key);
  });

  function dispatch(input: string, key: Key): void {
    const name = keyNameOf(input, key);
    onKey?.(name);
    for (const layer of [...layers.current.values()].sort((a, b) => b.priority - a.priority)) {
      const binding = name === null ? undefined : layer.bindings.find((b) => keymap.matches(b.command, name));
      if (binding) {
        if (binding.disabled) onDisabled(binding.disabled);
        else binding.run();
        return;
      }
      if (layer.capture) {
        layer.capture(input, key);
        return;
      }
    }
  }

  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/** One character of a multi-key chunk as Ink would report it alone. */
function pressOf(ch: string, template: Key): [string, Key] {
  const none = Object.fromEntries(Object.keys(template).map((k) => [k, false])) as unknown as Key;
  const code = ch.codePointAt(0)!;
  if (ch === '\r' || ch === '\n') return ['', { ...none, return: true }];
  if (ch === '\t') return ['', { ...none, tab: true }];
  if (code === 0x7f || code === 0x08) return ['', { ...none, delete: code === 0x7f, backspace: code === 0x08 }];
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...none, ctrl: true }];
  return [ch, { ...none, shift: /[A-Z]/.test(ch) }];
}

function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeyLayer outside <KeyRouter>');
  return router;
}

/** Registers this component's bindings while it is mounted and `active`. */
export function useKeyLayer(priority: number, bindings: readonly Binding[], options: { active?: boolean; capture?: Layer['capture'] } = {}): void {
  const router = useRouter();
  const id = useRef(Symbol('layer')).current;
  const active = options.active ?? true;
  // Every commit: handlers close over the latest state.
  useLayoutEffect(() => {
    if (active) router.set(id, { priority, bindings, capture: options.capture });
    else router.remove(id);
  });
  useLayoutEffect(() => () => router.remove(id), [router, id]);
}

/** The key map and the bindings in force (for the help overlay). */
export function useKeyHelp(): { keymap: Keymap; active: () => Binding[] } {
  const router = useRouter();
  return { keymap: router.keymap, active: router.active };
}
