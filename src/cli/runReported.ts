// How every run of the CLI ends (the full CLI in cli.ts, and the mail intake's own entry in
// mailgateMain.ts): one line on stderr for an error, and its exit code (SPEC 8).
import { exitCodeFor, messageFor } from './exitCodes.js';

/** A closed pipe (`ticketty ticket list | head`) ends the command quietly with 0, as git does. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

/** Runs a command: 0 when it ends, else the exit code of its error, whose one line it prints. */
export async function runReported(command: () => Promise<unknown>): Promise<number> {
  quietOnClosedPipe();
  try {
    await command();
    return 0;
  } catch (error) {
    if (process.env.TICKETTY_DEBUG) console.error(error);
    process.stderr.write(`${messageFor(error)}\n`);
    return exitCodeFor(error);
  }
}
