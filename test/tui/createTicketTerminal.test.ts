// Creating a ticket on behalf of a caller in a real terminal (tmux, 80×24): `C`, the requester
// search, the subject, a description typed over several lines, Ctrl-S — then the ticket through
// `bin/ticketty ticket show`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const NOW = '2026-03-02T12:00:00Z';
const term = tmuxSession('create');

beforeAll(() => {
  seedCli({ db: tmp.db, now: NOW });
  term.start(tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: NOW, reportExit: true }), 80, 24);
});

afterAll(() => {
  term.kill();
  tmp.cleanup();
});

describe('creating a ticket in a real terminal (tmux, 80×24)', () => {
  it('creates a phone ticket for a caller found by name and opens it', async () => {
    await term.waitFor((s) => s.includes('bob (agent'), 'the queue');
    term.type('C');
    await term.waitFor((s) => s.includes('New ticket on behalf of a caller'), 'the form');
    term.type('gus');
    await term.waitFor((s) => s.includes('gus · gus <gus@globex.test> · Globex'), 'the search');
    term.keys('Enter');
    await term.waitFor((s) => /› subject:/.test(s), 'on the subject');
    term.type('Cannot log in since the update');
    term.keys('Tab', 'Tab', 'Tab', 'Tab');
    await term.waitFor((s) => /› description:/.test(s), 'on the description');
    term.type('Called at noon.');
    term.keys('Enter');
    term.type('Password reset did not help.');
    let s = await term.waitFor((x) => x.includes('Password reset did not help.'), 'the description');
    expect(s.split('\n').every((l) => l.length <= 80)).toBe(true);
    term.keys('C-s');
    s = await term.waitFor((x) => x.includes('#1 Cannot log in since the update') && x.includes('requester gus'), 'the new ticket');
    expect(s).toContain('ticketty ticket create -s');
    term.keys('q');
    await term.waitFor((x) => x.includes('ASSIGNEE'), 'the queue');
    term.keys('q');
    await term.waitFor((x) => x.includes('AFTER-TUI exit=0'), 'the shell after quitting');

    const shown = runCli({ db: tmp.db, now: NOW }, ['ticket', 'show', '1', '--json'], { as: 'admin' });
    expect(shown.code).toBe(0);
    expect(shown.json()).toMatchObject({
      id: 1,
      subject: 'Cannot log in since the update',
      requester: 'gus',
      organization: 'Globex',
      channel: 'phone',
      type: 'question',
      priority: 'P3',
      status: 'new',
      description: 'Called at noon.\nPassword reset did not help.',
    });
    expect(shown.json().events[0]).toMatchObject({ action: 'create', actor: 'bob' });
  });
});
