// The count worker: its own read-only connection gives the same totals as the app's, a cancelled
// count rejects and leaves the counter working, and the bundled worker (dist/) is the same code.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteApp, type SqliteApp } from '../createApp.js';
import { resolveActor } from '../people/actors.js';
import { addUser } from '../people/people.js';
import { createTicket } from './createTicket.js';
import { acceptTicket } from './ticketActions.js';
import { countQueue } from './queuePage.js';
import { workerCounter, type QueueCounter } from './queueCounter.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function world(): { app: SqliteApp; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-count-'));
  const path = join(dir, 't.db');
  const app = openSqliteApp(path, { now: () => new Date('2026-03-02T10:00:00Z') });
  cleanups.push(() => {
    app.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  addUser(app, null, { handle: 'ann', role: 'requester' });
  addUser(app, null, { handle: 'bob', role: 'agent' });
  const bob = resolveActor(app, 'bob');
  for (let i = 1; i <= 12; i++) {
    createTicket(app, bob, { subject: i % 3 ? `Printer ${i}` : `VPN ${i}`, description: 'd', requester: 'ann', level: 2 });
  }
  acceptTicket(app, bob, 2);
  return { app, path };
}

const FILTERS = [undefined, 'status=new', 'assignee=me', '(status=new) and (text~"VPN")', 'text~"nothing like this"'];

async function expectSameCounts(app: SqliteApp, counter: QueueCounter): Promise<void> {
  const bob = resolveActor(app, 'bob');
  const never = new AbortController().signal;
  for (const where of FILTERS) expect(await counter.count(bob, where, never), where ?? '(all)').toBe(countQueue(app, bob, where));
}

describe('the count worker', () => {
  it('counts on its own connection what the app counts', async () => {
    const { app, path } = world();
    const counter = workerCounter(app, path);
    cleanups.unshift(() => counter.close());
    await expectSameCounts(app, counter);
    // A write on the app's connection is seen by the worker's next count.
    createTicket(app, resolveActor(app, 'bob'), { subject: 'VPN again', description: 'd', requester: 'ann', level: 2 });
    await expectSameCounts(app, counter);
  });

  it('rejects a cancelled count and keeps answering the next ones', async () => {
    const { app, path } = world();
    const counter = workerCounter(app, path);
    cleanups.unshift(() => counter.close());
    const bob = resolveActor(app, 'bob');
    const moot = new AbortController();
    const cancelled = counter.count(bob, 'text~"VPN"', moot.signal);
    const next = counter.count(bob, 'status=new', new AbortController().signal);
    moot.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(await next).toBe(countQueue(app, bob, 'status=new'));
    await expectSameCounts(app, counter);
  });

  it('runs from the bundle (dist/count-worker.cjs)', async () => {
    const script = fileURLToPath(new URL('../../../dist/count-worker.cjs', import.meta.url));
    expect(existsSync(script), 'node bin/build.mjs builds dist/count-worker.cjs').toBe(true);
    const { app, path } = world();
    const counter = workerCounter(app, path, { script });
    cleanups.unshift(() => counter.close());
    await expectSameCounts(app, counter);
  });
});
