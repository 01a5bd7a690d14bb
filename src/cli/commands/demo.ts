// `ticketty demo`: fill an empty database with deterministic, realistic demo data.
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, printJson, printLine, withRuntime } from '../command.js';

interface DemoArgs extends GlobalArgs {
  tickets: number;
  seed: number;
}

export const demoCommand: CommandModule<GlobalArgs, DemoArgs> = {
  command: 'demo',
  describe: 'fill an empty database with realistic demo data (its admin is `admin`)',
  builder: (y) =>
    (y as Argv<DemoArgs>)
      .option('tickets', { type: 'number', default: 2000, describe: 'how many tickets' })
      .option('seed', { type: 'number', default: 1, describe: 'the same seed, count and --now give the same data' })
      .example('ticketty demo --db /tmp/demo.db --tickets 100000 --seed 7', 'a larger demo'),
  handler: withRuntime<DemoArgs>(
    async (rt, a) => {
      const [{ generateDemo, checkDemoTarget }, { initDatabase }] = await Promise.all([
        import('../../app/demo/demo.js'),
        import('../../app/settings/init.js'),
      ]);
      checkDemoTarget(rt.app); // before init marks the database as a rehearsal one
      // Demo data is for rehearsals: --now may run ahead. On a database with users, demo refuses or reuses 'admin'.
      initDatabase(rt.app, rt.app.people.countUsers() === 0 ? 'admin' : undefined, { freeClock: true });
      const started = Date.now();
      const progress = process.stderr.isTTY && !rt.json;
      const result = generateDemo(rt.app, {
        tickets: a.tickets,
        seed: a.seed,
        ...(progress ? { onProgress: (done: number, total: number) => process.stderr.write(`\r${done}/${total} tickets`) } : {}),
      });
      if (progress) process.stderr.write('\n');
      if (rt.json) return printJson(result);
      printLine(
        `demo data in ${rt.app.store.path}: ${result.tickets} tickets, ${result.users} users, ${result.organizations} organizations, ` +
          `${result.events} events (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      note("act as 'admin' (--as admin), or any handle from 'ticketty user list'");
    },
    { creates: true },
  ),
};
