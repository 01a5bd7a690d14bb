// Every property test (fast-check) runs from one seed (printed once by test/globalSetup.ts), so a
// failure replays with TICKETTY_SEED=N npm test. fast-check also prints a failure's seed and path.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.TICKETTY_SEED ?? 20261206) });
