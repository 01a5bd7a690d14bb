// The real bin/ticketty's first frame in a real terminal (tmux) builds no Intl.Segmenter: the
// first one a process builds loads ICU's break data (22 ms), and the first frame's text (`…`, `·`,
// `↑`, accented names) is all one-column characters (src/tui/inkPlainRow.ts ONE_COLUMN_TEXT).
// Text that needs one (an emoji in a subject) still gets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const term = tmuxSession('firstframe');
const hook = join(tmp.dir, 'segmenters.cjs');
const counted = join(tmp.dir, 'segmenters.txt');

beforeAll(() => {
  seedCli({ db: tmp.db });
  // Counts the segmenters built, and writes the count when the process ends.
  writeFileSync(
    hook,
    `const Real = Intl.Segmenter; let built = 0;
Intl.Segmenter = function (...args) { built++; return new Real(...args); };
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(counted)}, String(built)));
`,
  );
});
afterAll(() => {
  term.kill();
  tmp.cleanup();
});

/** Opens the TUI as bob until its first frame, in a 100×30 terminal, and returns how many segmenters it built. */
async function segmentersOfFirstFrame(): Promise<number> {
  term.kill(); // the run before's pane, if any
  writeFileSync(counted, '');
  const command = tuiCommand({
    dir: tmp.dir,
    db: tmp.db,
    as: 'bob',
    now: '2026-03-02T12:00:00Z',
    env: { TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: '1' },
    nodeArgs: ['--require', hook],
    reportExit: true,
  });
  term.start(command, 100, 30);
  await term.waitFor((screen) => screen.includes('AFTER-TUI exit=0'), 'the TUI to draw its first frame and end');
  for (let i = 0; i < 50 && !(existsSync(counted) && readFileSync(counted, 'utf8')); i++) await sleep(20);
  return Number(readFileSync(counted, 'utf8'));
}

function create(subject: string): void {
  const r = runCli({ db: tmp.db }, ['ticket', 'create', '-s', subject, '-t', 'details', '--requester', 'ann', '--level', '2', '-p', 'P1'], {
    as: 'bob',
  });
  if (r.code !== 0) throw new Error(r.stderr);
}

describe('the first frame', () => {
  it('builds no grapheme segmenter for one-column text; an emoji on screen still gets one', async () => {
    for (let i = 0; i < 12; i++)
      create(`Zoë’s café — naïve résumé ${i} · a subject long enough to be cut short with an ellipsis in its column`);
    expect(await segmentersOfFirstFrame()).toBe(0);
    create('Printer ☕ jammed');
    expect(await segmentersOfFirstFrame()).toBeGreaterThan(0);
  }, 60_000);

  // bin/ticketty writes a script's V8 code cache as the process exits when it had none; the cache
  // carries a hash of V8's flags, and the TUI sets its own (run.tsx): it puts V8's defaults back
  // when it ends. Before, every start refused the cache the TUI had written, and wrote it again.
  it('leaves code caches that the next start accepts (vendor-tui: Ink and React)', async () => {
    const caches = (...args: string[]) =>
      execFileSync(process.execPath, [fileURLToPath(new URL('../helpers/refusedCodeCaches.mjs', import.meta.url)), ...args], {
        encoding: 'utf8',
      });
    caches('--forget', 'vendor-tui.cjs');
    term.kill();
    const env = { TICKETTY_TUI_EXIT_AFTER_FIRST_FRAME: '1' };
    term.start(tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: '2026-03-02T12:00:00Z', env, reportExit: true }), 100, 30);
    await term.waitFor((screen) => screen.includes('AFTER-TUI exit=0'), 'the TUI to draw its first frame and end');
    expect(caches()).toBe('');
  }, 60_000);
});
