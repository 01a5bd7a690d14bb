// `ticketty close --where` as a person runs it, in a real terminal (tmux): the preview, the
// question (Ctrl-C, SIGTERM, then no, then yes), the progress bars on stderr, the closing line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDb } from '../helpers/cli.js';
import { tmuxSession } from '../helpers/tmux.js';

const tmp = tempDb();
const NOW = '2026-03-04T15:00:00Z';
const env = { db: tmp.db, now: NOW };
const WHERE = 'status!=closed';
const log = join(tmp.dir, 'pane.log');
const term = tmuxSession('batch');
const toClose = () =>
  runCli(env, ['--json', 'close', '--where', WHERE, '--dry-run'], { as: 'admin' }).json<{ permitted: number }>().permitted;
/** The screen with its scrollback: the three runs print more than a screenful. */
const waitFor = (predicate: (screen: string) => boolean, what: string) =>
  term.waitFor(predicate, what, { history: 200, timeoutMs: 20_000 });

let expected = 0;

/** The pid of the `ticketty close` running on our database (from /proc: Linux, as CI is). */
function closePid(): number {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(tmp.db) && args.includes('close')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('no ticketty close is running');
}

beforeAll(() => {
  const demo = runCli(env, ['demo', '--tickets', '20000']);
  if (demo.code !== 0) throw new Error(demo.stderr);
  expected = toClose();
  // The same command four times: Ctrl-C at the question, SIGTERM there, "n", then "y". It waits for
  // `go`, so the pane's output is logged from its first byte (the progress bars clear themselves).
  const go = join(tmp.dir, 'go');
  const command = `TICKETTY_NOW=${NOW} "${process.execPath}" "${BIN}" --db "${tmp.db}" --as admin close --where "${WHERE}" --reason duplicate`;
  const script = join(tmp.dir, 'run.sh');
  const runs = [0, 1, 2, 3].map((i) => `${command}\necho "EXIT-${i}=$?"\n`).join('');
  writeFileSync(script, `trap 'echo SHELL-SAW-INT' INT\nwhile [ ! -e "${go}" ]; do sleep 0.05; done\n${runs}sleep 60\n`);
  term.start(`sh ${script}`, 120, 60);
  term.tmux('pipe-pane', '-o', '-t', 'batch', `cat >> "${log}"`);
  writeFileSync(go, '');
});

afterAll(() => {
  term.kill();
  tmp.cleanup();
});

describe('close --where in a real terminal (tmux)', () => {
  it('previews and asks; Ctrl-C, SIGTERM or "n" changes nothing; "y" closes, with progress on stderr', async () => {
    expect(expected).toBeGreaterThanOrEqual(500); // enough for the progress bars
    let text = await waitFor((s) => s.includes('? [y/N]'), 'the first question');
    term.keys('C-c');
    text = await waitFor((s) => s.includes('EXIT-0='), 'the run stopped at its question');
    expect(text).toContain('ticketty: interrupted: nothing changed');
    expect(text).toContain('EXIT-0=130');
    expect(toClose()).toBe(expected);

    text = await waitFor((s) => s.split('? [y/N]').length === 3, 'the second question');
    expect(text).toContain(`${expected} tickets to close`);
    expect(text).toContain('the first 10:');
    expect(text).toContain(`close ${expected} ticket(s)? [y/N]`);
    process.kill(closePid(), 'SIGTERM'); // as `kill` or a service manager would
    text = await waitFor((s) => s.includes('EXIT-1='), 'the second run to end');
    expect(text).toContain('EXIT-1=143');
    expect(toClose()).toBe(expected);

    text = await waitFor((s) => s.split('? [y/N]').length === 4, 'the third question');
    term.keys('n', 'Enter');
    text = await waitFor((s) => s.includes('EXIT-2='), 'the third run to end');
    expect(text).toContain('cancelled: nothing changed');
    expect(text).toContain('EXIT-2=0');
    expect(toClose()).toBe(expected);

    text = await waitFor((s) => s.split('? [y/N]').length === 5, 'the fourth question');
    term.keys('y', 'Enter');
    text = await waitFor((s) => s.includes('EXIT-3='), 'the fourth run to end');
    expect(text).toMatch(new RegExp(`close: ${expected} ticket\\(s\\) changed, batch [0-9a-f-]{36}`));
    expect(text).toContain('EXIT-3=0');
    expect(toClose()).toBe(0);
    expect(text).not.toContain('SHELL-SAW-INT');

    await waitFor(
      () => existsSync(log) && readFileSync(log, 'utf8').includes(`${expected}/${expected} tickets`),
      'the progress in the log',
    );
    const output = readFileSync(log, 'utf8');
    expect(output).toMatch(new RegExp(`checking \\[[^\\]]*\\] \\d+% \\d+/${expected} tickets, 0 refused`));
    expect(output).toMatch(new RegExp(`close \\[[^\\]]*\\] 100% ${expected}/${expected} tickets, 0 refused`));
  });
});
