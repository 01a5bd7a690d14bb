// `ticketty automate [--dry-run]`: apply every due step of the automation policy (SPEC 5), for cron,
// a systemd timer or by hand. Runs as an admin or as the service account `ticketty` (--as ticketty);
// what fires is the system's doing (actor null on the events).
import { minuteOf } from '../../domain/clock.js';
import type { Argv, CommandModule } from 'yargs';
import { identityFrom, type GlobalArgs } from '../runtime.js';
import { SERVICE_HANDLE } from '../../domain/permissions.js';
import { printJson, printLine, withRuntime } from '../command.js';
import type { AutomationFiring, AutomationRun } from '../../app/automation/automation.js';
import { renderTable } from '../output/table.js';

interface AutomateArgs extends GlobalArgs {
  'dry-run'?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

function what(f: AutomationFiring): string {
  if (f.superseded) return `${f.actions} (skipped: a later step is due too)`;
  return f.reminded.length ? `${f.actions} → ${f.reminded.join(', ')}` : f.actions;
}

function summary(run: AutomationRun): string {
  const tickets = new Set(run.fired.map((f) => f.ticketId)).size;
  const at = iso(run.at);
  if (!run.fired.length) return `automate: nothing due at ${at}`;
  const steps = `${run.fired.length} step${run.fired.length === 1 ? '' : 's'} on ${tickets} ticket${tickets === 1 ? '' : 's'}`;
  return run.dryRun ? `automate --dry-run: would fire ${steps} at ${at}; nothing written` : `automate: fired ${steps} at ${at}`;
}

export const automateCommand: CommandModule<GlobalArgs, AutomateArgs> = {
  command: 'automate',
  describe: 'apply the due time-based automations: reminders, auto-closes (for cron)',
  builder: (y) =>
    (y as Argv<AutomateArgs>)
      .option('dry-run', { type: 'boolean', describe: 'print what would fire, write nothing' })
      .example('ticketty automate --as ticketty', 'remind and close what is due now (as cron runs it)')
      .example('ticketty automate --dry-run --now 2026-03-09T10:00:00Z', 'what would fire at that moment')
      .epilogue(
        'The policy: ticketty config get automation.policy (default, inactive, or JSON; see the README). Safe to run from several places at once: every step fires once per stay in a status (on PostgreSQL a second run at the same time stops, exit 75).',
      ),
  handler: withRuntime<AutomateArgs>(async (rt, args) => {
    const [{ automate }, { holdSingleRun }] = await Promise.all([
      import('../../app/automation/automation.js'),
      import('../../app/singleRun.js'),
    ]);
    // The service account is an identity, not a user: cron runs `automate --as ticketty`.
    const who = identityFrom(args) === SERVICE_HANDLE ? 'service' : rt.actor();
    // A dry run writes nothing: it may look while another run works.
    if (args['dry-run'] !== true) holdSingleRun(rt.app, 'automate');
    const run = automate(rt.app, who, { dryRun: args['dry-run'] === true });
    if (rt.json) {
      return printJson({
        at: iso(run.at),
        dryRun: run.dryRun,
        fired: run.fired.map((f) => ({
          ticket: f.ticketId,
          status: f.status,
          step: f.step,
          dueAt: iso(f.dueAt),
          actions: f.actions,
          reminded: f.reminded,
          superseded: f.superseded,
        })),
      });
    }
    if (run.fired.length) {
      printLine(
        renderTable(
          [{ header: 'TICKET' }, { header: 'STEP' }, { header: 'DUE' }, { header: run.dryRun ? 'WOULD DO' : 'DONE' }],
          run.fired.map((f) => [`#${f.ticketId}`, f.step, minuteOf(iso(f.dueAt)), what(f)]),
        ),
      );
    }
    printLine(summary(run));
  }),
};
