// The batch runner every batch command shares (`bulk`, `close --where`): preview (count, sample,
// refusals), confirmation on a terminal unless --yes, progress on stderr. Loaded when one runs.
import { createInterface } from 'node:readline/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runtime } from '../runtime.js';
import { note, printJson, printLine } from '../command.js';
import { previewBatch, runBatch, type BatchPreview, type BatchProgress, type BatchSpec, type Refusals } from '../../app/batch/batch.js';
import { BadInput } from '../../domain/errors.js';
import { Interrupted, signalExitCode } from '../exitCodes.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { ticketTable, type Labels } from '../output/ticketText.js';
import { dictionaries } from '../../app/settings/dictionaries.js';
import type { BatchArgs } from './bulk.js';

/** Shows progress for long runs only, and only to a person. */
const PROGRESS_FROM = 500;

async function progressBar(label: string): Promise<{ update(p: BatchProgress): void; stop(): void }> {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { default: progress } = await import('cli-progress');
  let bar: InstanceType<typeof progress.SingleBar> | undefined;
  return {
    update: (p) => {
      if (!bar && p.total >= PROGRESS_FROM) {
        bar = new progress.SingleBar(
          {
            stream: process.stderr,
            format: `${label} [{bar}] {percentage}% {value}/{total} tickets, {refused} refused, eta {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          progress.Presets.shades_classic,
        );
        bar.start(p.total, 0, { refused: 0 });
      }
      bar?.update(p.processed, { refused: p.refused });
    },
    stop: () => bar?.stop(),
  };
}

function refusalLines(refused: Refusals, verb: string): string[] {
  if (!refused.count) return [];
  return [
    `${refused.count} ticket${refused.count === 1 ? '' : 's'} you may not ${verb} (left unchanged), e.g.:`,
    ...refused.examples.map((e) => `  #${e.id}: ${sanitizeForTerminal(e.reason)}`),
  ];
}

function previewText(preview: BatchPreview, verb: string, labels: Labels): string {
  const lines: string[] = [];
  if (preview.resuming) lines.push(`resuming batch ${preview.resuming.batchId}: ${preview.resuming.done} ticket(s) done before`);
  lines.push(`${preview.permitted} ticket${preview.permitted === 1 ? '' : 's'} to ${verb}`);
  lines.push(...refusalLines(preview.refused, verb));
  if (preview.alreadyClosed) lines.push(`${preview.alreadyClosed} matching ticket(s) already closed, left alone`);
  if (preview.sample.length) {
    lines.push(preview.permitted > preview.sample.length ? `the first ${preview.sample.length}:` : 'they are:');
    lines.push(ticketTable(preview.sample, process.stdout.isTTY ? process.stdout.columns : undefined, labels));
  }
  return lines.join('\n');
}

async function confirm(question: string, stop: SignalStop): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: stop.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    // A signal (SIGTERM), or Ctrl-C, which readline reads as a key on a terminal: an AbortError.
    if ((error as { code?: string } | null)?.code === 'ABORT_ERR')
      throw new Interrupted('interrupted: nothing changed', stop.received() ?? 'SIGINT');
    throw error;
  } finally {
    rl.close();
  }
}

type SignalStop = ReturnType<typeof stopOnSignal>;

/**
 * Ctrl-C (or SIGTERM) during a batch stops it after the chunk in progress, so the run reports
 * what it did and the next one resumes from there; a second signal stops at once (the open
 * chunk rolls back, nothing is lost either way).
 */
function stopOnSignal() {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n'); // the progress bar hid the cursor
      process.exit(signalExitCode(signal));
    }
    received = signal;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    /** Throws Interrupted (with `what`) if a signal came, after a turn of the event loop to see one. */
    async check(what: string) {
      await sleep(0);
      if (received) throw new Interrupted(`interrupted: ${what}`, received);
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Preview, confirm, run, report: the same steps for `close --where` and `bulk`. */
export async function runBatchCommand(rt: Runtime, spec: BatchSpec, args: BatchArgs, verb: string): Promise<void> {
  const stop = stopOnSignal();
  try {
    await previewConfirmRun(rt, spec, args, verb, stop);
  } finally {
    stop.dispose();
  }
}

async function previewConfirmRun(rt: Runtime, spec: BatchSpec, args: BatchArgs, verb: string, stop: SignalStop): Promise<void> {
  const actor = rt.actor();
  // TICKETTY_BATCH_TRACE=1: a line per chunk on stderr, where the time goes (README › Performance).
  const trace = process.env.TICKETTY_BATCH_TRACE ? (line: string) => void process.stderr.write(`batch: ${line}\n`) : undefined;
  const checking = await progressBar('checking');
  const preview = await previewBatch(rt.app, actor, spec, {
    signal: stop.signal,
    onProgress: (p) => checking.update(p),
    ...(trace ? { trace } : {}),
  }).finally(() => checking.stop());
  await stop.check('nothing changed');
  if (args.dryRun) {
    if (rt.json) printJson(preview);
    else printLine(previewText(preview, verb, dictionaries(rt.app)));
    return;
  }
  if (!rt.json) printLine(previewText(preview, verb, dictionaries(rt.app)));
  if (preview.permitted === 0 && !preview.resuming) {
    if (rt.json) printJson({ batchId: null, changed: 0, previouslyDone: 0, refused: preview.refused });
    return;
  }
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      throw new BadInput(`refusing to ${verb} ${preview.permitted} ticket(s) without --yes: standard input is not a terminal`);
    }
    if (!(await confirm(`${verb} ${preview.permitted} ticket(s)?`, stop))) {
      note('cancelled: nothing changed');
      return;
    }
  }
  const progress = await progressBar(verb);
  await stop.check('nothing changed');
  const result = await runBatch(rt.app, actor, spec, {
    after: preview,
    signal: stop.signal,
    onProgress: (p) => progress.update(p),
    ...(trace ? { trace } : {}),
  }).finally(() => progress.stop());
  if (rt.json) printJson(result);
  else {
    const done = result.previouslyDone ? ` (${result.previouslyDone} more before the resume)` : '';
    printLine(`${verb}: ${result.changed} ticket(s) changed${done}, batch ${result.batchId}`);
    for (const line of refusalLines(result.refused, verb)) printLine(line);
  }
  if (result.interrupted) await stop.check(`the rest is left as it was; run the same command again to finish batch ${result.batchId}`);
}
