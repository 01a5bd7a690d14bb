#!/usr/bin/env node
// Bundles the CLI twice, so start-up is not dominated by module resolution and compilation:
// - dist/cli.js (ESM, split into chunks): the TUI, loaded lazily, and Ink needs ESM (it uses
//   top-level await);
// - dist/cli.cjs (CommonJS, one file, no Ink): every other command. bin/ticketty compiles it with a
//   V8 code cache (Node 20 has no module.enableCompileCache), warmed here by running one command.
// better-sqlite3 stays external: it is a native addon.
//
// Not minified on purpose: measured here, esbuild's full minify made start-up slower, not faster
// (V8 compiles the wrapped, minified functions eagerly). dist/meta.json and dist/meta-cjs.json are
// esbuild's metafiles: test/perf/startupImports.test.ts reads them to prove the command path never
// loads Ink or React.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * yoga-layout (Ink's layout engine) loads its wasm, inlined as a data: URI, with `fetch` when the
 * global exists; on Node 20 the first touch of `fetch` loads undici (~50 ms of TUI start-up) just
 * to decode that URI. Shadowing `fetch` (and the streaming probe) in yoga's own modules sends it
 * to its synchronous base64 path, which it takes anyway when fetch is missing.
 */
const yogaWithoutFetch = {
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
 * Ink's unmount leaves a throttle timer behind (unmounting the React tree asks for one more
 * render of it), so every TUI process lingered up to a frame (34 ms) before exiting. Both
 * throttles have been flushed by then: cancel them once the tree is gone.
 */
const inkClearsThrottleTimers = {
  name: 'ink-clears-throttle-timers',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const gone = '        instances.delete(this.options.stdout);\n';
      if (!text.includes(gone)) throw new Error(`${args.path}: Ink's unmount changed; see inkClearsThrottleTimers in bin/build.mjs`);
      return { contents: text.replace(gone, `${gone}        this.throttledOnRender?.cancel?.();\n        this.throttledLog?.cancel?.();\n`), loader: 'js' };
    });
  },
};

/**
 * Ink's own top-level awaits, in CommonJS: both only serve React DevTools (DEV=true), which
 * bin/ticketty runs from dist/cli.js instead.
 */
const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // esbuild refuses any top-level await left in CommonJS output, so a changed Ink fails here.
      return { contents: text.replace("await import('./devtools.js');", "throw new Error('React DevTools need the ESM build');").replace('? await loadPackageJson()', '? undefined'), loader: 'js' };
    });
  },
};

/**
 * yoga-layout instantiates its wasm with a top-level await. In CommonJS its default export is
 * bound once `yogaReady` resolves; Ink only touches it when it lays out, after the TUI awaited it.
 */
const yogaReadyPromise = {
  name: 'yoga-ready-promise',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = 'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;';
      if (!text.includes(line)) throw new Error(`${args.path}: yoga-layout changed; see yogaReadyPromise in bin/build.mjs`);
      return { contents: text.replace(line, 'let Yoga;\nexport const yogaReady = loadYoga().then((yoga) => { Yoga = wrapAssembly(yoga); });\nexport { Yoga as default };'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * mailparser loads (and linkify-it compiles five regexes of 1,500 TLDs for) what a plain-text
 * mail never needs: HTML to text, HTML entities, Japanese charsets, links in text (ticketty asks
 * for no text-to-HTML at all). In its script these load on first use instead.
 */
const mailParserLoadsOnUse = {
  name: 'mail-parser-loads-on-use',
  setup(b) {
    const lazy = {
      // Used as `const { htmlToText } = require(...)`: hand out functions that load on call.
      'html-to-text': 'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => (...args) => (real ??= require("html-to-text"))[name](...args) });',
      he: 'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => { real ??= require("he"); return typeof real[name] === "function" ? real[name].bind(real) : real[name]; } });',
      'encoding-japanese': 'let real;\nmodule.exports = new Proxy({}, { get: (_, name) => { real ??= require("encoding-japanese"); return typeof real[name] === "function" ? real[name].bind(real) : real[name]; } });',
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
    b.onResolve({ filter: new RegExp(`^(${Object.keys(lazy).join('|')})$`) }, (args) =>
      args.namespace === 'on-first-use' ? undefined : { path: args.path, namespace: 'on-first-use', pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({ contents: lazy[args.path], loader: 'js', resolveDir: args.pluginData }));
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');

const common = {
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  external: ['better-sqlite3', 'react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
};

/** The scripts of this build (see writeScript) and their build ids. */
const scripts = new Map();

const result = await build({
  ...common,
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  sourcemap: 'linked',
  plugins: [yogaWithoutFetch, inkClearsThrottleTimers],
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);",
  },
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));

// Big libraries that only some commands use get a script (and a code cache) of their own, so that
// the others neither read nor deserialize them. The TUI's (Ink, React) are one script: one React.
const VENDORED = ['mailparser', 'nodemailer', 'zod'];
const TUI_VENDORED = ['react', 'react/jsx-runtime', 'ink', 'ink-text-input'];
const vendored = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor-${args.path}.cjs`, external: true }));
    b.onResolve({ filter: /^\.\/vendor-tui\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: new RegExp(`^(${TUI_VENDORED.join('|').replace('/', '\\/')})$`) }, (args) => ({ path: args.path, namespace: 'vendor-tui' }));
    b.onLoad({ filter: /.*/, namespace: 'vendor-tui' }, (args) => ({ contents: `module.exports = require('./vendor-tui.cjs')[${JSON.stringify(args.path)}];`, loader: 'js' }));
    // Ink loads with the TUI's module (inside tui.ts's withoutCiVariables); the TUI starts once
    // yoga's wasm is ready (see yogaReadyPromise).
    b.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, (args) => (args.namespace === 'tui-entry' ? undefined : { path: args.path, namespace: 'tui-entry', pluginData: args.resolveDir }));
    b.onLoad({ filter: /.*/, namespace: 'tui-entry' }, (args) => ({
      contents: `const vendor = require('./vendor-tui.cjs');\nexport async function runTui(options) {\n  await vendor.yogaReady;\n  return (await import(${JSON.stringify(join(args.pluginData, args.path))})).runTui(options);\n}`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const commands = await build({
  ...common,
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  write: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [vendored],
});
writeScript('cli.cjs', commands.outputFiles[0].text);
writeFileSync(join(outdir, 'meta-cjs.json'), JSON.stringify(commands.metafile));
const tuiVendor = await build({
  ...common,
  entryPoints: undefined,
  stdin: { contents: `module.exports = { ${TUI_VENDORED.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(', ')}, yogaReady: require('yoga-layout').yogaReady };`, resolveDir: root, loader: 'js' },
  outfile: 'dist/vendor-tui.cjs',
  format: 'cjs',
  write: false,
  metafile: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [yogaWithoutFetch, inkClearsThrottleTimers, inkWithoutTopLevelAwait, yogaReadyPromise],
});
writeScript('vendor-tui.cjs', tuiVendor.outputFiles[0].text);
for (const name of VENDORED) {
  const vendor = await build({
    ...common,
    entryPoints: undefined,
    stdin: { contents: `module.exports = require('${name}');`, resolveDir: root, loader: 'js' },
    outfile: `dist/vendor-${name}.cjs`,
    format: 'cjs',
    write: false,
    metafile: false,
    plugins: name === 'mailparser' ? [mailParserLoadsOnUse] : [],
  });
  writeScript(`vendor-${name}.cjs`, vendor.outputFiles[0].text);
}

/**
 * A CommonJS module for bin/ticketty, written as a function expression of the usual CommonJS
 * wrapper, which bin/ticketty compiles with a code cache and calls. ASCII only, so that it is read
 * as latin1 (a quarter of the time of UTF-8 here): what esbuild leaves outside ASCII is in
 * comments, where \u escapes change nothing. The first line names the build: code caches are kept
 * per build (V8 itself only checks the source length).
 */
function writeScript(file, text) {
  const code = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const buildId = createHash('sha256').update(code).digest('hex').slice(0, 16);
  // Wrapped here, not at run time: concatenating a megabyte string on every start costs a copy.
  writeFileSync(join(outdir, file), `// ticketty-build ${buildId}\n(function (exports, require, module, __filename, __dirname) {${code}\n})`);
  scripts.set(file, buildId);
}

// Chunks of earlier builds pile up (their names are content hashes), and so do code caches of
// earlier builds. Remove those older than ten minutes: a younger one may still be in use by a
// process started before this build.
const current = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
for (const file of ['meta.json', 'meta-cjs.json', ...scripts.keys()]) current.add(file);
const buildIds = [...scripts.values()];
for (const file of readdirSync(outdir)) {
  const path = join(outdir, file);
  if (!current.has(file) && !buildIds.some((id) => file.includes(id)) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
}

warmCodeCache();

/**
 * Writes the code caches of dist/cli.cjs, the mail parser and Ink for this Node by running the
 * most common kinds of command once, on a scratch database: list tickets as JSON, take in one
 * mail, draw the TUI's first frame.
 * Code not run here compiles as it would without a cache (and scripts without one get theirs on
 * their first run); a failure here only costs speed, so it warns instead of failing the build.
 */
function warmCodeCache() {
  const mail = 'From: Ann <ann@example.com>\r\nTo: support@example.com\r\nSubject: Warm-up\r\nMessage-ID: <warm-up@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n';
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-build-'));
  const bin = join(root, 'bin', 'ticketty');
  const env = { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: 'admin', TICKETTY_DB: join(dir, 'warm.db') };
  try {
    for (const args of [['init', '--admin', 'admin'], ['ticket', 'create', '--subject', 'Warm-up', '--text', 'cache']]) {
      const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, TICKETTY_CODE_CACHE: '0' }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    const tui = { TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: '1', XDG_CONFIG_HOME: dir };
    for (const [args, input, extra] of [[['ticket', 'list', '--json']], [['mailgate'], mail], [[], '', tui]]) {
      const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extra }, input, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  } catch (error) {
    console.warn(`warning: no code cache for dist/cli.cjs (commands start slower): ${String(error).split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
