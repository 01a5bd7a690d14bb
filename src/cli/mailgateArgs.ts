// The arguments a mail server's alias passes to `ticketty mailgate` (`mailgate --db PATH`, maybe
// --as, --now, --json), read without yargs: bin/ticketty runs such a call from dist/mailgate.cjs,
// which holds only the mail intake, so each message starts a third as much code. Anything else
// (help, a typo, a repeated or empty option, `--`, another command) is not read here: the full
// CLI takes it, so its parsing, help and error lines stay the only ones.
import type { GlobalArgs } from './runtime.js';

const VALUED = new Set(['db', 'as', 'now']);

/** The global arguments of a plain `mailgate` call, or undefined when the full CLI must read `argv`. */
export function plainMailgateArgs(argv: readonly string[]): GlobalArgs | undefined {
  const args: GlobalArgs = {};
  const seen = new Set<string>();
  let command = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === 'mailgate') {
      if (command) return undefined;
      command = true;
      continue;
    }
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match || seen.has(match[1]!)) return undefined;
    const name = match[1]!;
    seen.add(name);
    if (name === 'json') {
      if (match[2] !== undefined) return undefined;
      args.json = true;
      continue;
    }
    if (!VALUED.has(name)) return undefined;
    const value = match[2] ?? argv[++i];
    // An empty value, or one yargs might read as an option (`--db -x`), is the full CLI's to judge.
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    (args as Record<string, string>)[name] = value;
  }
  return command ? args : undefined;
}
