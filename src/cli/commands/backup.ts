// `ticketty backup FILE`: an online, checked copy of the database, safe while others write.
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, printJson, withRuntime } from '../command.js';
import type { BackupCheck } from '../../app/exchange/backup.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface BackupArgs extends GlobalArgs {
  file: string;
  force?: boolean;
  check?: boolean;
}

function report(json: boolean, verb: string, check: BackupCheck): void {
  if (json) return printJson(check);
  const mb = (check.bytes / 1024 / 1024).toFixed(1);
  note(
    `${verb} ${sanitizeForTerminal(check.path)}: ${mb} MB, integrity ok, schema ${check.schemaVersion}, ${check.tickets} tickets, ${check.events} events, ${check.users} users`,
  );
}

export const backupCommand: CommandModule<GlobalArgs, BackupArgs> = {
  command: 'backup <file>',
  describe: 'copy the database to FILE while others keep working (SQLite online backup), then check the copy',
  builder: (y) =>
    (y as Argv<BackupArgs>)
      .positional('file', { type: 'string', demandOption: true, describe: 'the backup file to write (must not exist unless --force)' })
      .option('force', { type: 'boolean', describe: 'replace FILE if it exists' })
      .option('check', { type: 'boolean', describe: 'only check an existing backup FILE (integrity, tables); writes nothing' })
      .example('ticketty backup /var/backups/ticketty-$(date +%F).db', 'a nightly copy from cron')
      .example('ticketty backup --check /var/backups/ticketty-2026-03-02.db', 'check a copy before restoring it')
      .epilogue(
        'Restore: stop ticketty writers (mailgate, notify, cron), then copy the backup over the --db file and remove any stale FILE-wal and FILE-shm next to it.',
      ),
  handler: async (a) => {
    const { backupDatabase, verifyBackup } = await import('../../app/exchange/backup.js');
    if (a.check) return report(a.json === true, 'backup', verifyBackup(a.file));
    await withRuntime<BackupArgs>(async (rt) =>
      report(rt.json, 'backed up to', await backupDatabase(rt.app, rt.actor(), a.file, { force: a.force === true })),
    )(a);
  },
};
