// Shared by the attack suite (permission matrix, option fuzz): the CLI's command tree as yargs
// builds it, the CLI run in-process (the same parse, handlers and exit codes as bin/ticketty,
// without a process start per case), and a fingerprint of everything a database file holds.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { buildCli, commands, glueStdinDash } from '../../src/cli/cli.js';
import { exitCodeFor, messageFor } from '../../src/cli/exitCodes.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';

interface Handler {
  original: string;
  builder: ((y: Argv) => unknown) | Record<string, unknown>;
}

function handlersOf(builder: Handler['builder'] | undefined): { handlers: Record<string, Handler>; options: string[] } {
  const y = yargs([]);
  if (typeof builder === 'function') builder(y);
  else if (builder) y.options(builder as never);
  const internal = y as unknown as {
    getInternalMethods(): { getCommandInstance(): { getCommandHandlers(): Record<string, Handler> } };
    getOptions(): { key: Record<string, boolean> };
  };
  return {
    handlers: internal.getInternalMethods().getCommandInstance().getCommandHandlers(),
    options: Object.keys(internal.getOptions().key),
  };
}

export interface LeafCommand {
  /** `ticket accept`, `calendar holiday add`; `$0` is the TUI (no command). */
  path: string;
  /** Its own options (besides the global ones and help). */
  options: string[];
}

const GLOBAL = new Set(['db', 'as', 'json', 'now', 'help', 'h', 'version']);

/** Every leaf of the command tree, as yargs holds it once each builder ran. */
export function leafCommands(): LeafCommand[] {
  const out: LeafCommand[] = [];
  const walk = (path: string, builder: Handler['builder'] | undefined) => {
    const { handlers, options } = handlersOf(builder);
    const names = Object.keys(handlers);
    if (names.length === 0) out.push({ path, options: options.filter((o) => !GLOBAL.has(o)) });
    for (const name of names) walk(`${path} ${name}`, handlers[name]!.builder);
  };
  for (const command of commands as CommandModule[]) walk(String(command.command).split(' ')[0]!, command.builder as Handler['builder']);
  return out;
}

export interface InProcessExit {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process: cli.ts's own parse and error path (main() minus its EPIPE hook),
 * stdout and stderr captured. Standard input is not a terminal, as for a script (confirmations need
 * --yes); callers pass no `-` and skip the commands that read standard input (mailgate, import).
 */
export async function runInProcess(argv: string[]): Promise<InProcessExit> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
  Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
  let code = 0;
  try {
    await buildCli(glueStdinDash(argv)).parseAsync();
  } catch (error) {
    stderr += `${messageFor(error)}\n`;
    code = exitCodeFor(error);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
    else delete (process.stdin as { isTTY?: boolean }).isTTY;
  }
  return { code, stdout, stderr };
}

/**
 * A hash of every row of every table: equal before and after means nothing was written. A SQLite
 * file, or a postgres:// URL (every table of its public schema; a read leaves rows where they are).
 */
export function fingerprint(path: string): string {
  const hash = createHash('sha256');
  const add = (table: string, rows: Iterable<unknown>) => {
    hash.update(table);
    for (const row of rows)
      hash.update(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
  };
  if (/^postgres(ql)?:\/\//.test(path)) {
    const store = openPostgresStorePort(path, { migrate: false });
    try {
      const tables = store.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
      );
      for (const { name } of tables) add(name, store.query(`select * from "${name}"`));
    } finally {
      store.close();
    }
    return hash.digest('hex');
  }
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[];
    for (const { name } of tables) add(name, db.prepare(`SELECT * FROM "${name}"`).iterate());
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** SPEC 8's exit codes (130: a batch stopped by Ctrl-C). */
export const SPEC_EXIT_CODES = [0, 1, 2, 3, 4, 5, 75, 130];
