// `ticketty copy --from FILE.db --to postgres://…`: moves a helpdesk from SQLite to PostgreSQL.
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, printJson } from '../command.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface CopyArgs extends GlobalArgs {
  from: string;
  to: string;
}

export const copyCommand: CommandModule<GlobalArgs, CopyArgs> = {
  command: 'copy',
  describe:
    'move a whole helpdesk from a SQLite file into an empty PostgreSQL database (ids, events, outbox, settings), then check the counts',
  builder: (y) =>
    (y as Argv<CopyArgs>)
      .option('from', { type: 'string', demandOption: true, describe: 'the SQLite database file to copy' })
      .option('to', {
        type: 'string',
        demandOption: true,
        describe: 'the PostgreSQL database to fill: postgres://user@host/db (empty; migrated here)',
      })
      .example(
        'ticketty copy --from ~/.local/share/ticketty/ticketty.db --to postgres://ticketty@db.example/helpdesk',
        'move to a team server',
      )
      .epilogue(
        'Stop every writer of the SQLite file first (mailgate, notify, cron, the TUIs): what they write after the copy starts stays behind.',
      ),
  handler: async (a) => {
    const { copySqliteToPostgres } = await import('../../app/createApp.js');
    const progress = process.stderr.isTTY && a.json !== true;
    const result = await copySqliteToPostgres(
      a.from,
      a.to,
      progress ? (p) => process.stderr.write(`\r\x1b[K${p.table}: ${p.rows}/${p.total} rows`) : undefined,
    );
    if (progress) process.stderr.write('\r\x1b[K');
    if (a.json) return printJson(result);
    const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
    const counts = result.tables
      .filter((t) => t.rows > 0)
      .map((t) => `${t.table} ${t.rows}`)
      .join(', ');
    note(`copied ${total} rows into ${sanitizeForTerminal(result.to)}, every table's count checked: ${counts}`);
  },
};
