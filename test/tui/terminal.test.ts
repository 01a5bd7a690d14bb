// The real bin/ticketty in a real terminal (tmux): start on a database made with the CLI, move,
// filter, switch tabs, a batch action on two selected tickets, quit — and the terminal is back as
// it was (alternate screen left).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, seedCli, tempDb } from '../helpers/cli.js';

// A real terminal is part of what these tests prove: without tmux they fail, never skip.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const tmp = tempDb();
const socket = `ticketty-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'tui');
const alternateOn = () => tmux('display-message', '-p', '-t', 'tui', '#{alternate_on}').trim() === '1';

async function waitFor(predicate: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    text = screen();
    if (predicate(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
}

beforeAll(() => {
  if (!hasTmux) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');
  const env = { db: tmp.db };
  seedCli(env);
  for (let i = 1; i <= 30; i++) {
    const r = runCli(env, ['ticket', 'create', '-s', i === 4 ? 'Urgent outage' : `Question ${i}`, '-t', 'details', '--requester', 'ann', '--level', '2', '-p', i % 10 === 4 ? 'P1' : 'P3'], { as: 'bob' });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  // A shell that marks the screen before and after, so the test sees what the TUI left behind.
  const script = join(tmp.dir, 'run.sh');
  writeFileSync(
    script,
    `echo BEFORE-TUI\nXDG_CONFIG_HOME=${tmp.dir} TICKETTY_NOW=2026-03-02T12:00:00Z "${process.execPath}" "${BIN}" --db "${tmp.db}" --as bob\necho "AFTER-TUI exit=$?"\nsleep 60\n`,
  );
  tmux('new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24', `sh ${script}`);
});

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  tmp.cleanup();
});

describe('ticketty in a real terminal (tmux, 80×24)', () => {
  it('starts in the alternate screen, moves, filters, switches tabs, runs a batch action and quits restoring the terminal', async () => {
    let text = await waitFor((s) => s.includes('0 tickets'), 'the queue (Mine tab)');
    expect(alternateOn()).toBe(true);
    expect(text).not.toContain('BEFORE-TUI');
    expect(text).toContain('bob (agent L2) · test.db');

    tmux('send-keys', '-t', 'tui', 'Tab');
    text = await waitFor((s) => s.includes('30 tickets'), 'the Unassigned tab');
    // SLA time left, soonest first: the P1s (4 h pickup), then the P3s (16 h).
    expect(text).toMatch(/^› +#4 P1 NEW L2/m);
    expect([...text.matchAll(/^[› ] +#(\d+) /gm)].map((m) => Number(m[1])).slice(0, 5)).toEqual([4, 14, 24, 1, 2]);
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);

    tmux('send-keys', '-t', 'tui', 'j', 'j', 'Down');
    await waitFor((s) => /^› +#1 P3/m.test(s), 'the cursor on #1');
    tmux('send-keys', '-t', 'tui', 'k');
    await waitFor((s) => /^› +#24 P1/m.test(s), 'the cursor on #24');

    tmux('send-keys', '-t', 'tui', 'f');
    await waitFor((s) => /^filter:/m.test(s), 'the filter prompt');
    tmux('send-keys', '-t', 'tui', '-l', 'priority=P9');
    await waitFor((s) => s.includes('bad filter at column 10'), 'the inline filter error');
    tmux('send-keys', '-t', 'tui', 'BSpace', '1', 'Enter');
    text = await waitFor((s) => s.includes('3 tickets · sort'), 'the filtered queue');
    expect([...text.matchAll(/#(\d+) P1/g)].map((m) => Number(m[1]))).toEqual([4, 14, 24]);
    expect(text).toMatch(/^› +#4 P1/m); // a new filter shows its matches from the top

    tmux('send-keys', '-t', 'tui', 'Tab');
    await waitFor((s) => s.includes('3 tickets') && /\[?All open/.test(s), 'the All open tab');
    tmux('send-keys', '-t', 'tui', 'Escape');
    await waitFor((s) => s.includes('30 tickets') && /^› +#4 P1/m.test(s), 'the filter cleared');

    // A batch action: space selects #1 and #2, b opens the menu, the priority P1, the preview, y.
    tmux('send-keys', '-t', 'tui', 'j', 'j', 'j');
    await waitFor((s) => /^› +#1 P3/m.test(s), 'the cursor on #1');
    tmux('send-keys', '-t', 'tui', 'Space', 'j', 'Space');
    await waitFor((s) => s.includes('2 selected'), 'two tickets selected');
    tmux('send-keys', '-t', 'tui', 'b');
    await waitFor((s) => s.includes('Batch action on 2 selected tickets'), 'the batch menu');
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitFor((s) => s.includes('set the priority on 2 selected'), 'the priority list');
    tmux('send-keys', '-t', 'tui', 'Enter');
    text = await waitFor((s) => s.includes('Batch: set the priority P1'), 'the preview');
    expect(text).toContain('2 selected · 2 will change · 0 refused');
    tmux('send-keys', '-t', 'tui', 'y');
    await waitFor((s) => s.includes('2 changed'), 'the batch result');
    const shown = [1, 2].map((id) => runCli({ db: tmp.db }, ['--json', 'ticket', 'show', String(id)], { as: 'bob' }).json());
    expect(shown.map((t) => t.priority)).toEqual(['P1', 'P1']);
    const batchIds = shown.map((t) => t.events.at(-1).batchId);
    expect(batchIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(batchIds[1]).toBe(batchIds[0]);

    tmux('send-keys', '-t', 'tui', 'q');
    text = await waitFor((s) => s.includes('AFTER-TUI exit=0'), 'the shell after quitting');
    expect(alternateOn()).toBe(false);
    expect(text).toContain('BEFORE-TUI');
    expect(text).not.toContain('SUBJECT');
  });
});
