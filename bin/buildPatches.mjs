// esbuild plugins that adjust third-party code for bin/build.mjs: each says why, and fails the
// build when the code it changes is no longer what it expects.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/**
 * yoga-layout (Ink's layout engine) loads its wasm, inlined as a data: URI, with `fetch` when the
 * global exists; on Node 20 the first touch of `fetch` loads undici (~50 ms of TUI start-up) just
 * to decode that URI. Shadowing `fetch` (and the streaming probe) in yoga's own modules sends it
 * to its synchronous base64 path, which it takes anyway when fetch is missing.
 */
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/\bfetch\b/.test(text)) return undefined;
      return { contents: `const fetch = undefined;\n${text.replaceAll('WebAssembly.instantiateStreaming', 'undefined')}`, loader: 'js' };
    });
  },
};

/**
 * node-postgres asks at load whether it runs in a Cloudflare Worker by building a `Response`,
 * which on Node 20 (no `navigator`) loads Node's whole fetch implementation: 25 ms of every
 * PostgreSQL command's start. The worker runs on Node only.
 */
export const pgWithoutCloudflareProbe = {
  name: 'pg-without-cloudflare-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const probe = 'if (isCloudflareRuntime()) {';
      if (!text.includes(probe))
        throw new Error(`${args.path}: pg's runtime probe changed; see pgWithoutCloudflareProbe in bin/buildPatches.mjs`);
      return { contents: text.replace(probe, 'if (false) {'), loader: 'js' };
    });
  },
};

/**
 * Ink's unmount leaves a throttle timer behind (unmounting the React tree asks for one more
 * render of it), so every TUI process lingered up to a frame (34 ms) before exiting. Both
 * throttles have been flushed by then: cancel them once the tree is gone.
 */
export const inkClearsThrottleTimers = {
  name: 'ink-clears-throttle-timers',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const gone = '        instances.delete(this.options.stdout);\n';
      if (!text.includes(gone)) throw new Error(`${args.path}: Ink's unmount changed; see inkClearsThrottleTimers in bin/build.mjs`);
      return {
        contents: text.replace(gone, `${gone}        this.throttledOnRender?.cancel?.();\n        this.throttledLog?.cancel?.();\n`),
        loader: 'js',
      };
    });
  },
};

/**
 * Ink makes each frame's text from a grid of cells, and for that splits every line it draws into
 * styled characters (ANSI tokenizing, string widths), in caches it throws away with the frame: a
 * cursor move re-tokenized all 30–60 unchanged lines, a fifth of the TUI's CPU per key on the
 * million-ticket queue (profiled), and the garbage behind its GC pauses. One set of caches serves
 * every frame instead, renewed once it holds 150 lines (a cursor move adds one or two; 600 held
 * 10 MiB more at the peak for no more hits). The cached characters are only read: Ink places
 * them into the grid and never changes them.
 *
 * Then each frame built the whole grid, an object per cell (6,000 at 100×60), and turned every
 * row back into a string. A row's text depends only on the width and on what is written into it,
 * in order (each write's column and its line, clipped and transformed): the frame now collects
 * those per row and builds the cells and the string only for a row not seen before (the rows
 * kept are renewed at 400). A cursor move redraws two rows' cells, not all of them.
 *
 * A row not seen before (PageDown brings 25) is mostly plain writes side by side: those are
 * joined as they are (src/tui/inkPlainRow.ts), without cells; only the rest take the grid.
 */
export const inkKeepsLineCachesAcrossFrames = {
  name: 'ink-keeps-line-caches-across-frames',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const perFrame = '    caches = new OutputCaches();\n';
      const output = 'export default class Output {\n';
      const grid = text.slice(text.indexOf('    get() {\n'), text.lastIndexOf('\n}\n'));
      if (!text.includes(perFrame) || !text.includes(output) || !INK_GET.every((part) => grid.includes(part)))
        throw new Error(`${args.path}: Ink's Output changed; see inkKeepsLineCachesAcrossFrames in bin/buildPatches.mjs`);
      const shared =
        (await plainRowSource()) +
        'let sharedCaches;\n' +
        'const framesCaches = () => (!sharedCaches || sharedCaches.styledChars.size > 150 ? (sharedCaches = new OutputCaches()) : sharedCaches);\n' +
        ROW_TEXTS;
      return {
        contents: text.replace(output, `${shared}${output}`).replace(perFrame, '    caches = framesCaches();\n').replace(grid, GET_BY_ROWS),
        loader: 'js',
      };
    });
  },
};

/**
 * Ink measures every text node of every frame (does it need wrapping?) with string-width, which
 * is instant on printable ASCII and splits anything else into graphemes with Unicode regexes
 * (~80 µs a 100-column line). The queue's rows avoid it (components/FittedLine.tsx), but the
 * reports' bars, the ticket view's messages and the help are measured again at every frame: on
 * the reports screen a third of a Tab's frame (profiled). A text's width never changes, so the
 * widths are kept by text (renewed at 2,000), as Ink's layout (measure-text.js) already keeps them.
 */
export const inkKeepsTextWidths = {
  name: 'ink-keeps-text-widths',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const imported = "import widestLine from 'widest-line';\n";
      if (!text.includes(imported) || !text.includes('const currentWidth = widestLine(text);'))
        throw new Error(`${args.path}: Ink's text measuring changed; see inkKeepsTextWidths in bin/buildPatches.mjs`);
      const kept =
        "import measureWidestLine from 'widest-line';\n" +
        'let widths = new Map();\n' +
        'const widestLine = (text) => {\n' +
        '    let width = widths.get(text);\n' +
        '    if (width === undefined) {\n' +
        '        if (widths.size >= 2000) widths = new Map();\n' +
        '        width = measureWidestLine(text);\n' +
        '        widths.set(text, width);\n' +
        '    }\n' +
        '    return width;\n' +
        '};\n';
      return { contents: text.replace(imported, kept), loader: 'js' };
    });
  },
};

/**
 * The first Intl.Segmenter a process builds loads ICU's break data: 22 ms. Ink's string-width
 * copies, slice-ansi and ansi-tokenize each built one as they loaded, so every TUI start paid it
 * before its first frame, which rarely needs one: each is now built on its first use. Ink's
 * string-width (8.x, in ink, widest-line and cli-truncate) also answers text of one-column
 * characters (src/tui/inkPlainRow.ts ONE_COLUMN_TEXT: `…`, `·`, accented names) by its length, as
 * it answers printable ASCII, instead of splitting it into graphemes.
 */
export const inkSegmentsOnUse = {
  name: 'ink-segments-on-use',
  setup(b) {
    const modules =
      /[\\/]node_modules[\\/](?:(?:ink|widest-line|cli-truncate|wrap-ansi)[\\/]node_modules[\\/]string-width[\\/]index\.js|slice-ansi[\\/]tokenize-ansi\.js|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js)$/;
    b.onLoad({ filter: modules }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      const built = /^const (\w+) = new Intl\.Segmenter\(([^)]*)\);$/m.exec(text);
      // Only ever used as `name.segment(…)` (comments aside): anything else would need the real object.
      const code = built
        ? text
            .split('\n')
            .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && line !== built[0])
            .join('\n')
        : '';
      const used = built ? (code.match(new RegExp(`\\b${built[1]}\\b`, 'g')) ?? []).length : 0;
      const segmentCalls = built ? (code.match(new RegExp(`\\b${built[1]}\\.segment\\(`, 'g')) ?? []).length : 0;
      if (!built || used === 0 || used !== segmentCalls)
        throw new Error(`${args.path}: its Intl.Segmenter changed; see inkSegmentsOnUse in bin/buildPatches.mjs`);
      text = text.replace(
        built[0],
        `let ${built[1]}Built;\nconst ${built[1]} = { segment: (text) => (${built[1]}Built ??= new Intl.Segmenter(${built[2]})).segment(text) };`,
      );
      if (/[\\/]string-width[\\/]/.test(args.path) && !/[\\/]wrap-ansi[\\/]/.test(args.path)) {
        const ascii = '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n';
        if (!text.includes(ascii))
          throw new Error(`${args.path}: string-width's ASCII shortcut changed; see inkSegmentsOnUse in bin/buildPatches.mjs`);
        text =
          (await oneColumnSource()) +
          text.replace(ascii, `${ascii}\tif (ONE_COLUMN_TEXT.test(string)) {\n\t\treturn string.length;\n\t}\n`);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/** Only ONE_COLUMN_TEXT's definition from src/tui/inkPlainRow.ts, for string-width. */
async function oneColumnSource() {
  const definition = /^const ONE_COLUMN_TEXT = .*;$/m.exec(await plainRowSource())?.[0];
  if (!definition) throw new Error('src/tui/inkPlainRow.ts: ONE_COLUMN_TEXT must be one regular expression literal');
  return `${definition}\n`;
}

/** src/tui/inkPlainRow.ts as plain JavaScript, to sit in Ink's output.js before rowText. */
async function plainRowSource() {
  const file = fileURLToPath(new URL('../src/tui/inkPlainRow.ts', import.meta.url));
  const { code } = await transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' });
  const plain = code.replace(/^export \{[^}]*\};\s*$/m, '');
  if (
    plain === code ||
    !/^function plainRowText\(/m.test(plain) ||
    !/^const ONE_COLUMN_TEXT =/m.test(plain) ||
    /^\s*(import|export)\b/m.test(plain)
  )
    throw new Error(`${file}: must define ONE_COLUMN_TEXT and plainRowText alone, without imports`);
  return plain;
}

/** What the replaced `get()` must still do as Ink 6 does it (a changed Ink fails the build). */
const INK_GET = [
  "            if (operation.type === 'write') {\n                const { text, transformers } = operation;\n",
  '                    const currentLine = output[y + offsetY];\n                    // Line can be missing if `text` is taller than height of pre-initialized `this.output`\n                    if (!currentLine) {\n                        continue;\n                    }\n                    for (const transformer of transformers) {\n                        line = transformer(line, index);\n                    }\n                    const characters = this.caches.getStyledChars(line);\n',
  '            return styledCharsToString(lineWithoutEmptyItems).trimEnd();\n',
];

/** A row's text from its writes (`[x, line, x, line, …]`), as Ink's grid made it; kept by content. */
const ROW_TEXTS = `let rowTexts = new Map();
function rowText(caches, width, writes) {
    const key = JSON.stringify([width, writes]);
    const known = rowTexts.get(key);
    if (known !== undefined) return known;
    const plain = plainRowText(width, writes);
    if (plain !== undefined) {
        if (rowTexts.size >= 400) rowTexts = new Map();
        rowTexts.set(key, plain);
        return plain;
    }
    const currentLine = [];
    for (let x = 0; x < width; x++) currentLine.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    for (let w = 0; w < writes.length; w += 2) {
        let offsetX = writes[w];
        for (const character of caches.getStyledChars(writes[w + 1])) {
            currentLine[offsetX] = character;
            const characterWidth = Math.max(1, caches.getStringWidth(character.value));
            for (let index = 1; index < characterWidth; index++)
                currentLine[offsetX + index] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
            offsetX += characterWidth;
        }
    }
    const text = styledCharsToString(currentLine.filter(item => item !== undefined)).trimEnd();
    if (rowTexts.size >= 400) rowTexts = new Map();
    rowTexts.set(key, text);
    return text;
}
`;

/** Ink 6's \`get()\` with the grid replaced by each row's writes (see ROW_TEXTS). */
const GET_BY_ROWS = `    get() {
        const rows = [];
        for (let y = 0; y < this.height; y++) rows.push([]);
        const clips = [];
        for (const operation of this.operations) {
            if (operation.type === 'clip') {
                clips.push(operation.clip);
            }
            if (operation.type === 'unclip') {
                clips.pop();
            }
            if (operation.type === 'write') {
                const { text, transformers } = operation;
                let { x, y } = operation;
                let lines = text.split('\\n');
                const clip = clips.at(-1);
                if (clip) {
                    const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
                    const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
                    if (clipHorizontally) {
                        const width = this.caches.getWidestLine(text);
                        if (x + width < clip.x1 || x > clip.x2) {
                            continue;
                        }
                    }
                    if (clipVertically) {
                        const height = lines.length;
                        if (y + height < clip.y1 || y > clip.y2) {
                            continue;
                        }
                    }
                    if (clipHorizontally) {
                        lines = lines.map(line => {
                            const from = x < clip.x1 ? clip.x1 - x : 0;
                            const width = this.caches.getStringWidth(line);
                            const to = x + width > clip.x2 ? clip.x2 - x : width;
                            return sliceAnsi(line, from, to);
                        });
                        if (x < clip.x1) {
                            x = clip.x1;
                        }
                    }
                    if (clipVertically) {
                        const from = y < clip.y1 ? clip.y1 - y : 0;
                        const height = lines.length;
                        const to = y + height > clip.y2 ? clip.y2 - y : height;
                        lines = lines.slice(from, to);
                        if (y < clip.y1) {
                            y = clip.y1;
                        }
                    }
                }
                let offsetY = 0;
                for (let [index, line] of lines.entries()) {
                    const writes = rows[y + offsetY];
                    // As Ink: a line below the last row is skipped, and the next line aims at the same row.
                    if (!writes) {
                        continue;
                    }
                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    writes.push(x, line);
                    offsetY++;
                }
            }
        }
        return {
            output: rows.map(writes => rowText(this.caches, this.width, writes)).join('\\n'),
            height: rows.length,
        };
    }`;

/**
 * Ink's own top-level awaits, in CommonJS: both only serve React DevTools (DEV=true), which
 * bin/ticketty runs from dist/cli.js instead.
 */
export const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // esbuild refuses any top-level await left in CommonJS output, so a changed Ink fails here.
      return {
        contents: text
          .replace("await import('./devtools.js');", "throw new Error('React DevTools need the ESM build');")
          .replace('? await loadPackageJson()', '? undefined'),
        loader: 'js',
      };
    });
  },
};

/**
 * yoga-layout instantiates its wasm with a top-level await. In CommonJS its default export is
 * bound once `yogaReady` resolves; Ink only touches it when it lays out, after the TUI awaited it.
 */
export const yogaReadyPromise = {
  name: 'yoga-ready-promise',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = 'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;';
      if (!text.includes(line)) throw new Error(`${args.path}: yoga-layout changed; see yogaReadyPromise in bin/build.mjs`);
      return {
        contents: text.replace(
          line,
          'let Yoga;\nexport const yogaReady = loadYoga().then((yoga) => { Yoga = wrapAssembly(yoga); });\nexport { Yoga as default };',
        ),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * mailparser loads (and linkify-it compiles five regexes of 1,500 TLDs for) what a plain-text
 * mail never needs: HTML to text, HTML entities, Japanese charsets, links in text (ticketty asks
 * for no text-to-HTML at all). These load on first use instead, and the biggest from a script of
 * their own (OWN_SCRIPT), so a plain-text mail does not even read them.
 */
/** What mailparser loads on first use from a script of its own (he stays: every mail's From needs it). */
export const OWN_SCRIPT = ['html-to-text', 'encoding-japanese'];

export const mailParserLoadsOnUse = {
  name: 'mail-parser-loads-on-use',
  setup(b) {
    const lazy = {
      // Used as `const { htmlToText } = require(...)`: hand out functions that load on call.
      'html-to-text':
        'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => (...args) => (real ??= require("html-to-text"))[name](...args) });',
      he: 'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => { real ??= require("he"); return typeof real[name] === "function" ? real[name].bind(real) : real[name]; } });',
      'encoding-japanese':
        'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => { real ??= require("encoding-japanese"); return typeof real[name] === "function" ? real[name].bind(real) : real[name]; } });',
      // Configured at load (tlds, add, set): record that, replay it when a link is first looked for.
      'linkify-it': [
        'module.exports = () => {',
        '  const calls = [];',
        '  let real;',
        '  const load = () => real ?? ((real = require("linkify-it")()), calls.forEach(([name, args]) => real[name](...args)), real);',
        '  const proxy = new Proxy({}, {',
        '    get: (_, name) => ["tlds", "add", "set"].includes(name) && !real',
        '      ? (...args) => (calls.push([name, args]), proxy)',
        '      : (...args) => load()[name](...args),',
        '  });',
        '  return proxy;',
        '};',
      ].join('\n'),
    };
    b.onResolve({ filter: new RegExp(`^(${Object.keys(lazy).join('|')})$`) }, (args) => {
      if (args.namespace !== 'on-first-use') return { path: args.path, namespace: 'on-first-use', pluginData: args.resolveDir };
      // Not even read for a plain-text mail: scripts of their own (bin/build.mjs builds them).
      return OWN_SCRIPT.includes(args.path) ? { path: `./vendor-${args.path}.cjs`, external: true } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: lazy[args.path],
      loader: 'js',
      resolveDir: args.pluginData,
    }));
  },
};

/**
 * iconv-lite's double-byte tables (Chinese, Japanese, Korean: 900 KB of JSON in mailparser's
 * script, twice, as libmime has its own copy) are required when such a charset is first decoded.
 * They go to one script, dist/vendor-iconv-tables.cjs, read only then: each table is keyed by a
 * hash of its content (the two copies are one), and `tables` collects them for that script.
 */
export function iconvTablesApart(tables) {
  return {
    name: 'iconv-tables-apart',
    setup(b) {
      b.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, async (args) => {
        if (!/[\\/]iconv-lite[\\/]encodings$/.test(args.resolveDir)) return undefined;
        const path = join(args.resolveDir, args.path);
        const key = createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
          .slice(0, 16);
        tables.set(key, path);
        return { path: key, namespace: 'iconv-table' };
      });
      b.onResolve({ filter: /^\.\/vendor-iconv-tables\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'iconv-table' }, (args) => ({
        contents: `module.exports = require('./vendor-iconv-tables.cjs')[${JSON.stringify(args.path)}]();`,
        loader: 'js',
      }));
    },
  };
}

/** The source of dist/vendor-iconv-tables.cjs: each table a function, so only the one used is built. */
export function iconvTablesSource(tables) {
  const entries = [...tables].map(([key, path]) => `  ${JSON.stringify(key)}: () => require(${JSON.stringify(path)}),`);
  return `module.exports = {\n${entries.join('\n')}\n};`;
}
