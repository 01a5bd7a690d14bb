// The one overlay state (after codex-cli): at most one overlay is open. To add one, add a variant
// to `Overlay`, its component to `OverlayView`, and (if it is not full-screen) its height below.
import React from 'react';
import type { Binding } from '../keymap/KeyRouter.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { PromptOverlay, type PromptSpec } from '../components/PromptOverlay.js';

export type Overlay =
  | { kind: 'none' }
  /** The bindings that were in force when help opened. */
  | { kind: 'help'; bindings: Binding[] }
  | { kind: 'prompt'; prompt: PromptSpec };

export const NO_OVERLAY: Overlay = { kind: 'none' };

/** Full-screen overlays replace the screen body; the others take rows at the bottom. */
export function overlayPlacement(overlay: Overlay): { fullScreen: boolean; rows: number } {
  switch (overlay.kind) {
    case 'help':
      return { fullScreen: true, rows: 0 };
    case 'prompt':
      return { fullScreen: false, rows: 3 };
    default:
      return { fullScreen: false, rows: 0 };
  }
}

export function OverlayView({ overlay }: { overlay: Overlay }) {
  switch (overlay.kind) {
    case 'help':
      return <HelpOverlay bindings={overlay.bindings} />;
    case 'prompt':
      return <PromptOverlay prompt={overlay.prompt} />;
    default:
      return null;
  }
}
