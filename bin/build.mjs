#!/usr/bin/env node
// Bundles the CLI so that start-up is not dominated by module resolution and compilation:
// - dist/cli.cjs (CommonJS, one file): the whole CLI and TUI, which bin/ticketty compiles with a
//   V8 code cache (Node 20 has no module.enableCompileCache), and beside it dist/vendor-*.cjs, the
//   big libraries only some commands use (zod, mailparser, nodemailer; Ink and React), each with
//   its own cache. The caches are warmed here by running the common commands once.
// - dist/mailgate.cjs: `ticketty mailgate` alone (one process per incoming mail), with its cache.
// - dist/cli.js (ESM, split into chunks): the same CLI as ES modules, the fallback, and what
//   React DevTools (DEV=true) need.
// better-sqlite3 stays external: it is a native addon. bin/buildPatches.mjs adjusts Ink, yoga and
// mailparser for this.
//
// Not minified on purpose: measured here, esbuild's full minify made start-up slower, not faster
// (V8 compiles the wrapped, minified functions eagerly). dist/meta.json and dist/meta-cjs.json are
// esbuild's metafiles: test/perf/startupImports.test.ts reads them to prove the command path never
// loads Ink or React.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  OWN_SCRIPT,
  iconvTablesApart,
  iconvTablesSource,
  inkClearsThrottleTimers,
  inkKeepsLineCachesAcrossFrames,
  inkKeepsTextWidths,
  inkSegmentsOnUse,
  inkWithoutTopLevelAwait,
  mailParserLoadsOnUse,
  yogaReadyPromise,
  yogaWithoutFetch,
  pgWithoutCloudflareProbe,
} from './buildPatches.mjs';

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
  plugins: [yogaWithoutFetch, inkClearsThrottleTimers, inkKeepsLineCachesAcrossFrames, inkKeepsTextWidths, inkSegmentsOnUse],
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);",
  },
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));

// Big libraries that only some commands use get a script (and a code cache) of their own, so that
// the others neither read nor deserialize them. The TUI's (Ink, React) are one script: one React.
const VENDORED = ['mailparser', 'nodemailer', 'zod', 'html-to-text'];
const TUI_VENDORED = ['react', 'react/jsx-runtime', 'ink', 'ink-text-input'];
const vendored = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor-${args.path}.cjs`, external: true }));
    b.onResolve({ filter: /^\.\/vendor-tui\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: new RegExp(`^(${TUI_VENDORED.join('|').replace('/', '\\/')})$`) }, (args) => ({
      path: args.path,
      namespace: 'vendor-tui',
    }));
    b.onLoad({ filter: /.*/, namespace: 'vendor-tui' }, (args) => ({
      contents: `module.exports = require('./vendor-tui.cjs')[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    // Ink loads with the TUI's module (inside tui.ts's withoutCiVariables); the TUI starts once
    // yoga's wasm is ready (see yogaReadyPromise).
    b.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, (args) =>
      args.namespace === 'tui-entry' ? undefined : { path: args.path, namespace: 'tui-entry', pluginData: args.resolveDir },
    );
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
// `ticketty mailgate`, run once per incoming mail: the mail intake alone (src/cli/mailgateMain.ts),
// without yargs and the other commands. bin/ticketty asks it first; dist/cli.cjs runs the rest.
const mailgate = await build({
  ...common,
  entryPoints: undefined,
  stdin: { contents: "module.exports = require('./src/cli/mailgateMain.ts');", resolveDir: root, loader: 'js' },
  outfile: 'dist/mailgate.cjs',
  format: 'cjs',
  write: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [vendored],
});
writeScript('mailgate.cjs', mailgate.outputFiles[0].text);
writeFileSync(join(outdir, 'meta-mailgate.json'), JSON.stringify(mailgate.metafile));
const tuiVendor = await build({
  ...common,
  entryPoints: undefined,
  stdin: {
    contents: `module.exports = { ${TUI_VENDORED.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(', ')}, yogaReady: require('yoga-layout').yogaReady };`,
    resolveDir: root,
    loader: 'js',
  },
  outfile: 'dist/vendor-tui.cjs',
  format: 'cjs',
  write: false,
  metafile: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    yogaWithoutFetch,
    inkClearsThrottleTimers,
    inkKeepsLineCachesAcrossFrames,
    inkKeepsTextWidths,
    inkSegmentsOnUse,
    inkWithoutTopLevelAwait,
    yogaReadyPromise,
  ],
});
writeScript('vendor-tui.cjs', tuiVendor.outputFiles[0].text);
// What mailparser reads only for some mail (see mailParserLoadsOnUse and iconvTablesApart).
const iconvTables = new Map();
for (const name of [...new Set([...VENDORED, ...OWN_SCRIPT]), 'iconv-tables']) {
  const vendor = await build({
    ...common,
    entryPoints: undefined,
    stdin: {
      contents: name === 'iconv-tables' ? iconvTablesSource(iconvTables) : `module.exports = require('${name}');`,
      resolveDir: root,
      loader: 'js',
    },
    outfile: `dist/vendor-${name}.cjs`,
    format: 'cjs',
    write: false,
    metafile: false,
    plugins: name === 'mailparser' ? [mailParserLoadsOnUse, iconvTablesApart(iconvTables)] : [],
  });
  writeScript(`vendor-${name}.cjs`, vendor.outputFiles[0].text);
}

// The PostgreSQL store's worker thread (src/store/postgres/bridge.ts starts dist/pg-worker.cjs):
// node-postgres and drizzle's PostgreSQL dialect live in this file only, so the SQLite path never
// reads them. A script with a code cache, as the CLI's (bin/codeCache.cjs runWorkerScript).
const pgWorker = await build({
  ...common,
  entryPoints: { 'pg-worker': 'src/store/postgres/worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  write: false,
  metafile: false,
  // pg's optional native binding and its Cloudflare socket are never used here.
  external: [...common.external, 'pg-native', 'cloudflare:sockets'],
  plugins: [pgWithoutCloudflareProbe],
});
writeScript('pg-worker.cjs', pgWorker.outputFiles.find((f) => f.path.endsWith('.cjs')).text);

// The TUI's count worker (src/app/tickets/queueCounter.ts starts dist/count-worker.cjs): counts a
// queue on its own read-only SQLite connection, off the render thread. A plain script, as above.
await build({
  ...common,
  entryPoints: { 'count-worker': 'src/app/tickets/countWorker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  metafile: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

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
  writeFileSync(
    join(outdir, file),
    `// ticketty-build ${buildId}\n(function (exports, require, module, __filename, __dirname) {${code}\n})`,
  );
  scripts.set(file, buildId);
}

// Chunks of earlier builds pile up (their names are content hashes), and so do code caches of
// earlier builds. Remove those older than ten minutes: a younger one may still be in use by a
// process started before this build.
const current = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
for (const file of ['meta.json', 'meta-cjs.json', 'meta-mailgate.json', 'pg-worker.cjs', 'count-worker.cjs', ...scripts.keys()])
  current.add(file);
const buildIds = [...scripts.values()];
for (const file of readdirSync(outdir)) {
  const path = join(outdir, file);
  if (!current.has(file) && !buildIds.some((id) => file.includes(id)) && Date.now() - statSync(path).mtimeMs > 10 * 60_000)
    rmSync(path, { force: true });
}

warmCodeCache();

/**
 * Writes the code caches of dist/cli.cjs, the mail parser and Ink for this Node by running the
 * most common kinds of command once, on a scratch database: list tickets as JSON, take in one
 * mail, draw the TUI's first frame. Code not run here compiles as it would without a cache (and
 * scripts without one get theirs on their first run); a failure here only costs speed, so it
 * warns instead of failing the build.
 */
function warmCodeCache() {
  const mail =
    'From: Ann <ann@example.com>\r\nTo: support@example.com\r\nSubject: Warm-up\r\nMessage-ID: <warm-up@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n';
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-build-'));
  const bin = join(root, 'bin', 'ticketty');
  const env = { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: 'admin', TICKETTY_DB: join(dir, 'warm.db') };
  try {
    // Tickets in every state, so that the runs below take the paths real data takes.
    const demo = spawnSync(process.execPath, [bin, 'demo', '--tickets', '300'], {
      env: { ...env, TICKETTY_CODE_CACHE: '0' },
      encoding: 'utf8',
    });
    if (demo.status !== 0) throw new Error(demo.stderr);
    const tui = { TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: '1', XDG_CONFIG_HOME: dir, TICKETTY_CONFIG: '' };
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
