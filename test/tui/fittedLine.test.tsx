// A fitted line must look exactly like the same text drawn by Ink directly, styles included:
// only what Ink measures changes (an ASCII stand-in), not what the terminal gets.
import { describe, expect, it } from 'vitest';

// Colours on before Ink loads (chalk decides once), so the styles' escape sequences are in the frame.
const forceColor = process.env.FORCE_COLOR;
process.env.FORCE_COLOR = '1';
const React = (await import('react')).default;
const { Text } = await import('ink');
const { render } = await import('ink-testing-library');
const { FittedLine } = await import('../../src/tui/components/FittedLine.js');
if (forceColor === undefined) delete process.env.FORCE_COLOR;
else process.env.FORCE_COLOR = forceColor;

const frameOf = (node: React.ReactElement) => {
  const ui = render(node);
  const frame = ui.lastFrame() ?? '';
  ui.unmount();
  return frame;
};

const CASES = [
  ['plain ASCII', ['  #12 P2 ', '3h05', ' printer']],
  ['ellipsis, dash, cursor mark', ['› #757757 P2 ON HOLD ', '-35d3h', ' alice.cohen/St… Cannot open   —   3w']],
  ['accents, CJK, emoji, combining marks', ['é 日本語 ', '👍🏽x', ' e\u0301 Ｆｕｌｌ 한국어 ok']],
  ['keycaps, flags, joiners', ['#1\ufe0f\u20e3 ', '🇫🇷', ' 👩\u200d💻 a\u200bb —']],
] as const;

describe('FittedLine', () => {
  for (const [name, [before, sla, after]] of CASES) {
    for (const inverse of [false, true]) {
      it(`draws ${name}${inverse ? ', inverse' : ''} as Ink draws the text itself`, () => {
        const fitted = frameOf(
          <FittedLine inverse={inverse} segments={[{ text: before }, { text: sla, color: 'red', bold: true }, { text: after }]} />,
        );
        const direct = frameOf(
          <Text wrap="truncate" inverse={inverse}>
            {before}
            <Text color="red" bold>
              {sla}
            </Text>
            {after}
          </Text>,
        );
        expect(fitted).toBe(direct);
        expect(fitted).toContain(sla);
        if (inverse) expect(fitted).toContain('\x1b[7m');
      });
    }
  }
});
