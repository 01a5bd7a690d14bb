// Two automate runs on two connections to one database (a SQLite file, or the run's PostgreSQL),
// interleaved on purpose: the second commits its firings between the first one's candidate query
// and its write transaction.
import { afterEach, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { tableRows } from '../helpers/tableRows.js';
import { createApp, openApp } from '../../src/app/createApp.js';
import type { StorePort } from '../../src/store/port/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { addOrg, addUser } from '../../src/app/people/people.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { runAutomations } from '../../src/app/automation/automation.js';

const tmp = tempDb();
const stores: StorePort[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  tmp.cleanup();
});

it('a step that another process fired meanwhile does not fire again', async () => {
  const app = await openApp(tmp.db, fixedClock('2026-03-02T10:00:00Z'));
  stores.push(app.store);
  addOrg(app, null, { name: 'ACME', domains: [] });
  const ann = actorFromUser(addUser(app, null, { handle: 'ann', role: 'requester', org: 'ACME' }));
  const sam = actorFromUser(addUser(app, null, { handle: 'sam', role: 'superuser', org: 'ACME' }));
  const ids = [1, 2, 3].map(() => createTicket(app, ann, { subject: 's', description: 'd' }).id);
  for (const id of ids) act.requestInfo(app, sam, id, 'Which version?');

  const later = fixedClock('2026-03-03T10:00:00Z');
  const other = await openApp(tmp.db, later);
  stores.push(other.store);
  const base = (await openApp(tmp.db, later)).store;
  stores.push(base);
  let competitorRan = false;
  // The first run's store lets the competitor commit just before each of its write transactions.
  const interleaved: StorePort = {
    ...base,
    write: (fn) => {
      if (!competitorRan) {
        competitorRan = true;
        expect(runAutomations(other).fired.map((f) => f.ticketId)).toEqual(ids);
      }
      return base.write(fn);
    },
  };
  const first = runAutomations(createApp(interleaved, later));
  expect(competitorRan).toBe(true);
  expect(first.fired).toEqual([]);
  const reminders = tableRows(base, 'events').filter((e) => e.action === 'remind');
  expect(reminders).toHaveLength(3);
});
