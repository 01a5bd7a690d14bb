// A fitted line must look exactly like the same text drawn by Ink directly, styles included:
// only what Ink measures changes (an ASCII stand-in), not what the terminal gets.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import React from 'react';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { FittedLine } from '../../src/tui/components/FittedLine.js';

// Colours on while this file draws, so the styles' escape sequences are in the frame. Ink's chalk
// reads its level once, when first imported, maybe by another file of this worker (the suite's
// workers are not isolated): the level is set here and put back.
const require = createRequire(import.meta.url);
const inkChalk = (await import(pathToFileURL(createRequire(require.resolve('ink')).resolve('chalk')).href)).default as { level: number };
let level = 0;
beforeAll(() => {
  level = inkChalk.level;
  inkChalk.level = 1;
});
afterAll(() => {
  inkChalk.level = level;
});

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
