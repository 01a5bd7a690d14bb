// What the `postgres` project of test/vitest.config.ts leaves out, each with its reason: the one
// place that says which tests run on one store only. Everything else under test/ and src/app runs
// on both (test/helpers/testStore.ts gives each test a database on the project's store); unit
// tests of code that touches no store (src/domain, src/cli, src/mail, src/tui, src/store/sqlite)
// run once, in the `sqlite` project. A test reads what a command wrote through
// test/helpers/tableRows.ts (either store), never through one store's connection, and holds off
// writers with test/helpers/writeLock.ts. No test of a shared file is left out on PostgreSQL: what
// is SQLite by nature is a file of its own, listed here with its reason.
// `npm test` runs only POSTGRES_SAMPLE (below) there, to stay within 5 minutes on 2 cores;
// TICKETTY_TEST_POSTGRES=all runs everything not listed here, the TUI's ink and tmux tests too,
// and `rest` all of that but the sample (.ci/run adds it after npm test when time allows).
export const SQLITE_ONLY: Record<string, string> = {
  'test/postgres/**': 'PostgreSQL tests already: each starts its own server (test/helpers/postgres.ts)',
  'test/perf/queryPlans.test.ts': 'SQLite query plans (EXPLAIN QUERY PLAN snapshots)',
  'test/perf/filterFuzz.test.ts':
    'checks the SQLite filter compiler against its own evaluation (the PostgreSQL compiler: test/postgres/parity.test.ts)',
  'test/perf/startupImports.test.ts': 'what the CLI bundle imports at start: no store involved',
  'test/reliability/openFile.test.ts': 'a SQLite file: permissions, WAL, a file that is not a database',
  'test/reliability/backupAudit.test.ts': 'SQLite backup files (PostgreSQL backups are pg_dump)',
  'test/reliability/demoKill.test.ts': 'a demo killed in the SQLite bulk load: its hot journal',
  'test/reliability/crash.test.ts': 'SQLite journals and integrity_check; on PostgreSQL: test/postgres/crash.test.ts',
  'test/reliability/concurrency.test.ts': 'SQLite WAL and SQLITE_BUSY; on PostgreSQL: test/postgres/concurrency.test.ts',
  'test/tui/reportsTerminal.test.ts':
    'a report worker slowed on purpose: the SQLite off-thread reader (test/helpers/slowWorkerPreload.mjs)',
  'test/perf/mailgateEntry.test.ts': 'which script serves mailgate: no store involved in what it checks',
  'test/mail/mta.test.ts':
    'mailgate on a SQLite file that cannot be written (modes, SQLITE_* codes); an unreachable PostgreSQL: test/postgres/cli.test.ts',
  'src/app/demo/demo.test.ts': "the demo's SQLite bulk load on a file it opens itself; on PostgreSQL: test/postgres/demo.test.ts",
  'src/app/tickets/queueCounter.test.ts':
    "SQLite's count worker on its own read-only connection; PostgreSQL's: test/postgres/backgroundCount.test.ts",
  'test/bulk/rawRows.test.ts': "SQLite's raw row reader (store/sqlite/repos/rawRows.ts) against drizzle's rows",
  'test/mail/exim.test.ts':
    'a real Exim piping into mailgate on a SQLite file, a held file lock deferring it; mailgate exit 75 on PostgreSQL: test/postgres/cli.test.ts',
  'test/mail/postfix.test.ts':
    'a real Postfix piping into mailgate on a SQLite file, a held file lock deferring it; mailgate exit 75 on PostgreSQL: test/postgres/cli.test.ts',
  'test/security/roleMatrix.test.ts': 'copies a SQLite file per case and compares its fingerprint (the rules it checks are store-agnostic)',
  'test/security/optionFuzz.test.ts': 'copies a SQLite file per fuzzed invocation and compares its fingerprint',
  'test/sla/rollups.test.ts': "SQLite's rollups against its full computation; PostgreSQL's: test/postgres/rollups.test.ts",
};

/** What `npm test` runs on PostgreSQL by default (test/vitest.config.ts); the rest with TICKETTY_TEST_POSTGRES=rest, both with `all`. */
export const POSTGRES_SAMPLE: string[] = [
  'src/app/settings/settings.test.ts',
  'src/app/tickets/drafts.test.ts',
  'src/app/tickets/waitingFilter.test.ts',
  'src/app/tickets/actionResult.test.ts',
  'src/app/mail/replyText.test.ts',
  'test/cli/walkthrough.test.ts',
  'test/cli/cursor.test.ts',
  'test/sla/cli.test.ts',
  'test/sla/breachRule.test.ts',
  'test/seed/associationLifecycle.test.ts',
  // The mail, automation and visibility repositories, in process.
  'test/mail/ingest.test.ts',
  'test/automation/automate.test.ts',
  'test/security/permissions.test.ts',
  // Since the tests open stores with the bundle's worker (test/globalSetup.ts), all of it takes
  // half the time it did: room for the batch engine and mail out in process, import and export
  // through the CLI, and the TUI's queue over PostgreSQL.
  'test/bulk/batch.test.ts',
  'test/mail/notify.test.ts',
  'test/bulk/exchange.test.ts',
  'test/tui/queue.test.tsx',
];
