// The preview pane in a real terminal (tmux): beside the queue at 200×60, following the cursor;
// absent at 80×24, where the queue keeps the whole width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const NOW = '2026-03-02T12:00:00Z';
const wide = tmuxSession('preview-wide');
const narrow = tmuxSession('preview-narrow');

beforeAll(() => {
  const env = { db: tmp.db, now: NOW };
  seedCli(env);
  for (const subject of ['Printer jammed', 'VPN drops every hour']) {
    const r = runCli(env, ['ticket', 'create', '-s', subject, '-t', `${subject}, since Monday.`, '--requester', 'ann', '--level', '2'], {
      as: 'bob',
    });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const command = tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: NOW });
  wide.start(command, 200, 60);
  narrow.start(command, 80, 24);
});

afterAll(() => {
  wide.kill();
  narrow.kill();
  tmp.cleanup();
});

/** The right-hand pane: each row's text after the pane's border. */
const pane = (screen: string) =>
  screen
    .split('\n')
    .map((l) => l.split('│').slice(1).join('│'))
    .join('\n');

describe('the preview pane in a real terminal', () => {
  it('at 200×60 shows the ticket under the cursor beside the queue and follows the cursor', async () => {
    let s = await wide.waitFor((x) => x.includes('bob (agent L2)') && /^›/m.test(x), 'the queue');
    const first = Number(/^›[● ]\s*#(\d+) /m.exec(s)![1]);
    s = await wide.waitFor((x) => pane(x).includes(`#${first} `) && pane(x).includes('since Monday.'), 'the pane');
    expect(pane(s)).toMatch(/pickup L\d/);
    expect(s.split('\n').every((l) => l.length <= 200)).toBe(true);
    if (!s.includes('2 tickets')) {
      wide.keys('Tab');
      s = await wide.waitFor((x) => x.includes('2 tickets'), 'a tab with both tickets');
    }
    wide.keys('g');
    s = await wide.waitFor((x) => /^›[● ]\s*#\d+ /m.test(x), 'the cursor');
    const top = Number(/^›[● ]\s*#(\d+) /m.exec(s)![1]);
    wide.keys('j');
    s = await wide.waitFor((x) => Number(/^›[● ]\s*#(\d+) /m.exec(x)?.[1]) !== top, 'the cursor on the next ticket');
    const next = Number(/^›[● ]\s*#(\d+) /m.exec(s)![1]);
    s = await wide.waitFor((x) => pane(x).includes(`#${next} `), 'the pane on the next ticket');
    expect(pane(s)).not.toContain(`#${top} `);
  });

  it('at 80×24 the pane is absent', async () => {
    const s = await narrow.waitFor((x) => x.includes('bob (agent L2)') && /^›/m.test(x), 'the queue');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = narrow.screen();
    expect(again).not.toMatch(/pickup L\d/);
    expect(again).not.toContain('newest message');
    expect(s.split('\n').every((l) => l.length <= 80)).toBe(true);
  });
});
