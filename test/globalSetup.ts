// Prints the property tests' seed once per run (test/setup.ts applies it in every worker), and
// removes the run's copies of the test cast (test/helpers/cli.ts seedCli) at the end.
import { rmSync } from 'node:fs';
import { CAST_TEMPLATES } from './helpers/cli.js';

export default function printSeed(): () => void {
  console.info(`property tests: seed ${process.env.TICKETTY_SEED ?? 20261206} (replay with TICKETTY_SEED=N)`);
  return () => rmSync(CAST_TEMPLATES(process.pid), { recursive: true, force: true });
}
