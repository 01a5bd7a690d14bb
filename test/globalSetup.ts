// Prints the property tests' seed once per run (test/setup.ts applies it in every worker).
export default function printSeed(): void {
  console.info(`property tests: seed ${process.env.TICKETTY_SEED ?? 20261206} (replay with TICKETTY_SEED=N)`);
}
