// `ticketty mailgate` (one message on standard input, as a mail server pipes it) and
// `ticketty notify` (deliver the outbox over SMTP, once or with --watch).
import type { Argv, CommandModule } from 'yargs';
import { readFileSync } from 'node:fs';
import { type GlobalArgs, type Runtime } from '../runtime.js';
import { note, printJson, printLine, withRuntime } from '../command.js';
import type { DeliveryReport } from '../../app/mail/notifyDelivery.js';
import { getSetting } from '../../app/settings/settingValues.js';
import { BadInput, Busy, DomainError } from '../../domain/errors.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

export const mailgateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'mailgate',
  describe: 'turn one mail on standard input into a ticket or a comment (for the mail server)',
  builder: (y) =>
    y
      .example('ticketty mailgate --db /srv/ticketty/ticketty.db < message.eml', 'what the mail server alias runs')
      .epilogue(
        'Exit 0: accepted, ignored (auto-reply, bulk, bounce, loop, duplicate) or kept for an admin (sender unreadable: see `ticketty mail rejected`). ' +
          'Exit 2: never acceptable (not a mail message, over mail.maxAttachmentBytes); nothing written, the mail server bounces it. ' +
          'Exit 75: anything that may pass (database busy, locked, read-only, missing or not initialized, disk full, I/O error); the mail server keeps the message and retries.',
      ),
  handler: (args) => runMailgate(args),
};

/** The command itself: also what dist/mailgate.cjs runs (see ../mailgateMain.ts). */
export async function runMailgate(args: GlobalArgs): Promise<void> {
  try {
    // Exit 0 tells the mail server to delete its copy: the ticket must be on disk by then.
    await withRuntime(mailgate, { durableCommits: true })(args);
  } catch (error) {
    throw forMailServer(error);
  }
}

/** SPEC 7: only input that can never be accepted bounces (exit 2); every other failure is temporary (75). */
export function forMailServer(error: unknown): unknown {
  if (error instanceof DomainError && (error.kind === 'busy' || (error as { neverAcceptable?: boolean }).neverAcceptable === true))
    return error;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new Busy(`mailgate: cannot take the message now (${message}); the mail server keeps it and retries`);
}

async function mailgate(rt: Runtime): Promise<void> {
  let raw: Buffer;
  try {
    raw = readFileSync(0);
  } catch (error) {
    throw new Busy(`could not read the message from standard input: ${(error as Error).message}`);
  }
  // mailparser loads only here: other commands start without it.
  const [{ parseMail, NotAMessage }, { ingestMail }] = await Promise.all([
    import('../../mail/parseMail.js'),
    import('../../app/mail/mailIngest.js'),
  ]);
  if (!raw.length || !raw.toString('latin1', 0, 4096).trim()) throw new NotAMessage('not a mail message: the input is empty');
  if (rt.app.people.countUsers() === 0) {
    // Busy (exit 75): the mail server keeps the message until someone runs `ticketty init`.
    throw new Busy(`the database ${rt.app.store.path} has no users yet: run 'ticketty init --admin HANDLE'`);
  }
  // Mail this large cannot fit under the attachment cap, even base64-encoded: refuse it unparsed.
  const cap = getSetting(rt.app, 'mail.maxAttachmentBytes') ?? 10 * 1024 * 1024;
  if (raw.length > cap * 1.4 + 1024 * 1024) {
    throw new NotAMessage(
      `the message is ${(raw.length / 1024 / 1024).toFixed(1)} MB, more than the attachment limit (mail.maxAttachmentBytes) allows`,
    );
  }
  const mail = await parseMail(raw, { fallbackCharsets: getSetting(rt.app, 'mail.fallbackCharsets') ?? undefined });
  const result = ingestMail(rt.app, mail);
  if (rt.json) return printJson(result);
  const from = sanitizeForTerminal(mail.from?.address ?? mail.fromHeader ?? '?');
  switch (result.outcome) {
    case 'created':
      return note(`mailgate: created ticket #${result.ticketId} from ${from}`);
    case 'commented':
      return note(`mailgate: added a comment to #${result.ticketId} from ${from}`);
    case 'follow_up':
      return note(`mailgate: #${result.followUpOf} is closed; opened follow-up #${result.ticketId} from ${from}`);
    case 'rejected':
      return note(
        `mailgate: kept ${sanitizeForTerminal(mail.messageId ?? 'a message')} for an admin (ticketty mail rejected): ${sanitizeForTerminal(result.reason)}`,
      );
    default:
      return note(
        `mailgate: ignored ${sanitizeForTerminal(mail.messageId ?? 'a message')} from ${from}: ${sanitizeForTerminal(result.reason)}`,
      );
  }
}

interface NotifyArgs extends GlobalArgs {
  smtp?: string;
  watch?: boolean;
  interval?: number;
}

export const notifyCommand: CommandModule<GlobalArgs, NotifyArgs> = {
  command: 'notify',
  describe: 'deliver queued notifications over SMTP (retries with backoff; each once)',
  builder: (y) =>
    (y as Argv<NotifyArgs>)
      .option('smtp', { type: 'string', describe: 'SMTP URL (default: config mail.smtp), e.g. smtp://user:pass@host:587' })
      .option('watch', { type: 'boolean', describe: 'keep running and deliver as notifications fall due' })
      .option('interval', { type: 'number', default: 5, describe: 'with --watch: seconds between looks at the outbox' })
      .example('ticketty notify', 'deliver what is due, then exit (cron)')
      .example('ticketty notify --watch', 'a long-running sender (systemd)'),
  handler: withRuntime<NotifyArgs>(async (rt, a) => {
    const url = a.smtp ?? getSetting(rt.app, 'mail.smtp');
    if (!url) throw new BadInput("no SMTP server: pass --smtp URL or run 'ticketty config set mail.smtp smtp://host:25'");
    if (!/^smtps?:\/\//i.test(url)) throw new BadInput(`bad SMTP URL '${url}': use smtp://host:port or smtps://host:465`);
    if (!(a.interval! > 0)) throw new BadInput('--interval must be a positive number of seconds');
    const [{ createSmtpSender }, { deliverOutbox }, { holdSingleRun }] = await Promise.all([
      import('../../mail/smtpSender.js'),
      import('../../app/mail/notifyDelivery.js'),
      import('../../app/singleRun.js'),
    ]);
    holdSingleRun(rt.app, 'notify');
    const sender = createSmtpSender(url);
    try {
      if (!a.watch) return printReport(rt.json, await deliverOutbox(rt.app, sender));
      await watch(
        async () => {
          const report = await deliverOutbox(rt.app, sender);
          if (report.sent + report.retrying + report.failed + report.skipped > 0) printReport(rt.json, report);
          return rt.app.mail.nextDueAt();
        },
        a.interval! * 1000,
        () => rt.app.nowMs(),
      );
    } finally {
      sender.close();
    }
  }),
};

function printReport(json: boolean, report: DeliveryReport): void {
  if (json) return printJson(report);
  note(`notify: sent ${report.sent}, retrying ${report.retrying}, failed ${report.failed}, skipped ${report.skipped}`);
  for (const error of report.errors) note(`notify: ${sanitizeForTerminal(error)}`);
}

/** Runs `round` until SIGINT/SIGTERM, sleeping until the next due row or `intervalMs`. */
async function watch(round: () => Promise<number | undefined>, intervalMs: number, now: () => number): Promise<void> {
  let stop = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = () => {
    stop = true;
    clearTimeout(timer);
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    while (!stop) {
      const nextDue = await round();
      const wait = nextDue === undefined ? intervalMs : Math.min(intervalMs, Math.max(200, nextDue - now()));
      if (stop) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, wait);
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

interface RejectedArgs extends GlobalArgs {
  limit: number;
  raw?: string;
}

const rejectedCommand: CommandModule<GlobalArgs, RejectedArgs> = {
  command: 'rejected',
  describe: 'incoming mail kept for an admin instead of bounced (e.g. a sender that cannot be read)',
  builder: (y) =>
    (y as Argv<RejectedArgs>)
      .option('limit', { type: 'number', default: 50, describe: 'how many, newest first (1–1000)' })
      .option('raw', { type: 'string', describe: 'write this message (by Message-ID) as it arrived to standard output' })
      .example('ticketty mail rejected', 'what was kept, and why')
      .example("ticketty mail rejected --raw '<abc@example.com>' > kept.eml", 'the message itself'),
  handler: withRuntime<RejectedArgs>(async (rt, a) => {
    const { listRejectedMail, rejectedMailRaw } = await import('../../app/mail/rejectedMail.js');
    if (a.raw !== undefined) {
      process.stdout.write(rejectedMailRaw(rt.app, rt.actor(), a.raw));
      return;
    }
    const kept = listRejectedMail(rt.app, rt.actor(), a.limit);
    if (rt.json) return printJson(kept);
    if (!kept.length) return printLine('no rejected mail');
    const { renderTable } = await import('../output/table.js');
    const { minuteOf } = await import('../../domain/clock.js');
    const columns = [{ header: 'RECEIVED' }, { header: 'MESSAGE-ID' }, { header: 'FROM' }, { header: 'SUBJECT' }, { header: 'WHY' }];
    const rows = kept.map((m) => [minuteOf(m.receivedAt), m.messageId, m.sender, m.subject, m.reason]);
    printLine(renderTable(columns, rows, process.stdout.isTTY ? { width: process.stdout.columns } : {}));
  }),
};

export const mailCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'mail <command>',
  describe: 'incoming mail that needs an admin (see also mailgate, notify)',
  builder: (y) => y.command(rejectedCommand).demandCommand(1, 'name a mail command: rejected'),
  handler: () => undefined,
};
