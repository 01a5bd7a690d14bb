// Start-up guard: the CLI path never loads Ink or React (STYLE.md: importing Ink costs hundreds of
// milliseconds). Proved twice: statically, on esbuild's metafiles (dist/cli.cjs, which bin/ticketty
// runs, keeps Ink and React in dist/vendor-tui.cjs; the ESM fallback dist/cli.js loads them lazily),
// and at run time, with hooks that record every module and script the real `bin/ticketty ticket
// list` loads. Also: it runs through its code cache, and a bad cache costs speed, never a result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/ticketty');
const META = join(ROOT, 'dist/meta.json');
const META_CJS = join(ROOT, 'dist/meta-cjs.json');
const FRONT_END = /node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler|ink-text-input)\/|^src\/tui\//;

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

let meta: Metafile;
let metaCjs: Metafile;
const outputs = () => Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));
const inputsOf = (output: string) => Object.keys(meta.outputs[output]?.inputs ?? {});

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds when there is no metafile yet.
  if (!existsSync(META) || !existsSync(META_CJS)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
  }
  meta = JSON.parse(readFileSync(META, 'utf8')) as Metafile;
  metaCjs = JSON.parse(readFileSync(META_CJS, 'utf8')) as Metafile;
});

/** dist/cli.js and every chunk it imports with a static `import` (what start-up evaluates). */
function eagerOutputs(): string[] {
  const entry = outputs().find(([, o]) => o.entryPoint === 'src/cli/main.ts')?.[0];
  if (!entry) throw new Error('no output for src/cli/main.ts in dist/meta.json');
  const seen = new Set<string>([entry]);
  for (const path of seen)
    for (const i of meta.outputs[path]!.imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) seen.add(i.path);
  return [...seen];
}

describe('the CLI start-up path', () => {
  it('runs from dist/cli.cjs, which holds no Ink or React: they are dist/vendor-tui.cjs (bundle metafile)', () => {
    const inputs = Object.keys(metaCjs.outputs['dist/cli.cjs']?.inputs ?? {});
    expect(inputs).toContain('src/cli/commands/ticket.ts');
    expect(inputs).toContain('src/tui/run.tsx');
    expect(inputs.filter((i) => FRONT_END.test(i) && !i.startsWith('src/tui/'))).toEqual([]);
    // Libraries only some commands use are scripts of their own (dist/vendor-*.cjs), read on demand.
    expect(inputs.filter((i) => /node_modules\/(zod|mailparser|nodemailer|html-to-text)\//.test(i))).toEqual([]);
    // PostgreSQL's driver, its drizzle session, schema, repositories and filter compiler live in
    // dist/pg-worker.cjs only (store/postgres/bridge.ts). The command path holds url.ts (no imports),
    // to tell a PostgreSQL URL from a file, and behind dynamic imports the main thread's side of the
    // store (the bridge and the port, which import no library), `ticketty copy`'s writer and the demo's.
    const pg = inputs.filter((i) => /node_modules\/(pg|pg-[a-z-]+|pgpass)\/|drizzle-orm\/node-postgres\/|src\/store\/postgres\//.test(i));
    const mainThread = [
      ...['url', 'index', 'db', 'bridge', 'protocol', 'filters', 'bytes', 'batch', 'copyFromSqlite', 'demoData'],
      ...['transactions', 'settingsCache'],
    ].map((f) => `src/store/postgres/${f}.ts`);
    expect(pg.filter((i) => !mainThread.includes(i))).toEqual([]);
    const required = (metaCjs.outputs['dist/cli.cjs']?.imports ?? []).map((i) => i.path);
    expect(required).toEqual(expect.arrayContaining(['./vendor-tui.cjs', './vendor-zod.cjs', './vendor-mailparser.cjs']));
  });

  it('imports no Ink, React or TUI module eagerly in dist/cli.js either (bundle metafile)', () => {
    const eager = eagerOutputs();
    const frontEnd = eager.flatMap((o) =>
      inputsOf(o)
        .filter((i) => FRONT_END.test(i))
        .map((i) => `${o}: ${i}`),
    );
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

    const hooks = () => {
      // ESM imports through a resolve hook; CommonJS requires through Module._load; the scripts
      // bin/ticketty compiles itself (dist/*.cjs) through the file reads.
      writeFileSync(
        join(dir, 'hooks.mjs'),
        `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');\n  return result;\n}\n`,
      );
      writeFileSync(
        join(dir, 'register.mjs'),
        `import { register, Module, syncBuiltinESMExports } from 'node:module';\nimport fs, { appendFileSync } from 'node:fs';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\nconst load = Module._load;\nModule._load = function (request, parent, isMain) {\n  appendFileSync(${JSON.stringify(log)}, 'require ' + request + '\\n');\n  return load.call(this, request, parent, isMain);\n};\nconst read = fs.readFileSync;\nfs.readFileSync = function (path, ...rest) {\n  if (String(path).endsWith('.cjs')) appendFileSync(${JSON.stringify(log)}, 'script ' + path + '\\n');\n  return read.call(this, path, ...rest);\n};\nsyncBuiltinESMExports();\n`,
      );
      return ['--import', pathToFileURL(join(dir, 'register.mjs')).href];
    };
    const run = (bin: string, flags: string[], ...args: string[]) => {
      const r = spawnSync(process.execPath, [...flags, bin, '--db', db, '--as', 'admin', ...args], {
        encoding: 'utf8',
        env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };

    it('`ticket list` and `ticket show` load no Ink, React or zod, and not the ESM bundle', () => {
      const flags = hooks();
      run(BIN, [], 'init', '--admin', 'admin', '--free-clock');
      run(BIN, [], 'ticket', 'create', '--subject', 'VPN drops', '--text', 'hourly', '--requester', 'admin');
      rmSync(log, { force: true });
      run(BIN, flags, 'ticket', 'list', '--json');
      run(BIN, flags, 'ticket', 'show', '1', '--json');
      const loaded = readFileSync(log, 'utf8');
      expect(loaded).toMatch(/^require better-sqlite3$/m);
      expect(loaded).toMatch(/^script .*\/dist\/cli\.cjs$/m);
      expect(loaded).not.toMatch(/^script .*vendor-/m);
      expect(loaded).not.toMatch(/\/dist\/[^/\n]*\.js$/m);
      expect(loaded).not.toMatch(/node_modules\/(ink|react)\/|^require (ink|react)/m);
      // The code cache of this build, for this Node (written by the build, or by the first run).
      const build = /^\/\/ ticketty-build ([0-9a-f]+)/.exec(readFileSync(join(ROOT, 'dist/cli.cjs'), 'latin1'))?.[1];
      expect(build).toBeDefined();
      expect(readdirSync(join(ROOT, 'dist'))).toContain(`cli-${build}-node${process.version}-${process.arch}.v8cache`);
    });

    it('`mailgate` reads html-to-text only for a mail with no plain text; `ticket list` never', () => {
      const flags = hooks();
      const mailgate = (mail: string) => {
        rmSync(log, { force: true });
        const r = spawnSync(process.execPath, [...flags, BIN, '--db', db, 'mailgate'], {
          input: mail,
          encoding: 'utf8',
          env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
        });
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(log, 'utf8');
      };
      const plain = mailgate('From: a@acme.test\r\nSubject: plain\r\nMessage-ID: <si-1@x>\r\n\r\nhello\r\n');
      expect(plain).toMatch(/^script .*vendor-mailparser\.cjs$/m);
      expect(plain).not.toMatch(/vendor-(html-to-text|encoding-japanese|iconv-tables)/);
      const html = mailgate(
        'From: a@acme.test\r\nSubject: html\r\nMessage-ID: <si-2@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--b--\r\n',
      );
      expect(html).toMatch(/^script .*vendor-html-to-text\.cjs$/m);
      rmSync(log, { force: true });
      run(BIN, flags, 'ticket', 'list', '--json');
      expect(readFileSync(log, 'utf8')).not.toMatch(/vendor-(html-to-text|mailparser)/);
    });

    it('`mailgate` reads the double-byte tables and the Japanese converter when a mail needs them, and decodes it', () => {
      const flags = hooks();
      const mailgate = (subject: string, charset: string, body: string) => {
        rmSync(log, { force: true });
        const mail = `From: a@acme.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@x>\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
        const r = spawnSync(process.execPath, [...flags, BIN, '--db', db, 'mailgate'], {
          input: mail,
          encoding: 'utf8',
          env: { ...process.env, TICKETTY_NOW: '2026-03-02T10:00:00Z' },
        });
        expect(r.status, r.stderr).toBe(0);
        const id = /created ticket #(\d+)/.exec(r.stderr)?.[1];
        expect(id, r.stderr).toBeDefined();
        return {
          loaded: readFileSync(log, 'utf8'),
          ticket: JSON.parse(run(BIN, [], 'ticket', 'show', id!, '--json')) as { description: string },
        };
      };
      const chinese = mailgate('gb2312', 'gb2312', 'tPLTobv6sru5pNf3');
      expect(chinese.loaded).toMatch(/^script .*vendor-iconv-tables\.cjs$/m);
      expect(chinese.ticket.description).toContain('打印机不工作');
      const japanese = mailgate('iso-2022-jp', 'iso-2022-jp', 'GyRCJVclaiVzJT8hPCQsRjAkLSReJDskcxsoQg==');
      expect(japanese.loaded).toMatch(/^script .*vendor-encoding-japanese\.cjs$/m);
      expect(japanese.ticket.description).toContain('プリンターが動きません');
    });

    it('gives the same answers with a corrupt code cache, and with none, and repairs it', () => {
      // A copy of the installation, so that its cache can be spoiled without touching dist/.
      const copy = join(dir, 'copy');
      mkdirSync(join(copy, 'bin'), { recursive: true });
      mkdirSync(join(copy, 'dist'));
      for (const file of ['ticketty', 'codeCache.cjs', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(copy, 'bin', file));
      copyFileSync(join(ROOT, 'dist/cli.cjs'), join(copy, 'dist/cli.cjs'));
      for (const name of ['node_modules', 'drizzle', 'package.json']) symlinkSync(join(ROOT, name), join(copy, name));
      const copyBin = join(copy, 'bin/ticketty');
      const expected = run(BIN, [], 'ticket', 'show', '1', '--json');
      expect(expected).toContain('VPN drops');
      expect(run(copyBin, [], 'ticket', 'show', '1', '--json')).toBe(expected); // no cache: writes one
      const [cache] = readdirSync(join(copy, 'dist')).filter((f) => f.endsWith('.v8cache'));
      expect(cache).toBeDefined();
      writeFileSync(join(copy, 'dist', cache!), Buffer.alloc(4096, 7));
      expect(run(copyBin, [], 'ticket', 'show', '1', '--json')).toBe(expected);
      // V8 rejected it; that run wrote a good one in its place.
      expect(readFileSync(join(copy, 'dist', cache!)).equals(Buffer.alloc(4096, 7))).toBe(false);
      expect(run(copyBin, [], 'ticket', 'list', '--json')).toBe(run(BIN, [], 'ticket', 'list', '--json'));
    });
  });
});
