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
import { basename, join } from 'node:path';
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

/** In dist/cli.cjs the TUI is a stub: bin/ticketty starts the TUI from dist/cli.js. */
const tuiOnlyInEsm = {
  name: 'tui-only-in-esm',
  setup(b) {
    b.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, () => ({ path: 'tui-stub', namespace: 'tui-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'tui-stub' }, () => ({
      contents: "export async function runTui() { throw new Error('the TUI starts from dist/cli.js: run ticketty without a command'); }",
      loader: 'js',
    }));
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

const result = await build({
  ...common,
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  sourcemap: 'linked',
  plugins: [yogaWithoutFetch],
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);",
  },
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));

const commands = await build({
  ...common,
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  write: false,
  define: { ...common.define, 'import.meta.url': '__ttModuleUrl' },
  banner: { js: "var __ttModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [tuiOnlyInEsm],
});
// ASCII only, so that bin/ticketty reads it as latin1 (a quarter of the time of UTF-8 here): what
// esbuild leaves outside ASCII is comments, where \u escapes change nothing.
const code = commands.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// The first line names the build: code caches are kept per build (V8 itself only checks the length).
const buildId = createHash('sha256').update(code).digest('hex').slice(0, 16);
writeFileSync(join(outdir, 'cli.cjs'), `// ticketty-build ${buildId}\n${code}`);
writeFileSync(join(outdir, 'meta-cjs.json'), JSON.stringify(commands.metafile));

// Chunks of earlier builds pile up (their names are content hashes), and so do code caches of
// earlier builds. Remove those older than ten minutes: a younger one may still be in use by a
// process started before this build.
const current = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
for (const file of ['meta.json', 'meta-cjs.json', 'cli.cjs']) current.add(file);
for (const file of readdirSync(outdir)) {
  const path = join(outdir, file);
  if (!current.has(file) && !file.includes(buildId) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
}

warmCodeCache();

/**
 * Writes the code cache of dist/cli.cjs for this Node by running the most common kind of command
 * (open a database, list tickets as JSON) once. Commands whose code is not in it compile as
 * without a cache; a failure here only costs speed, so it warns instead of failing the build.
 */
function warmCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-build-'));
  const bin = join(root, 'bin', 'ticketty');
  const env = { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z', TICKETTY_USER: 'admin', TICKETTY_DB: join(dir, 'warm.db') };
  const run = (args, extra = {}) => spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
  try {
    for (const args of [['init', '--admin', 'admin'], ['ticket', 'create', '--subject', 'Warm-up', '--text', 'cache']]) {
      const r = run(args, { TICKETTY_CODE_CACHE: '0' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    const r = run(['ticket', 'list', '--json']);
    if (r.status !== 0) throw new Error(r.stderr);
  } catch (error) {
    console.warn(`warning: no code cache for dist/cli.cjs (commands start slower): ${String(error).split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
