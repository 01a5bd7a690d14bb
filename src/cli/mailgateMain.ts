// The entry of dist/mailgate.cjs: `ticketty mailgate` as a mail server's alias calls it, for every
// message, without yargs and the other commands (a third of dist/cli.cjs's code to read and run).
// bin/ticketty asks it first when an argument is `mailgate`; the full CLI runs any other call.
import { runMailgate } from './commands/mail.js';
import { plainMailgateArgs } from './mailgateArgs.js';
import { runReported } from './runReported.js';

/** Starts `mailgate` when `argv` is a plain call of it; false when the full CLI must read `argv`. */
export function startMailgate(argv: string[]): boolean {
  const args = plainMailgateArgs(argv);
  if (!args) return false;
  // As main.ts: set the exit code and let Node drain the streams.
  void runReported(() => runMailgate(args)).then((code) => {
    process.exitCode = code;
  });
  return true;
}
