import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINE_BREAK_MARK, MAX_CONTROL_STRING, sanitizeForTerminal, stringifyJsonForTerminal } from './sanitize.js';

// What a terminal could interpret: C0 controls other than \t and \n, DEL, C1 controls.
const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\x1b';
const ST = `${ESC}\\`;
const BEL = '\x07';

const fromRange = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

// Text a person could type that is safe as is (no controls, no invisible format characters).
const printablePiece = fc.oneof(
  { weight: 6, arbitrary: fromRange(0x20, 0x7e) },
  fromRange(0xa0, 0xff).filter((c) => c !== '\u00ad'),
  fromRange(0x391, 0x3c9), // Greek
  fromRange(0x410, 0x44f), // Cyrillic
  fromRange(0x627, 0x64a), // Arabic letters
  fromRange(0x5d0, 0x5ea), // Hebrew letters
  { weight: 3, arbitrary: fromRange(0x4e00, 0x9fff) }, // CJK
  fromRange(0x3041, 0x3096), // Hiragana
  fromRange(0xac00, 0xd7a3), // Hangul syllables
  fromRange(0xff01, 0xff5e), // fullwidth forms
  fromRange(0x1f600, 0x1f64f), // emoticons
  fc.constantFrom(
    'e\u0301',
    'n\u0303',
    '👍🏽',
    '👩‍💻',
    '👨‍👩‍👧‍👦',
    '🏳️‍🌈',
    '❤️',
    '❤️‍🔥',
    '👁️‍🗨️',
    '1️⃣',
    '#️⃣',
    '🇫🇷',
    '🇯🇵',
    '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
    '🧑🏿‍🤝‍🧑🏻',
    '👩‍🦰',
    'می‌خواهم',
    '葛󠄀',
    '⏎',
    '…',
    '\u3000',
    '漢字',
    'Ünïcödé',
    '￥',
  ),
);
const printable = fc.array(printablePiece, { maxLength: 40 }).map((pieces) => pieces.join(''));

const params = fc.array(fc.constantFrom(...'0123456789;:<=>?'), { maxLength: 12 }).map((a) => a.join(''));
const payload = fc.array(fc.oneof(fromRange(0x20, 0x7e), fromRange(0x4e00, 0x4e10)), { maxLength: 30 }).map((a) => a.join(''));
const terminator = fc.constantFrom(BEL, ST, '\u009c');

// Hostile fragments: every kind of control, escape sequence and invisible character.
const hostilePiece = fc.oneof(
  fromRange(0x00, 0x1f), // C0, including \t \n \r \b BEL ESC
  fc.constant('\x7f'),
  fromRange(0x80, 0x9f), // C1, including 8-bit CSI/OSC/DCS/ST
  fc.tuple(params, fromRange(0x20, 0x2f), fromRange(0x40, 0x7e)).map(([p, i, f]) => `${ESC}[${p}${i}${f}`),
  fc.tuple(params, fromRange(0x40, 0x7e)).map(([p, f]) => `${ESC}[${p}${f}`), // CSI: colours, cursor moves, erase
  fc.tuple(params, fromRange(0x40, 0x7e)).map(([p, f]) => `\u009b${p}${f}`), // 8-bit CSI
  fc.constantFrom(`${ESC}[2J`, `${ESC}[1A${ESC}[2K`, `${ESC}[?1049h`, `${ESC}[31m`, `${ESC}[0m`, `${ESC}[6n`, `${ESC}[8m`),
  fc.tuple(payload, terminator).map(([t, end]) => `${ESC}]0;${t}${end}`), // window title
  fc.tuple(payload, payload).map(([url, text]) => `${ESC}]8;;https://${url}${ST}${text}${ESC}]8;;${ST}`), // hyperlink
  fc.base64String({ maxLength: 40 }).map((b) => `${ESC}]52;c;${b}${BEL}`), // clipboard write
  fc.base64String({ maxLength: 40 }).map((b) => `\u009d52;c;${b}\u009c`), // 8-bit clipboard write
  fc.tuple(payload, terminator).map(([t, end]) => `${ESC}P1$q${t}${end}`), // DCS
  fc.tuple(fc.constantFrom('X', '^', '_', 'P', ']'), payload).map(([k, t]) => `${ESC}${k}${t}${ST}`), // SOS/PM/APC
  fc.tuple(fc.constantFrom('\u0090', '\u0098', '\u009e', '\u009f'), payload).map(([k, t]) => `${k}${t}\u009c`),
  fc.tuple(fc.constantFrom(']', 'P', '_', '['), payload).map(([k, t]) => `${ESC}${k}${t}`), // unterminated
  fc.tuple(fromRange(0x20, 0x7e)).map(([c]) => `${ESC}${c}`), // two-byte, nF
  fc.constantFrom(`${ESC}c`, `${ESC}(0`, `${ESC}#8`, `${ESC}7`, `${ESC}8`, `${ESC}M`, ST, ESC),
  fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'),
  fc.constantFrom(
    '\u200b',
    '\u200c',
    '\u200d',
    '\u2060',
    '\ufeff',
    '\u00ad',
    '\u180e',
    '\u3164',
    '\ufff9',
    '\ufe0f',
    '\u{e0041}',
    '\u{e0100}',
  ),
  fc.constantFrom('\r\n', '\u2028', '\u2029', '\u0085', '\ud800', '\udc00'),
);
const hostile = fc
  .array(fc.oneof({ weight: 3, arbitrary: hostilePiece }, { weight: 2, arbitrary: printablePiece }), { maxLength: 30 })
  .map((pieces) => pieces.join(''));

function assertSafe(out: string, multiline: boolean): void {
  expect(out).not.toMatch(FORBIDDEN);
  expect(out).not.toMatch(BIDI);
  if (!multiline) expect(out).not.toContain('\n');
  expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

describe('sanitizeForTerminal: joiners', () => {
  it('drops a joiner whose next letter is itself invisible (a Hangul filler), so a second pass changes nothing', () => {
    const out = sanitizeForTerminal('\u0391\u200d\u3164');
    expect(out).toBe('\u0391');
    expect(sanitizeForTerminal(out)).toBe(out);
    expect(sanitizeForTerminal('\u0645\u200c\u06cc')).toBe('\u0645\u200c\u06cc'); // Persian ZWNJ stays
  });
});

describe('sanitizeForTerminal: generated corpus', () => {
  it('leaves nothing a terminal interprets, in 10,000 hostile strings, and is idempotent', () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (text, multiline) => {
        const out = sanitizeForTerminal(text, { multiline });
        assertSafe(out, multiline);
        expect(sanitizeForTerminal(out, { multiline })).toBe(out);
      }),
      { numRuns: 10_000 },
    );
  });

  it('leaves nothing a terminal interprets in arbitrary UTF-16', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (text, multiline) => {
        const out = sanitizeForTerminal(text, { multiline });
        assertSafe(out, multiline);
        expect(sanitizeForTerminal(out, { multiline })).toBe(out);
      }),
      { numRuns: 3_000 },
    );
  });

  it('passes printable text through unchanged (CJK, emoji sequences, accents, RTL letters)', () => {
    fc.assert(
      fc.property(printable, (text) => {
        expect(sanitizeForTerminal(text)).toBe(text);
        expect(sanitizeForTerminal(text, { multiline: true })).toBe(text);
      }),
      { numRuns: 3_000 },
    );
  });

  it('passes printable lines through unchanged in multiline mode', () => {
    fc.assert(
      fc.property(fc.array(printable, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines.join('\n');
        expect(sanitizeForTerminal(text, { multiline: true })).toBe(text);
        expect(sanitizeForTerminal(text)).toBe(lines.join(LINE_BREAK_MARK));
      }),
      { numRuns: 1_000 },
    );
  });

  it('never hides text past a line break, whatever comes before it', () => {
    fc.assert(
      fc.property(hostile, printable, (before, after) => {
        expect(sanitizeForTerminal(`${before}\n${after}`, { multiline: true }).endsWith(`\n${after}`)).toBe(true);
        expect(sanitizeForTerminal(`${before}\n${after}`).endsWith(`${LINE_BREAK_MARK}${after}`)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('sanitizeForTerminal: escape sequences', () => {
  const s = (text: string) => sanitizeForTerminal(text);

  it('removes CSI sequences (colours, cursor moves, screen erase, alternate screen)', () => {
    expect(s(`${ESC}[31mred${ESC}[0m and ${ESC}[1;31;4mbold`)).toBe('red and bold');
    expect(s(`a${ESC}[2J${ESC}[H${ESC}[?1049hb${ESC}[1A${ESC}[2Kc`)).toBe('abc');
    expect(s(`\u009b31mred\u009b0m`)).toBe('red');
  });

  it('removes OSC window titles, hyperlinks (keeping the link text) and clipboard writes', () => {
    expect(s(`${ESC}]0;pwned${BEL}Subject`)).toBe('Subject');
    expect(s(`${ESC}]2;pwned${ST}Subject`)).toBe('Subject');
    expect(s(`see ${ESC}]8;;https://evil.example/${ST}docs${ESC}]8;;${ST}!`)).toBe('see docs!');
    expect(s(`${ESC}]52;c;cm0gLXJmIH4K${BEL}hi`)).toBe('hi');
    expect(s(`\u009d52;c;cm0gLXJmIH4K\u009chi`)).toBe('hi');
    expect(s(`\u009d0;title${BEL}hi`)).toBe('hi');
  });

  it('removes DCS, SOS, PM and APC strings up to ST', () => {
    expect(s(`a${ESC}P1$qm${ST}b`)).toBe('ab');
    expect(s(`a${ESC}X sos ${ST}b${ESC}^ pm ${ST}c${ESC}_ apc ${ST}d`)).toBe('abcd');
    expect(s(`a\u0090dcs\u009cb\u0098sos\u009cc\u009eqq\u009cd\u009fapc\u009ce`)).toBe('abcde');
  });

  it('removes two-byte and nF escape sequences (reset, charset switch, save cursor)', () => {
    expect(s(`${ESC}cclear ${ESC}(0line${ESC}(B ${ESC}7x${ESC}8 ${ESC}#8`)).toBe('clear line x ');
    expect(s(`end${ESC}`)).toBe('end');
  });

  it('does not let an unterminated control string swallow text', () => {
    expect(s(`ok${ESC}]0;no terminator here`)).toBe('ok0;no terminator here');
    expect(sanitizeForTerminal(`ok${ESC}]8;;x\nsecond line`, { multiline: true })).toBe('ok8;;x\nsecond line');
    expect(s(`a${ESC}Pdata${ESC}[31mb`)).toBe('adatab'); // an ESC other than ST ends it
    const long = 'x'.repeat(MAX_CONTROL_STRING + 10);
    expect(s(`${ESC}]0;${long}${BEL}tail`)).toBe(`0;${long}tail`);
    expect(s(`${ESC}]0;${'x'.repeat(MAX_CONTROL_STRING - 10)}${BEL}tail`)).toBe('tail');
    expect(s(`${ESC}[12;34`)).toBe('12;34');
  });
});

describe('sanitizeForTerminal: controls and invisible characters', () => {
  it('turns line breaks into ⏎ in single-line mode and keeps \\n in multiline mode', () => {
    expect(sanitizeForTerminal('one\ntwo\r\nthree\rfour')).toBe('one⏎ two⏎ three⏎ four');
    expect(sanitizeForTerminal('one\ntwo\r\nthree\rfour', { multiline: true })).toBe('one\ntwo\nthree\nfour');
    expect(sanitizeForTerminal('a\u2028b\u0085c', { multiline: true })).toBe('a\nb\nc');
  });

  it('shows text that \\r or \\b would have overwritten', () => {
    expect(sanitizeForTerminal('Refund approved\rRefund denied  ')).toBe('Refund approved⏎ Refund denied  ');
    expect(sanitizeForTerminal('yes\b\b\bno!')).toBe('yesno!');
  });

  it('turns tabs into a space and removes NUL, BEL, DEL and C1', () => {
    expect(sanitizeForTerminal('a\tb\vc\fd')).toBe('a b c d');
    expect(sanitizeForTerminal('a\x00b\x07c\x7fd\u0080e\u009af')).toBe('abcdef');
  });

  it('removes bidi overrides, isolates and marks (Trojan Source)', () => {
    expect(sanitizeForTerminal('invoice_\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(sanitizeForTerminal('\u2066a\u2067b\u2068c\u2069\u200ed\u200fe\u061cf\u202a\u202b\u202c\u202d')).toBe('abcdef');
  });

  it('removes zero-width and other hiding characters but keeps emoji and script joiners', () => {
    expect(sanitizeForTerminal('pay\u200Bpal\u2060\uFEFF\u00AD.com')).toBe('paypal.com');
    expect(sanitizeForTerminal('a\u200Db\u200Cc')).toBe('abc');
    expect(sanitizeForTerminal('hidden\u{E0041}\u{E0042}tags')).toBe('hiddentags');
    expect(sanitizeForTerminal('a\uFE0F\uFE0F\uFE0Fb')).toBe('a\uFE0Fb'); // one selector per character
    expect(sanitizeForTerminal('\u3164\u115F')).toBe(''); // Hangul fillers look like blank names
    for (const kept of ['👩‍💻', '🏳️‍🌈', '👨‍👩‍👧', '❤️‍🔥', '1️⃣', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', 'می‌خواهم', 'क्‍ष']) {
      expect(sanitizeForTerminal(kept)).toBe(kept);
    }
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(sanitizeForTerminal('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitizeForTerminal('😀')).toBe('😀');
  });
});

describe('JSON output', () => {
  it('JSON.stringify escapes ESC and C0 but leaves DEL, C1 and bidi controls raw', () => {
    const nasty = `${ESC}]0;x${BEL}${ESC}[31m\r\b\u009b31m\u009d0;x\u009c\u007f\u202e`;
    const plain = JSON.stringify({ subject: nasty });
    expect(plain).not.toMatch(/[\x00-\x1f]/);
    expect(plain).toMatch(/[\x7f-\x9f]/); // why stringifyJsonForTerminal exists
  });

  it('stringifyJsonForTerminal leaves no raw ESC, C1 or bidi control and parses back exactly', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(undefined, 2), (text, space) => {
        const json = stringifyJsonForTerminal({ text, list: [text] }, space);
        // Raw \n only as indentation when pretty-printing; inside strings it is always escaped.
        expect(json).not.toMatch(space === undefined ? /[\x00-\x1f\x7f-\x9f]/ : /[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
        expect(json).not.toMatch(BIDI);
        expect(JSON.parse(json)).toEqual({ text, list: [text] });
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses values that are not JSON', () => {
    expect(() => stringifyJsonForTerminal(undefined)).toThrow(TypeError);
  });
});
