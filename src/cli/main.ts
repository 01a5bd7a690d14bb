// The executable's entry (bin/ticketty runs its bundle): runs the CLI of cli.ts on the arguments.
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';

// Set the exit code and let Node drain stdout instead of exiting mid-write. No top-level await:
// this module is also bundled as CommonJS (dist/cli.cjs, see bin/build.mjs).
void main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
