// What the `postgres` project of test/vitest.config.ts leaves out, each with its reason: the one
// place that says which tests run on one store only. Everything else under test/ and src/app runs
// on both (test/helpers/testStore.ts gives each test a database on the project's store); unit
// tests of code that touches no store (src/domain, src/cli, src/mail, src/tui, src/store/sqlite)
// run once, in the `sqlite` project.
export const SQLITE_ONLY: Record<string, string> = {
  // Not SQLite by nature, left out for time: an ink test reads every frame's rows through the
  // PostgreSQL worker bridge (a round trip per repository call), 30-80 s a test under load where
  // SQLite takes a second or two, and tmux tests start the TUI's process per test.
  'test/tui/**/*.test.tsx': 'ink frames on PostgreSQL: too slow for CI on 2 cores (the TUI on PostgreSQL: test/postgres/cli.test.ts)',
  'test/tui/**/*Terminal.test.ts': 'the real terminal (tmux) per test: too slow for CI on 2 cores on PostgreSQL',
  'test/tui/terminal.test.ts': 'the real terminal (tmux) per test: too slow for CI on 2 cores on PostgreSQL',
  'test/bulk/terminal.test.ts': 'the real terminal (tmux) per test: too slow for CI on 2 cores on PostgreSQL',
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
  // Left out for CI's time on 2 cores (the whole suite must fit in 20 minutes with both stores):
  // the slowest files that spawn the CLI per case; their store paths are the same use cases the
  // PostgreSQL project runs through walkthrough, sla/cli, seed/associationLifecycle and test/postgres.
  'test/cli/badInput.test.ts': 'CI time on 2 cores: about 100 CLI processes, each starting the PostgreSQL worker',
  'test/security/clockCli.test.ts': 'CI time on 2 cores: the clock refusals are argument checks before any store call',
  'test/security/badValues.test.ts': 'CI time on 2 cores: bad values are refused before any store call',
  'test/seed/businessHoursTable.test.ts': 'CI time on 2 cores: SLA arithmetic, checked by the store-agnostic unit tests',
  'test/seed/frenchPortal.test.ts': 'CI time on 2 cores: labels and dictionaries, also in seed/associationLifecycle on PostgreSQL',
  'test/perf/mailgateEntry.test.ts': 'which script serves mailgate: no store involved in what it checks',
  'test/mail/mta.test.ts':
    'mailgate on a SQLite file that cannot be written (modes, SQLITE_* codes); an unreachable PostgreSQL: test/postgres/cli.test.ts',
  'src/app/demo/demo.test.ts': 'the demo on a SQLite store it opens itself',
  'src/app/tickets/queueCounter.test.ts': 'opens a SQLite file or :memory: store itself',
  'src/app/tickets/ticketFlow.test.ts':
    'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/automation/automate.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/automation/cli.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/automation/interleaving.test.ts': 'opens a SQLite file or :memory: store itself',
  'test/automation/routing.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/bulk/batch.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/bulk/batchTwin.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/bulk/cli.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/bulk/exchange.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/bulk/importScale.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/bulk/rawRows.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/mail/cli.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/mail/conversation.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/mail/exim.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/mail/mimeProperty.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/mail/notify.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/mail/notifyRules.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/mail/postfix.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/mail/shapes.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/security/hostileImport.test.ts':
    'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/security/hostileInput.test.ts':
    'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/security/optionFuzz.test.ts': 'seeds a SQLite file with test/reliability/helpers.ts',
  'test/security/permissions.test.ts':
    'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/security/roleMatrix.test.ts': 'seeds a SQLite file with test/reliability/helpers.ts',
  'test/security/roles.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/security/terminalSafety.test.ts': 'seeds a SQLite file with test/reliability/helpers.ts',
  'test/seed/approvalFlow.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/seed/perGroupSla.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/seed/statusLabelsPerLevel.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/sla/rollups.test.ts': 'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/tui/composerTerminal.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/tui/escalationPreview.test.tsx':
    'asserts through the SQLite connection (world.app.store.db / .sqlite): to port, read through the app',
  'test/tui/liveAndConfig.test.tsx': 'opens a SQLite file or :memory: store itself',
  'test/tui/queueTotal.test.tsx': 'opens a SQLite file or :memory: store itself',
  'test/tui/ticketTerminal.test.ts': 'reads the SQLite file with better-sqlite3 to check what the CLI wrote',
  'test/tui/urgentNotice.test.tsx': 'opens a SQLite file or :memory: store itself',
};

/** What `npm test` runs on PostgreSQL by default (test/vitest.config.ts); all of it with TICKETTY_TEST_POSTGRES=all. */
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
];
