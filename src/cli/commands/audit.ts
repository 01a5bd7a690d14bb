// `ticketty audit verify`: replays the event log against the tickets; exit 1 when any ticket drifted.
import type { Argv, CommandModule } from 'yargs';
import { parseTicketId, type GlobalArgs } from '../runtime.js';
import { note, printJson, printLine, withRuntime } from '../command.js';
import { REPLAYED_FIELDS } from '../../domain/auditReplay.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface AuditArgs extends GlobalArgs {
  ticket?: string;
}

/** Drift is a finding, not a crash: exit 1 with one summary line, after the report. */
class DriftFound extends Error {}

const verifyCommand: CommandModule<GlobalArgs, AuditArgs> = {
  command: 'verify',
  describe: "replay every ticket's events and report tickets whose fields disagree with them",
  builder: (y) =>
    (y as Argv<AuditArgs>)
      .option('ticket', { type: 'string', describe: 'only this ticket (123 or #123)' })
      .example('ticketty audit verify', 'one line per drifted ticket; exit 1 when there is any')
      .example('ticketty audit verify --json', '{ tickets, events, drifted: [{ id, line, drifts }] }')
      .epilogue(`Replayed from the events: ${REPLAYED_FIELDS.join(', ')} and version.`),
  handler: withRuntime<AuditArgs>(async (rt, a) => {
    const { verifyAudit } = await import('../../app/exchange/audit.js');
    const ticketId = a.ticket !== undefined ? parseTicketId(a.ticket) : undefined;
    const result = verifyAudit(rt.app, rt.actor(), {
      ticketId,
      onDrift: rt.json ? undefined : (d) => printLine(sanitizeForTerminal(d.line)),
    });
    if (rt.json) printJson(result);
    const summary = `audit: ${result.tickets} ticket(s), ${result.events} event(s) replayed, ${result.drifted.length} drifted`;
    if (result.drifted.length) throw new DriftFound(summary);
    note(summary);
  }),
};

export const auditCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'audit <command>',
  describe: 'check the event log against the tickets',
  builder: (y) => y.command(verifyCommand).demandCommand(1, 'name an audit command (see ticketty audit --help)'),
  handler: () => undefined,
};
