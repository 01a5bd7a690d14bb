// Queue windows on a keyset: a window around a ticket (kept under the cursor across refreshes) and
// the `back` windows it reads are the same rows, in the same order, as the whole queue sliced where
// the ticket sits, with `hasBefore`/`hasAfter` exact — on every tab and sort, for random tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../createApp.js';
import { openStore } from '../../store/sqlite/db.js';
import { openPostgresStorePort } from '../../store/postgres/index.js';
import type { StorePort } from '../../store/port/index.js';
import { migratedPostgresDatabase, onPostgres } from '../../../test/helpers/testStore.js';
import { tableRows } from '../../../test/helpers/tableRows.js';
import { fixedClock } from '../../domain/clock.js';
import { initDatabase } from '../settings/init.js';
import { generateDemo } from '../demo/demo.js';
import { resolveActor } from '../people/actors.js';
import { loadQueueAround, loadQueueWindow } from './queuePage.js';
import { QUEUE_SORTS, queueTabs } from './queueTabs.js';

const SEED = Number(process.env.TICKETTY_SEED ?? 20261206);
const SIZE = 7;

let store: StorePort;
let app: App;

beforeAll(() => {
  const clock = fixedClock('2026-03-04T15:00:00Z');
  app = onPostgres ? createApp(openPostgresStorePort(migratedPostgresDatabase()), clock) : createApp(openStore(':memory:'), clock);
  store = app.store;
  initDatabase(app, 'admin');
  generateDemo(app, { tickets: 400, seed: 3 });
}, 120_000);

afterAll(() => store?.close());

/** A small deterministic generator (the seed is printed by the failing test's name). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

describe(`queue windows around a ticket (seed ${SEED})`, () => {
  it('equal the whole queue sliced at the ticket, on every tab and sort, with exact hasBefore/hasAfter', () => {
    const next = random(SEED);
    let checked = 0;
    // The admin, a superuser (level 1), an agent (2), an engineer (3) and a requester: their tabs and scopes differ.
    const first = (role: string) => tableRows(store, 'users').find((u) => u.role === role)!.handle;
    for (const handle of ['admin', first('superuser'), first('agent'), first('engineer'), first('requester')]) {
      const actor = resolveActor(app, handle);
      for (const tab of queueTabs(actor)) {
        for (const sort of QUEUE_SORTS) {
          const input = { where: tab.filter, sort, size: SIZE };
          const all = loadQueueWindow(app, actor, { ...input, size: 10_000 }, { kind: 'first' }).rows.map((r) => r.ticket.id);
          if (!all.length) continue;
          for (let k = 0; k < 4; k++) {
            const index = Math.floor(next() * all.length);
            const offset = Math.floor(next() * (SIZE + 2));
            const window = loadQueueAround(app, actor, input, all[index]!, offset);
            // The window starts `offset` rows above the ticket (fewer near the top), and near the
            // end shows the last SIZE rows rather than a short window.
            let start = Math.max(0, index - offset);
            if (all.length - start < SIZE) start = Math.max(0, all.length - SIZE);
            const expected = all.slice(start, start + SIZE);
            const where = `${handle} ${tab.id} ${sort.key}${sort.descending ? '↓' : '↑'} #${all[index]} offset ${offset}`;
            expect(
              window?.rows.map((r) => r.ticket.id),
              where,
            ).toEqual(expected);
            expect(window?.hasBefore, `${where}: hasBefore`).toBe(start > 0);
            expect(window?.hasAfter, `${where}: hasAfter`).toBe(start + SIZE < all.length);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is null for a ticket the queue does not hold', () => {
    const admin = resolveActor(app, 'admin');
    const open = { where: 'status=open', sort: QUEUE_SORTS[0]!, size: SIZE };
    const closed = loadQueueWindow(app, admin, { ...open, where: 'status=closed' }, { kind: 'first' }).rows[0]!;
    expect(loadQueueAround(app, admin, open, closed.ticket.id, 2)).toBeNull();
    expect(loadQueueAround(app, admin, open, 99_999_999, 2)).toBeNull();
  });
});
