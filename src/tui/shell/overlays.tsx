// The one overlay state (after codex-cli): at most one overlay is open. To add one, add a variant
// to `Overlay`, its component to `OverlayView`, and (if it is not full-screen) its height below.
import React from 'react';
import type { Binding } from '../keymap/KeyRouter.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { PromptOverlay, type PromptSpec } from '../components/PromptOverlay.js';
import { ChoiceOverlay, choiceRows, type ChoiceSpec } from '../components/ChoiceOverlay.js';
import { ConfirmOverlay, type ConfirmSpec } from '../components/ConfirmOverlay.js';
import { Composer, type ComposerSpec } from '../screens/ticket/Composer.js';

export type Overlay =
  | { kind: 'none' }
  /** The bindings that were in force when help opened. */
  | { kind: 'help'; bindings: Binding[] }
  | { kind: 'prompt'; prompt: PromptSpec }
  | { kind: 'choice'; choice: ChoiceSpec }
  /** Full screen: a batch preview, a conflict report. */
  | { kind: 'confirm'; confirm: ConfirmSpec }
  /** Full screen: the multi-line composer of a reply, note, question or resolution. */
  | { kind: 'composer'; composer: ComposerSpec };

export const NO_OVERLAY: Overlay = { kind: 'none' };

/** Full-screen overlays replace the screen body; the others take rows at the bottom. */
export function overlayPlacement(overlay: Overlay): { fullScreen: boolean; rows: number } {
  switch (overlay.kind) {
    case 'help':
    case 'confirm':
    case 'composer':
      return { fullScreen: true, rows: 0 };
    case 'prompt':
      return { fullScreen: false, rows: 3 };
    case 'choice':
      return { fullScreen: false, rows: choiceRows(overlay.choice.items.length) };
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
    case 'choice':
      return <ChoiceOverlay choice={overlay.choice} />;
    case 'confirm':
      return <ConfirmOverlay confirm={overlay.confirm} />;
    case 'composer':
      return <Composer spec={overlay.composer} />;
    default:
      return null;
  }
}
