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
import { countQueueTelling } from './countProgress.js';
import { bigQueue } from '../../../test/helpers/bigQueue.js';

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

  it('tells the running total every N tickets counted, and counts what one plain count gives', () => {
    const { app } = world();
    const bob = resolveActor(app, 'bob');
    for (const where of FILTERS) {
      const heard: number[] = [];
      const total = countQueueTelling(app, bob, where, (n) => heard.push(n), 3);
      expect(total, where ?? '(all)').toBe(countQueue(app, bob, where));
      expect(heard, where ?? '(all)').toEqual(Array.from({ length: Math.floor(total / 3) }, (_, i) => 3 * (i + 1)));
    }
  });

  it('the worker posts the running total while a count runs', async () => {
    const { app, path } = world();
    const counter = workerCounter(app, path, { progressEvery: 2 });
    cleanups.unshift(() => counter.close());
    const heard: number[] = [];
    const total = await counter.count(resolveActor(app, 'bob'), undefined, new AbortController().signal, (n) => heard.push(n));
    expect(total).toBe(12);
    expect(heard).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('drops a moot report waiting behind a count without restarting the count', async () => {
    const big = bigQueue(40_000);
    cleanups.unshift(() => big.close());
    const counter = workerCounter(big.app, big.path, { progressEvery: 1 });
    cleanups.unshift(() => counter.close());
    const admin = resolveActor(big.app, 'admin');
    const heard: number[] = [];
    let firstProgress!: () => void;
    const started = new Promise<void>((resolve) => (firstProgress = resolve));
    const count = counter.count(admin, undefined, new AbortController().signal, (n) => {
      heard.push(n);
      firstProgress();
    });
    await started;
    const moot = new AbortController();
    const report = counter.reports(admin, undefined, moot.signal);
    moot.abort();
    await expect(report).rejects.toMatchObject({ name: 'AbortError' });
    expect(await count).toBe(40_000);
    // One count from start to end: never restarted, so its running totals only grow.
    expect(heard).toHaveLength(40_000);
    expect(heard.every((n, i) => n === i + 1)).toBe(true);
    const reports = await counter.reports(admin, undefined, new AbortController().signal);
    expect(reports.backlog.total).toBe(40_000);
  });
});
