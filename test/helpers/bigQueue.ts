// A SQLite file with many tickets, made fast: a few real tickets through the app, then copies of
// them by one INSERT … SELECT (the store's own triggers keep the search index and the report
// rollups as for any insert). For tests that need a count or a report to take a while.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteApp, type SqliteApp } from '../../src/app/createApp.js';
import { resolveActor } from '../../src/app/people/actors.js';
import { addUser } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';

export interface BigQueue {
  app: SqliteApp;
  path: string;
  close(): void;
}

/** `tickets` new L2 tickets requested by ann (bob is an agent, admin an admin), on a file. */
export function bigQueue(tickets: number, nowIso = '2026-03-02T10:00:00Z'): BigQueue {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-big-'));
  const path = join(dir, 't.db');
  const app = openSqliteApp(path, { now: () => new Date(nowIso) });
  addUser(app, null, { handle: 'admin', role: 'admin' });
  addUser(app, null, { handle: 'ann', role: 'requester' });
  addUser(app, null, { handle: 'bob', role: 'agent' });
  const bob = resolveActor(app, 'bob');
  createTicket(app, bob, { subject: 'Printer on fire', description: 'd', requester: 'ann', level: 2 });
  const columns = (app.store.sqlite.prepare(`select name from pragma_table_info('tickets') where name != 'id'`).pluck().all() as string[])
    .map((c) => `"${c}"`)
    .join(', ');
  app.store.sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
       insert into tickets (${columns}) select ${columns} from tickets, n where tickets.id = 1`,
    )
    .run(tickets - 1);
  return {
    app,
    path,
    close: () => {
      app.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
