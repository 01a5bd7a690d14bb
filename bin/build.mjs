#!/usr/bin/env node
// Bundles the CLI (and the lazily loaded TUI chunk) so start-up is not dominated by module
// resolution. better-sqlite3 stays external: it is a native addon.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
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
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
