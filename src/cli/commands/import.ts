// `ticketty import [FILE|-] --format json|csv`: every record checked first (every bad one listed by
// line, nothing written); then written in short transactions, resumable by running it again.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, printJson, printLine, withRuntime } from '../command.js';
import { BadInput } from '../../domain/errors.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import type { ImportSource } from '../../app/exchange/importSource.js';

interface ImportArgs extends GlobalArgs {
  file?: string;
  format?: string;
}

const MAX_LISTED = 50;

function fileSource(path: string): ImportSource {
  return { chunks: () => createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) };
}

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
    const named = a.file && a.file !== '-' ? a.file : undefined;
    // The import reads its input twice (check, then write): standard input is kept in a temporary file.
    let spool: string | undefined;
    try {
      if (named) {
        if (!statSync(named).isFile()) throw new Error('not a file');
      } else {
        spool = mkdtempSync(join(tmpdir(), 'ticketty-import-'));
        await pipeline(process.stdin, createWriteStream(join(spool, 'input')));
      }
    } catch {
      if (spool) rmSync(spool, { recursive: true, force: true });
      throw new BadInput(`cannot read ${named ?? 'standard input'}`);
    }
    const source = fileSource(named ?? join(spool!, 'input'));
    try {
      // TICKETTY_BATCH_TRACE=1: a line per chunk on stderr, where the time goes.
      const trace = process.env.TICKETTY_BATCH_TRACE ? (line: string) => void process.stderr.write(`${line}\n`) : undefined;
      const run = format === 'json' ? importJson : importCsv;
      const summary = await run(rt.app, rt.actor(), source, { trace });
      if (summary.resumed) note(`finished an interrupted import of this file: ${summary.resumed} ticket(s) were in already`);
      if (rt.json) printJson(summary);
      else printLine(`imported ${summary.tickets} ticket(s), ${summary.users} new user(s), ${summary.organizations} new organization(s)`);
    } catch (error) {
      if (error instanceof ImportRejected) {
        for (const p of error.problems.slice(0, MAX_LISTED))
          note(sanitizeForTerminal(`${p.line !== null ? `line ${p.line}` : p.where}: ${p.message}`));
        if (error.total > MAX_LISTED) note(`… and ${error.total - MAX_LISTED} more`);
      }
      throw error;
    } finally {
      if (spool) rmSync(spool, { recursive: true, force: true });
    }
  }),
};
