// `ticketty` with no command opens the TUI; `start-demo` (npm start) does so on a demo database.
import type { CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalArgs } from '../runtime.js';
import { openRuntime } from '../runtime.js';
import { note } from '../command.js';
import { initDatabase } from '../../app/settings/init.js';
import { generateDemo } from '../../app/demo/demo.js';

async function openTui(args: GlobalArgs): Promise<void> {
  // A long-lived process that reads a page at a time: a small page cache keeps it lean.
  const rt = await openRuntime(args, { cacheKiB: 4_000 });
  try {
    const actor = rt.actor();
    // Loaded only here: the CLI path never pays for Ink and React.
    const { runTui } = await withoutCiVariables(() => import('../../tui/run.js'));
    await runTui({ app: rt.app, actor, dbPath: rt.app.store.path });
  } finally {
    rt.close();
  }
}

/**
 * Ink reads CI and CONTINUOUS_INTEGRATION once, when it loads (is-in-ci), and then draws no live
 * frames, only the last one on exit. Someone at a terminal with CI=true in their environment (a
 * CI box, a tmux test) still wants the live screen: hide both while Ink loads, then restore them
 * for the processes the TUI starts ($EDITOR).
 */
async function withoutCiVariables<T>(load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await load();
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

export const tuiCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: '$0',
  describe: 'open the TUI (the queue)',
  handler: (args) => openTui(args),
};

export const startDemoCommand: CommandModule<GlobalArgs, GlobalArgs & { tickets: number }> = {
  command: 'start-demo',
  describe: 'open the TUI as admin on a demo database, creating it when missing (npm start)',
  builder: (y) => y.option('tickets', { type: 'number', default: 2000, describe: 'tickets in a new demo database' }),
  handler: async (args) => {
    const db = args.db ?? join(process.cwd(), '.ticketty-demo', 'demo.db');
    if (!existsSync(db)) {
      const rt = await openRuntime({ ...args, db }, { mustExist: false });
      try {
        initDatabase(rt.app, 'admin', { freeClock: true }); // demo data is for rehearsals: --now may run ahead
        note(`creating a demo database with ${args.tickets} tickets in ${db} …`);
        generateDemo(rt.app, { tickets: args.tickets, seed: 1 });
      } finally {
        rt.close();
      }
    }
    await openTui({ ...args, db, as: args.as ?? 'admin' });
  },
};
