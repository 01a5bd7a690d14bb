// The reports screen in a real terminal (tmux, 80×24), its report made to take seconds: the real
// bin/ticketty with its count worker held by test/helpers/slowWorkerPreload.mjs (the worker's
// thread waits, as on a million tickets). Keys are answered on screen while the report runs,
// leaving ends the report, reopening runs a fresh one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const term = tmuxSession('reports');
const REPORT_MS = 6_000;
/** A key's screen comes at once while the report runs (generous: the machine is loaded; the report takes seconds). */
const QUICK_MS = 2_000;
const preload = fileURLToPath(new URL('../helpers/slowWorkerPreload.mjs', import.meta.url));
const reportsAnswered = () => {
  const log = `${tmp.db}.jobs.log`;
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('answered reports'))
    : [];
};
const cursor = (screen: string) => /^› +#(\d+) /m.exec(screen)?.[1];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  const env = { db: tmp.db };
  seedCli(env);
  for (let i = 1; i <= 3; i++) {
    const r = runCli(env, ['ticket', 'create', '-s', `Question ${i}`, '-t', 'details', '--requester', 'ann', '--level', '2'], {
      as: 'bob',
    });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  writeFileSync(`${tmp.db}.slow.json`, JSON.stringify({ reportsMs: REPORT_MS }));
  term.start(tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: '2026-03-02T12:00:00Z', nodeArgs: ['--import', preload] }), 80, 24);
});

afterAll(() => {
  term.kill();
  tmp.cleanup();
});

describe('a slow report in a real terminal (tmux, 80×24)', () => {
  it('says working… at once, answers Tab, Esc and j while the report runs, ends it on leaving, runs a fresh one on reopening', async () => {
    await term.waitFor((s) => s.includes('3 tickets'), 'the queue (the Unassigned tab)');
    const quick = (shows: (screen: string) => boolean, what: string) => term.waitFor(shows, what, { timeoutMs: QUICK_MS });

    term.type('%');
    const opened = Date.now();
    let screen = await quick((s) => s.includes('SLA by priority'), 'the reports screen');
    expect(screen).toContain('working…');
    expect(screen).not.toContain('PRIO');
    term.keys('Tab');
    screen = await quick((s) => s.includes('$ ticketty report backlog'), 'the backlog chosen');
    expect(screen).toContain('working…');
    term.keys('Escape');
    screen = await quick((s) => s.includes('sort:') && !s.includes('SLA by priority'), 'the queue');
    const top = cursor(screen);
    term.keys('j');
    screen = await quick((s) => cursor(s) !== undefined && cursor(s) !== top, 'the cursor moved');
    expect(Date.now() - opened, 'all of it before the report could answer').toBeLessThan(REPORT_MS);

    // Past the time the report needed: it never answered (its worker was ended), the queue stayed.
    await pause(opened + REPORT_MS + 1_500 - Date.now());
    expect(reportsAnswered()).toEqual([]);
    expect(cursor(term.screen())).toBe(cursor(screen));
    expect(term.screen()).not.toContain('PRIO');

    term.type('%');
    const reopened = Date.now();
    screen = await quick((s) => s.includes('SLA by priority'), 'the reports screen again');
    expect(screen).toContain('working…');
    expect(screen).not.toContain('PRIO');
    screen = await term.waitFor((s) => s.includes('PRIO') && !s.includes('working…'), 'the SLA report', { timeoutMs: 30_000 });
    expect(Date.now() - reopened).toBeGreaterThanOrEqual(REPORT_MS);
    expect(screen).toMatch(/^all\s+3\s/m);
    expect(reportsAnswered()).toHaveLength(1);
  }, 90_000);
});
