// Every verb's runner at once, for the faces that load the macro module anyway (the TUI, bulk).
import type { Action } from '../../domain/workflow.js';
import { runMacroVerb } from './macros.js';
import { EAGER_RUNNERS, type VerbRunner } from './verbRunners.js';

export const VERB_RUNNERS: Record<Action, VerbRunner> = {
  ...EAGER_RUNNERS,
  macro: runMacroVerb,
};
