// `ticketty bulk --where FILTER --priority … --solve …`, and the options every batch command shares.
// Their runner (preview, confirmation, progress) is commands/batchRun.ts, loaded when one runs.
import type { Argv, CommandModule } from 'yargs';
import { textArg, type GlobalArgs } from '../runtime.js';
import { withRuntime } from '../command.js';
import { BULK_VERBS, cliName, takesList, verbRecord } from '../../domain/verbs.js';

export interface BatchArgs extends GlobalArgs {
  where?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function withBatchOptions<T>(y: Argv<T>) {
  return y
    .option('where', { alias: 'w', type: 'string', describe: 'filter naming the tickets (required)', demandOption: true })
    .option('dry-run', { type: 'boolean', describe: 'show what would change, change nothing' })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'do not ask for confirmation (required when standard input is not a terminal)',
    });
}

type BulkArgs = BatchArgs & Record<string, unknown>;

/** The bulk verbs of the catalogue (domain/verbs.ts), in the order a bulk change applies them. */
function withBulkOptions(y: Argv): Argv {
  let built = y;
  for (const verb of BULK_VERBS) {
    const bulk = verbRecord(verb).bulk!;
    built = built.option(cliName(verb), { type: 'string', ...(takesList(verb) ? { array: true } : {}), describe: bulk.describe });
  }
  return built;
}

export const bulkCommand: CommandModule<GlobalArgs, BulkArgs> = {
  command: 'bulk',
  describe: `change every ticket matching a filter: ${BULK_VERBS.map(cliName).join(', ')}`,
  builder: (y) =>
    withBulkOptions(withBatchOptions(y) as Argv)
      .example(
        'ticketty bulk --where "tag=outage-42 and status!=solved" --reply "Fixed, sorry" --solve "outage 42 over"',
        'answer and solve an outage',
      )
      .example('ticketty bulk -w "org=ACME and priority=P4" --priority P3 --dry-run', 'look first') as Argv<BulkArgs>,
  handler: withRuntime<BulkArgs>(async (rt, a) => {
    const [{ bulkSpec }, { runBatchCommand }] = await Promise.all([import('../../app/batch/bulkActions.js'), import('./batchRun.js')]);
    // Texts (a reply, a note) may come from standard input (`-`); lists and values are as given.
    const changes = Object.fromEntries(
      BULK_VERBS.map((verb) => {
        const given = a[cliName(verb)];
        return [verb, typeof given === 'string' && verbRecord(verb).text ? textArg(given) : given];
      }),
    );
    const spec = bulkSpec(rt.app, rt.actor(), { ...changes, where: a.where ?? '' });
    await runBatchCommand(rt, spec, a, 'change');
  }),
};
