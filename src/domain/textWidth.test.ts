import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codePointWidth, displayWidth, padToWidth, truncateToWidth } from './textWidth.js';

describe('displayWidth', () => {
  it('counts ASCII, accents and narrow scripts as one column each', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('hello')).toBe(5);
    expect(displayWidth('café')).toBe(4);
    expect(displayWidth('cafe\u0301')).toBe(4);
    expect(displayWidth('Привет')).toBe(6);
    expect(displayWidth('…⏎')).toBe(2);
  });

  it('counts CJK, Hangul, kana and fullwidth forms as two columns', () => {
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('カタカナ')).toBe(8);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('\u3000')).toBe(2);
    expect(codePointWidth(0x4e00)).toBe(2);
    expect(codePointWidth(0x41)).toBe(1);
  });

  it('counts emoji and emoji sequences as two columns', () => {
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2);
    expect(displayWidth('🏳️‍🌈')).toBe(2);
    expect(displayWidth('🇫🇷')).toBe(2);
    expect(displayWidth('❤️')).toBe(2);
    expect(displayWidth('1️⃣')).toBe(2);
    expect(displayWidth('a😀b')).toBe(4);
  });

  it('counts invisible characters as zero', () => {
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('\u0301')).toBe(0);
  });
});

describe('truncateToWidth', () => {
  it('keeps text that fits and cuts the rest with an ellipsis', () => {
    expect(truncateToWidth('hello', 5)).toBe('hello');
    expect(truncateToWidth('hello world', 5)).toBe('hell…');
    expect(truncateToWidth('hello', 1)).toBe('…');
    expect(truncateToWidth('hello', 0)).toBe('');
    expect(truncateToWidth('hello', -3)).toBe('');
    expect(truncateToWidth('hello world', 6, '...')).toBe('hel...');
  });

  it('never splits a wide character or an emoji sequence', () => {
    expect(truncateToWidth('漢字漢字', 5)).toBe('漢字…');
    expect(truncateToWidth('漢字漢字', 4)).toBe('漢…');
    expect(truncateToWidth('👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 3)).toBe('👨‍👩‍👧‍👦…');
    expect(truncateToWidth('cafe\u0301s and more', 5)).toBe('cafe\u0301…');
  });

  it('always fits in the width', () => {
    const text = fc
      .array(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('漢', '😀', '👩‍💻', 'é', 'ＡＢ')), { maxLength: 20 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 30 }), (t, width) => {
        const cut = truncateToWidth(t, width);
        expect(displayWidth(cut)).toBeLessThanOrEqual(width);
        if (displayWidth(t) <= width) expect(cut).toBe(t);
        else if (width > 0) expect(cut.endsWith('…')).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('padToWidth', () => {
  it('pads by display width on the chosen side', () => {
    expect(padToWidth('漢', 4)).toBe('漢  ');
    expect(padToWidth('42', 4, 'right')).toBe('  42');
    expect(padToWidth('toolong', 3)).toBe('toolong');
  });
});
