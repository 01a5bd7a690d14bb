// `ticketty import [FILE|-] --format json|csv`: all or nothing; every bad record listed by line.
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, printJson, printLine, withRuntime } from '../command.js';
import { BadInput } from '../../domain/errors.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface ImportArgs extends GlobalArgs {
  file?: string;
  format?: string;
}

const MAX_LISTED = 50;

export const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import [file]',
  describe: 'read an export (JSON or CSV) into this database; nothing is written unless every record is good',
  builder: (y) =>
    (y as Argv<ImportArgs>)
      .positional('file', { type: 'string', describe: 'the export file; - or nothing reads standard input' })
      .option('format', { type: 'string', choices: ['json', 'csv'], default: 'json' })
      .example('ticketty --db new.db init --admin admin && ticketty --db new.db --as admin import helpdesk.json', 'move a helpdesk'),
  handler: withRuntime<ImportArgs>(async (rt, a) => {
    const [{ importJson, ImportRejected }, { importCsv }, { parseFormat }] = await Promise.all([
      import('../../app/exchange/importTickets.js'),
      import('../../app/exchange/importCsv.js'),
      import('../../app/exchange/exportTickets.js'),
    ]);
    const format = parseFormat(a.format);
    let text: string;
    try {
      text = readFileSync(a.file && a.file !== '-' ? a.file : 0, 'utf8');
    } catch {
      throw new BadInput(`cannot read ${a.file && a.file !== '-' ? a.file : 'standard input'}`);
    }
    try {
      const summary = format === 'json' ? importJson(rt.app, rt.actor(), text) : importCsv(rt.app, rt.actor(), text);
      if (rt.json) printJson(summary);
      else printLine(`imported ${summary.tickets} ticket(s), ${summary.users} new user(s), ${summary.organizations} new organization(s)`);
    } catch (error) {
      if (error instanceof ImportRejected) {
        for (const p of error.problems.slice(0, MAX_LISTED))
          note(sanitizeForTerminal(`${p.line !== null ? `line ${p.line}` : p.where}: ${p.message}`));
        if (error.problems.length > MAX_LISTED) note(`… and ${error.problems.length - MAX_LISTED} more`);
      }
      throw error;
    }
  }),
};
