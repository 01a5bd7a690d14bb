// One key listener for the whole app. Screens and overlays register layers of bindings with a
// priority (after gemini-cli); a key goes to the highest active layer that binds it, so a dialog
// takes keys before the list under it. A modal layer also takes every key it does not bind.
// Type-ahead: keys that arrive together are delivered one at a time, each after the screen the
// previous one opened is on (so `Enter j` scrolls the ticket it opened, and `f priority=P2 Enter`
// types into the filter prompt). A bracketed paste is text for the top layer that takes text, never
// keys. After a blocking write, keys typed meanwhile can be dropped with a notice (dropTypeAhead).
import React, { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import { createPasteParser } from '../composer/bracketedPaste.js';
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

/** A blocking call shorter than this left no time to type ahead (keys after it are new keys). */
const BLOCKED_NOTICEABLY_MS = 150;
/** How long the next key of a burst waits for a frame from the one before, when none comes. */
const NO_COMMIT_MS = 30;

export const PRIORITY = { app: -10, screen: 0, overlay: 100, interrupt: 1000 } as const;

interface Layer {
  priority: number;
  bindings: readonly Binding[];
  /** Modal layers get every unbound key (text input) and stop it from reaching layers below. */
  capture?: ((input: string, key: Key) => void) | undefined;
  /** Takes a bracketed paste as text (a text field); layers without it let it pass down. */
  paste?: ((text: string) => void) | undefined;
}

interface Router {
  keymap: Keymap;
  set(id: symbol, layer: Layer): void;
  remove(id: symbol): void;
  /** The bindings in force, highest priority first, stopping below the first modal layer. */
  active(): Binding[];
  /** Drops the keys read right after a call that blocked for `blockedMs` (typed while busy), with a notice. */
  dropTypeAhead(what: string, blockedMs: number): void;
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
  const { internal_eventEmitter: events } = useStdin();
  // Raw input seen before Ink's key parsing: pastes, and keys to drop after a blocking write.
  const swallow = useRef(false);
  const dropping = useRef<{ what: string; count: number } | null>(null);
  /** Called from the layers' layout effects: a frame was committed. */
  const committed = useRef<() => void>(() => undefined);
  const latest = useRef<{ enqueue: (items: Array<{ kind: 'paste'; text: string }>) => void }>({ enqueue: () => undefined });
  useEffect(() => {
    const parser = createPasteParser();
    const onRaw = (data: string) => {
      if (dropping.current) {
        dropping.current.count++;
        swallow.current = true;
        return;
      }
      const pieces = parser.push(data);
      // Ink hands escape sequences over whole, so an event is either all keys or no keys.
      swallow.current = !pieces.some((p) => p.kind === 'keys');
      for (const piece of pieces) if (piece.kind === 'paste') latest.current.enqueue([{ kind: 'paste', text: piece.text }]);
    };
    events.prependListener('input', onRaw);
    return () => void events.removeListener('input', onRaw);
  }, [events]);

  const deliverPaste = (text: string) => {
    for (const layer of [...layers.current.values()].sort((a, b) => b.priority - a.priority)) {
      if (layer.paste) return layer.paste(text);
      if (layer.capture) break;
    }
    onDisabled('a paste is only taken by a text field (r reply, n note, f filter, / search); nothing was run');
  };

  const router = useMemo<Router>(() => {
    const sorted = () => [...layers.current.values()].sort((a, b) => b.priority - a.priority);
    return {
      keymap,
      set: (id, layer) => {
        layers.current.set(id, layer);
        committed.current();
      },
      remove: (id) => {
        layers.current.delete(id);
        committed.current();
      },
      active: () => {
        const out: Binding[] = [];
        for (const layer of sorted()) {
          out.push(...layer.bindings);
          if (layer.capture) break;
        }
        return out;
      },
      dropTypeAhead: (what, blockedMs) => {
        // A write that did not keep the screen waiting noticeably leaves no keys typed "meanwhile".
        if (dropping.current || blockedMs < BLOCKED_NOTICEABLY_MS) return;
        dropping.current = { what, count: 0 };
        // Two turns of the event loop: the keys typed during the blocking call are read in the
        // poll phase between them, wherever the call ran.
        setImmediate(() =>
          setImmediate(() => {
            const dropped = dropping.current;
            dropping.current = null;
            if (dropped?.count)
              onDisabled(
                `keys typed while ${dropped.what} were dropped (${dropped.count} read${dropped.count === 1 ? '' : 's'}); nothing else was run`,
              );
          }),
        );
      },
    };
  }, [keymap]);

  // Presses and pastes wait here while an earlier one of the same burst takes effect: the next
  // is delivered once React has committed the frame it caused (its key layers are then in place;
  // React 19 commits after the input handler returns), or after NO_COMMIT_MS if it changed nothing.
  const queue = useRef<Array<{ kind: 'press'; input: string; key: Key } | { kind: 'paste'; text: string }>>([]);
  const waiting = useRef<NodeJS.Timeout | null>(null);
  const deliver = (item: (typeof queue.current)[number]) =>
    item.kind === 'paste' ? deliverPaste(item.text) : dispatch(item.input, item.key);
  const pump = () => {
    if (waiting.current) clearTimeout(waiting.current);
    waiting.current = null;
    const item = queue.current.shift();
    if (!item) return;
    deliver(item);
    if (queue.current.length) waiting.current = setTimeout(pump, NO_COMMIT_MS);
  };
  committed.current = () => {
    if (waiting.current) queueMicrotask(pump);
  };
  function enqueue(items: Array<(typeof queue.current)[number]>): void {
    queue.current.push(...items);
    if (!waiting.current) pump();
  }

  // The raw listener is attached once; it reaches this render's handlers through a ref.
  latest.current = { enqueue };

  useInput((input, key) => {
    if (swallow.current) {
      swallow.current = false;
      return;
    }
    // Fast typing, key repeat, scripted input and keys typed while busy come in one chunk (Ink
    // splits only escape sequences): one press each.
    const chars = [...input];
    if (chars.length > 1 && !key.meta && !input.includes('\x1b'))
      enqueue(chars.map((ch) => ({ kind: 'press' as const, ...pressOfChar(ch, key) })));
    else enqueue([{ kind: 'press', input, key }]);
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

function pressOfChar(ch: string, template: Key): { input: string; key: Key } {
  const [input, key] = pressOf(ch, template);
  return { input, key };
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
export function useKeyLayer(
  priority: number,
  bindings: readonly Binding[],
  options: { active?: boolean; capture?: Layer['capture']; paste?: Layer['paste'] } = {},
): void {
  const router = useRouter();
  const id = useRef(Symbol('layer')).current;
  const active = options.active ?? true;
  // Every commit: handlers close over the latest state.
  useLayoutEffect(() => {
    if (active) router.set(id, { priority, bindings, capture: options.capture, paste: options.paste });
    else router.remove(id);
  });
  useLayoutEffect(() => () => router.remove(id), [router, id]);
}

/** The key map and the bindings in force (for the help overlay). */
export function useKeyHelp(): { keymap: Keymap; active: () => Binding[] } {
  const router = useRouter();
  return { keymap: router.keymap, active: router.active };
}

/** For screens that block on a write: drop the keys typed meanwhile (with a notice). */
export function useTypeAhead(): { dropTypeAhead: (what: string, blockedMs: number) => void } {
  return { dropTypeAhead: useRouter().dropTypeAhead };
}
