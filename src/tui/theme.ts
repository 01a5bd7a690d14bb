// Colours by meaning, not by name, so NO_COLOR (https://no-color.org) switches them all off at once.
// Without colour, emphasis falls back to attributes (bold, inverse), which NO_COLOR allows.

export type Tone = 'danger' | 'warning' | 'ok' | 'muted' | 'accent';

export interface Theme {
  colors: boolean;
  /** The colour for a tone, or undefined when colours are off. */
  color(tone: Tone): string | undefined;
}

const PALETTE: Record<Tone, string> = { danger: 'red', warning: 'yellow', ok: 'green', muted: 'gray', accent: 'cyan' };

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  const colors = !(typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '');
  return { colors, color: (tone) => (colors ? PALETTE[tone] : undefined) };
}
