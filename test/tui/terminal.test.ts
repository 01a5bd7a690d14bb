// The real bin/ticketty in a real terminal (tmux): start on a database made with the CLI, move,
// filter, switch tabs, a batch action on two selected tickets, quit — and the terminal is back as
// it was (alternate screen left).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const term = tmuxSession('tui');
const alternateOn = () => term.tmux('display-message', '-p', '-t', 'tui', '#{alternate_on}').trim() === '1';

beforeAll(() => {
  const env = { db: tmp.db };
  seedCli(env);
  for (let i = 1; i <= 30; i++) {
    const r = runCli(
      env,
      [
        'ticket',
        'create',
        '-s',
        i === 4 ? 'Urgent outage' : `Question ${i}`,
        '-t',
        'details',
        '--requester',
        'ann',
        '--level',
        '2',
        '-p',
        i % 10 === 4 ? 'P1' : 'P3',
      ],
      { as: 'bob' },
    );
    if (r.code !== 0) throw new Error(r.stderr);
  }
  // A shell that marks the screen before and after, so the test sees what the TUI left behind.
  term.start(tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: '2026-03-02T12:00:00Z', markBefore: true, reportExit: true }), 80, 24);
});

afterAll(() => {
  term.kill();
  tmp.cleanup();
});

describe('ticketty in a real terminal (tmux, 80×24)', () => {
  it('starts in the alternate screen, moves, filters, switches tabs, runs a batch action and quits restoring the terminal', async () => {
    // bob's Mine tab is empty: the first screen is the first tab with tickets, Unassigned L2.
    let text = await term.waitFor((s) => s.includes('30 tickets'), 'the queue (the Unassigned tab)');
    expect(alternateOn()).toBe(true);
    expect(text).not.toContain('BEFORE-TUI');
    // The status bar names the database: the file's name, or the PostgreSQL database's.
    expect(text).toContain(`bob (agent L2) · ${tmp.db.split('/').at(-1)}`);
    // SLA time left, soonest first: the P1s (4 h pickup), then the P3s (16 h).
    expect(text).toMatch(/^› +#4 P1 NEW L2/m);
    expect([...text.matchAll(/^[› ] +#(\d+) /gm)].map((m) => Number(m[1])).slice(0, 5)).toEqual([4, 14, 24, 1, 2]);
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);

    term.keys('j', 'j', 'Down');
    await term.waitFor((s) => /^› +#1 P3/m.test(s), 'the cursor on #1');
    term.keys('k');
    await term.waitFor((s) => /^› +#24 P1/m.test(s), 'the cursor on #24');

    term.keys('f');
    await term.waitFor((s) => /^filter:/m.test(s), 'the filter prompt');
    term.type('priority=P9');
    await term.waitFor((s) => s.includes('bad filter at column 10'), 'the inline filter error');
    term.keys('BSpace', '1', 'Enter');
    text = await term.waitFor((s) => s.includes('3 tickets · sort'), 'the filtered queue');
    expect([...text.matchAll(/#(\d+) P1/g)].map((m) => Number(m[1]))).toEqual([4, 14, 24]);
    expect(text).toMatch(/^› +#4 P1/m); // a new filter shows its matches from the top

    term.keys('Tab');
    await term.waitFor((s) => s.includes('3 tickets') && /\[?All open/.test(s), 'the All open tab');
    term.keys('Escape');
    await term.waitFor((s) => s.includes('30 tickets') && /^› +#4 P1/m.test(s), 'the filter cleared');

    // A batch action: space selects #1 and #2, b opens the menu, the priority P1, the preview, y.
    term.keys('j', 'j', 'j');
    await term.waitFor((s) => /^› +#1 P3/m.test(s), 'the cursor on #1');
    term.keys('Space', 'Space'); // space selects and moves down
    await term.waitFor((s) => s.includes('2 selected'), 'two tickets selected');
    term.keys('b');
    await term.waitFor((s) => s.includes('Batch action on 2 selected tickets'), 'the batch menu');
    term.keys('Enter');
    await term.waitFor((s) => s.includes('set the priority on 2 selected'), 'the priority list');
    term.keys('Enter');
    text = await term.waitFor((s) => s.includes('Batch: set the priority P1'), 'the preview');
    expect(text).toContain('2 selected · 2 will change · 0 refused');
    term.keys('y');
    // The rows, not the status line: that one is cut at 80 columns behind a longer database name.
    await term.waitFor((s) => /#1 P1 /.test(s) && /#2 P1 /.test(s), 'the batch result');
    const shown = [1, 2].map((id) => runCli({ db: tmp.db }, ['--json', 'ticket', 'show', String(id)], { as: 'bob' }).json());
    expect(shown.map((t) => t.priority)).toEqual(['P1', 'P1']);
    const batchIds = shown.map((t) => t.events.at(-1).batchId);
    expect(batchIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(batchIds[1]).toBe(batchIds[0]);

    term.keys('q');
    text = await term.waitFor((s) => s.includes('AFTER-TUI exit=0'), 'the shell after quitting');
    expect(alternateOn()).toBe(false);
    expect(text).toContain('BEFORE-TUI');
    expect(text).not.toContain('SUBJECT');
  });
});
