// The composer in a real terminal (tmux): a multi-line bracketed paste (tmux paste-buffer -p), a
// draft that survives a killed process and a change by someone else, typing while another session
// keeps writes waiting (either store), and the smallest terminal sizes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseCount } from '../helpers/tableRows.js';
import { BIN, runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, type TmuxSession } from '../helpers/tmux.js';
import { holdWriteLock } from '../helpers/writeLock.js';

const NOW = '2026-03-02T12:00:00Z';
let tmp: ReturnType<typeof tempDb>;
let term: TmuxSession;
let runs = 0;

beforeEach(() => {
  tmp = tempDb();
  seedCli({ db: tmp.db, now: NOW });
  const r = runCli(
    { db: tmp.db, now: NOW },
    ['ticket', 'create', '-s', 'VPN drops every hour', '-t', 'It happens since Monday.', '--requester', 'ann', '--level', '2'],
    { as: 'bob' },
  );
  if (r.code !== 0) throw new Error(r.stderr);
  term = tmuxSession(`composer${++runs}`);
});
afterEach(() => {
  term.kill();
  tmp.cleanup();
});

/** Starts the TUI as `handle`; the shell script records the TUI's pid (exec keeps it). */
function startTui(width = 80, height = 24, handle = 'bob'): void {
  const script = join(tmp.dir, `run-${handle}.sh`);
  writeFileSync(
    script,
    `echo $$ > "${tmp.dir}/pid"\nexec env XDG_CONFIG_HOME=${tmp.dir} TICKETTY_NOW=${NOW} "${process.execPath}" "${BIN}" --db "${tmp.db}" --as ${handle}\n`,
  );
  term.start(`sh ${script}; echo AFTER-TUI; sleep 60`, width, height);
}
/** Waits until the composer has saved `text` as the draft (it saves a moment after typing pauses). */
async function draftSaved(text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (databaseCount(tmp.db, 'drafts', { text })) return;
    if (Date.now() > deadline) throw new Error(`no draft saved with ${JSON.stringify(text)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const show = (id = 1) => runCli({ db: tmp.db, now: NOW }, ['ticket', 'show', String(id), '--json'], { as: 'admin' }).json();

async function openTicketOne(): Promise<void> {
  await term.waitFor((s) => s.includes('bob (agent L2)') && /#1 /.test(s), 'the queue with #1');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('#1 VPN drops every hour') && s.includes('requester ann'), 'the ticket view');
}

describe('the composer in a real terminal (tmux, 80×24)', () => {
  it('takes a multi-line paste as text and sends it whole', async () => {
    startTui();
    await openTicketOne();
    term.keys('r');
    await term.waitFor((s) => s.includes('#1 PUBLIC REPLY') && s.includes('sent to ann'), 'the composer');
    term.tmux('set-buffer', '-b', 'p', 'Hello Ann,\nq\nplease restart the client.\n');
    term.tmux('paste-buffer', '-p', '-b', 'p', '-t', term.name);
    const s = await term.waitFor((x) => x.includes('please restart the client.'), 'the pasted lines');
    expect(s).toMatch(/^q\s*$/m);
    term.keys('C-s');
    await term.waitFor((x) => x.includes('│ please restart the client.') && x.includes('$ ticketty ticket reply 1'), 'the reply sent');
    expect(show().comments.at(-1)).toMatchObject({ author: 'bob', internal: false, body: 'Hello Ann,\nq\nplease restart the client.' });
  });

  it('keeps a draft through a killed process and a change by someone else, then sends it', async () => {
    startTui();
    await openTicketOne();
    term.keys('n');
    await term.waitFor((s) => s.includes('INTERNAL NOTE'), 'the composer');
    term.type('Checked the logs: MTU.');
    await term.waitFor((s) => s.includes('Checked the logs: MTU.'), 'the text on screen');
    // The draft is written shortly after typing pauses; then the process dies without a word.
    await draftSaved('Checked the logs: MTU.');
    process.kill(Number(readFileSync(join(tmp.dir, 'pid'), 'utf8')), 'SIGKILL');
    await term.waitFor((s) => s.includes('AFTER-TUI'), 'the process gone');
    term.kill();
    // Meanwhile someone else changes the ticket.
    expect(runCli({ db: tmp.db, now: NOW }, ['ticket', 'note', '1', '--text', 'Seen this at ACME before.'], { as: 'sam' }).code).toBe(0);
    term = tmuxSession(`composer${++runs}`);
    startTui();
    await openTicketOne();
    await term.waitFor((s) => s.includes('✎ your draft note'), 'the draft banner');
    term.keys('n');
    await term.waitFor((s) => s.includes('Checked the logs: MTU.') && s.includes('your draft was restored'), 'the draft restored');
    term.keys('C-s');
    const s = await term.waitFor((x) => x.includes('changed by someone else since version 1'), 'the change shown above the draft');
    expect(s).toMatch(/sam note/);
    expect(s).toContain('Checked the logs: MTU.');
    term.keys('C-s');
    await term.waitFor((x) => x.includes('┃ Checked the logs: MTU.'), 'the note sent on the new version');
    expect(show().comments.at(-1)).toMatchObject({ author: 'bob', internal: true, body: 'Checked the logs: MTU.' });
  });

  // Keys typed while it starts reach it: Enter sent with the command, before Node has even started.
  // The tty's line mode turned it into a line feed, which the TUI took for no key; and one typed
  // just after the first frame, before Ink set raw mode, waited there (a loaded CI run lost it).
  it('takes an Enter typed while it starts: the first ticket opens', async () => {
    startTui();
    term.keys('Enter');
    await term.waitFor((s) => s.includes('#1 VPN drops every hour') && s.includes('requester ann'), 'the ticket view');
  });

  // Another session keeps writes waiting: SQLite's file lock, PostgreSQL's table lock (test/helpers/writeLock.ts).
  it('shows that the database is busy and keeps what is typed meanwhile', async () => {
    startTui();
    await openTicketOne();
    term.keys('r');
    await term.waitFor((s) => s.includes('#1 PUBLIC REPLY'), 'the composer');
    term.type('Restarting');
    await term.waitFor((s) => s.includes('Restarting'), 'the text');
    await draftSaved('Restarting'); // before the lock: the draft's own write would wait on it too
    const lock = await holdWriteLock(tmp.db);
    try {
      term.keys('C-s');
      await term.waitFor((s) => s.includes('sending…'), '"sending…"');
      term.type(' now.');
      await term.waitFor((s) => s.includes('database busy, retrying…'), 'the busy notice', { timeoutMs: 25_000 });
      await term.waitFor((s) => s.includes('Restarting now.'), 'the keys typed while waiting, in the text');
    } finally {
      await lock.release();
    }
    await term.waitFor((x) => x.includes('│ Restarting now.'), 'the reply sent once the lock is free', { timeoutMs: 10_000 });
    expect(show().comments.at(-1)?.body).toBe('Restarting now.');
  }, 60_000);
});

describe('small terminals', () => {
  it('works at 60×15 and says "terminal too small" below it, until resized', async () => {
    startTui(60, 15);
    const s = await term.waitFor((x) => x.includes('bob (agent L2)') && /#1 /.test(x), 'the queue at 60×15');
    expect(s.split('\n').every((l) => l.length <= 60)).toBe(true);
    term.tmux('resize-window', '-t', term.name, '-x', '59', '-y', '14');
    await term.waitFor((x) => x.includes('terminal too small: 59×14'), 'the notice');
    term.tmux('resize-window', '-t', term.name, '-x', '80', '-y', '24');
    await term.waitFor((x) => x.includes('bob (agent L2)') && /#1 /.test(x) && !x.includes('too small'), 'the queue again at 80×24');
  });
});
