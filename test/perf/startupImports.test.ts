// Start-up guard: the CLI path never loads Ink or React (STYLE.md: importing Ink costs hundreds of
// milliseconds). Proved twice: statically, on esbuild's metafile (what dist/cli.js imports
// eagerly), and at run time, with a module-resolution hook that records every file the real
// `bin/ticketty ticket list` loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/ticketty');
const META = join(ROOT, 'dist/meta.json');
const FRONT_END = /node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler|ink-text-input)\/|^src\/tui\//;

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

let meta: Metafile;
const outputs = () => Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));
const inputsOf = (output: string) => Object.keys(meta.outputs[output]?.inputs ?? {});

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds when there is no metafile yet.
  if (!existsSync(META)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
  }
  meta = JSON.parse(readFileSync(META, 'utf8')) as Metafile;
});

/** dist/cli.js and every chunk it imports with a static `import` (what start-up evaluates). */
function eagerOutputs(): string[] {
  const entry = outputs().find(([, o]) => o.entryPoint === 'src/cli/main.ts')?.[0];
  if (!entry) throw new Error('no output for src/cli/main.ts in dist/meta.json');
  const seen = new Set<string>([entry]);
  for (const path of seen) for (const i of meta.outputs[path]!.imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) seen.add(i.path);
  return [...seen];
}

describe('the CLI start-up path', () => {
  it('imports no Ink, React or TUI module eagerly (bundle metafile)', () => {
    const eager = eagerOutputs();
    const frontEnd = eager.flatMap((o) => inputsOf(o).filter((i) => FRONT_END.test(i)).map((i) => `${o}: ${i}`));
    expect(frontEnd).toEqual([]);
    // The TUI is in the bundle, behind a dynamic import: the check above looks at real chunks.
    const tuiChunk = outputs().find(([path]) => inputsOf(path).includes('src/tui/run.tsx'))?.[0];
    expect(tuiChunk).toBeDefined();
    expect(eager).not.toContain(tuiChunk);
    expect(inputsOf(tuiChunk!).some((i) => /node_modules\/ink\//.test(i))).toBe(true);
  });

  describe('at run time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketty-startup-'));
    const db = join(dir, 'test.db');
    const log = join(dir, 'loaded.txt');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('`ticket list` and `ticket show` load only chunks without Ink or React', () => {
      writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');\n  return result;\n}\n`);
      writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
      const run = (...args: string[]) => {
        const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, '--db', db, '--as', 'admin', ...args], { encoding: 'utf8', env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' } });
        expect(r.status, r.stderr).toBe(0);
      };
      run('init', '--admin', 'admin');
      run('ticket', 'create', '--subject', 'VPN drops', '--text', 'hourly', '--requester', 'admin');
      rmSync(log, { force: true });
      run('ticket', 'list', '--json');
      run('ticket', 'show', '1', '--json');
      const loaded = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.includes('/dist/')).map((u) => basename(fileURLToPath(u))))];
      expect(loaded).toContain('cli.js');
      const withFrontEnd = loaded.filter((file) => inputsOf(`dist/${file}`).some((i) => FRONT_END.test(i)));
      expect(withFrontEnd).toEqual([]);
      expect(readFileSync(log, 'utf8')).not.toMatch(/node_modules\/(ink|react)\//);
    });
  });
});
