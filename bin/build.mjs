#!/usr/bin/env node
// Bundles the CLI (and the lazily loaded TUI chunk) so start-up is not dominated by module
// resolution. better-sqlite3 stays external: it is a native addon.
//
// Not minified on purpose: measured here, esbuild's full minify made start-up slower, not faster
// (V8 compiles the wrapped, minified functions eagerly). dist/meta.json is esbuild's metafile:
// test/perf/startupImports.test.ts reads it to prove the CLI path never loads Ink or React.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  legalComments: 'none',
  external: ['better-sqlite3', 'react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [yogaWithoutFetch],
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));

// Chunks of earlier builds pile up (their names are content hashes). Remove those older than ten
// minutes: a younger one may still be loaded lazily by a process started before this build.
const current = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
current.add('meta.json');
for (const file of readdirSync(outdir)) {
  const path = join(outdir, file);
  if (!current.has(file) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
}
