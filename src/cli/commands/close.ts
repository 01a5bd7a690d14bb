// `ticketty close --where FILTER`: the batch close of SPEC 8 (one ticket: `ticketty ticket close ID`).
import type { Argv, CommandModule } from 'yargs';
import { textArg, type GlobalArgs } from '../runtime.js';
import { withRuntime } from '../command.js';
import { withBatchOptions, type BatchArgs } from './bulk.js';

interface CloseArgs extends BatchArgs {
  reason?: string;
  tag?: string[];
  text?: string;
}

export const closeCommand: CommandModule<GlobalArgs, CloseArgs> = {
  command: 'close',
  describe: 'close every ticket matching a filter (preview, confirmation, resumable)',
  builder: (y) =>
    withBatchOptions(y as Argv<CloseArgs>)
      .option('reason', { alias: 'r', type: 'string', describe: 'closing reason (default resolved)' })
      .option('tag', { type: 'string', array: true, describe: 'tag every closed ticket' })
      .option('text', { alias: 't', type: 'string', describe: 'internal note written on every closed ticket; - reads standard input' })
      .example('ticketty close --where "status=solved and idle>7d" --dry-run', 'see what would close')
      .example('ticketty close -w "tag=spam" --reason spam --yes', 'in a script'),
  handler: withRuntime<CloseArgs>(async (rt, a) => {
    const [{ batchCloseSpec }, { runBatchCommand }] = await Promise.all([import('../../app/batch/batchClose.js'), import('./batchRun.js')]);
    const spec = batchCloseSpec(rt.app, rt.actor(), { where: a.where ?? '', reason: a.reason, tags: a.tag, text: textArg(a.text) });
    await runBatchCommand(rt, spec, a, 'close');
  }),
};
