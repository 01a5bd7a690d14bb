// `ticketty bulk --where FILTER --priority … --solve …`, and the options every batch command shares.
// Their runner (preview, confirmation, progress) is commands/batchRun.ts, loaded when one runs.
import type { Argv, CommandModule } from 'yargs';
import { textArg, type GlobalArgs } from '../runtime.js';
import { withRuntime } from '../command.js';

export interface BatchArgs extends GlobalArgs {
  where?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function withBatchOptions<T>(y: Argv<T>) {
  return y
    .option('where', { alias: 'w', type: 'string', describe: 'filter naming the tickets (required)', demandOption: true })
    .option('dry-run', { type: 'boolean', describe: 'show what would change, change nothing' })
    .option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask for confirmation (required when standard input is not a terminal)' });
}

interface BulkArgs extends BatchArgs {
  priority?: string;
  assign?: string;
  tag?: string[];
  untag?: string[];
  reply?: string;
  note?: string;
  macro?: string;
  escalate?: string;
  solve?: string;
}

export const bulkCommand: CommandModule<GlobalArgs, BulkArgs> = {
  command: 'bulk',
  describe: 'change every ticket matching a filter: priority, assignee, tags, reply, note, macro, escalate, solve',
  builder: (y) =>
    withBatchOptions(y as Argv<BulkArgs>)
      .option('priority', { type: 'string', describe: 'set the priority (P1 … P5)' })
      .option('assign', { type: 'string', describe: 'assign to this handle' })
      .option('tag', { type: 'string', array: true, describe: 'add tags' })
      .option('untag', { type: 'string', array: true, describe: 'remove tags' })
      .option('reply', { type: 'string', describe: 'public reply text; - reads standard input' })
      .option('note', { type: 'string', describe: 'internal note text; - reads standard input' })
      .option('macro', { type: 'string', describe: 'apply this macro' })
      .option('escalate', { type: 'string', describe: 'escalate with this reason' })
      .option('solve', { type: 'string', describe: 'solve with this resolution' })
      .example('ticketty bulk --where "tag=outage-42 and status!=solved" --reply "Fixed, sorry" --solve "outage 42 over"', 'answer and solve an outage')
      .example('ticketty bulk -w "org=ACME and priority=P4" --priority P3 --dry-run', 'look first'),
  handler: withRuntime<BulkArgs>(async (rt, a) => {
    const [{ bulkSpec }, { runBatchCommand }] = await Promise.all([import('../../app/batch/bulkActions.js'), import('./batchRun.js')]);
    const spec = bulkSpec(rt.app, rt.actor(), {
      where: a.where ?? '',
      priority: a.priority,
      assign: a.assign,
      tags: a.tag,
      untags: a.untag,
      reply: textArg(a.reply),
      note: textArg(a.note),
      macro: a.macro,
      escalate: a.escalate,
      solve: a.solve,
    });
    await runBatchCommand(rt, spec, a, 'change');
  }),
};
