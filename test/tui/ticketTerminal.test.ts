// The real bin/ticketty in a real terminal (tmux, 80×24): open a ticket from the queue, accept
// it, request information, write a note in $EDITOR, escalate it with a reason — then check the database and the outbox
// through the CLI (and the outbox table, read-only: no command lists it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseRows } from '../helpers/tableRows.js';
import { runCli, seedCli, tempDb } from '../helpers/cli.js';
import { tmuxSession, tuiCommand } from '../helpers/tmux.js';

const tmp = tempDb();
const NOW = '2026-03-02T12:00:00Z';
const term = tmuxSession('ticket');
const keys = term.keys;
const text = term.type;
const waitFor = term.waitFor;

beforeAll(() => {
  const env = { db: tmp.db, now: NOW };
  seedCli(env);
  for (const subject of ['Printer jammed', 'VPN drops every hour']) {
    const r = runCli(env, ['ticket', 'create', '-s', subject, '-t', 'It happens since Monday.', '--requester', 'ann', '--level', '2'], {
      as: 'bob',
    });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  // A scripted $EDITOR: writes a note above the template, as a person would.
  const editor = join(tmp.dir, 'editor.sh');
  writeFileSync(editor, `#!/bin/sh\n{ printf 'Checked the VPN logs.\\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`, { mode: 0o755 });
  term.start(tuiCommand({ dir: tmp.dir, db: tmp.db, as: 'bob', now: NOW, env: { VISUAL: editor }, reportExit: true }), 80, 24);
});

afterAll(() => {
  term.kill();
  tmp.cleanup();
});

describe('working a ticket in a real terminal (tmux, 80×24)', () => {
  it('opens a ticket from the queue, accepts it, requests info, escalates it with a reason', async () => {
    await waitFor((s) => s.includes('bob (agent L2)'), 'the queue');
    keys('Tab');
    await waitFor((s) => s.includes('2 tickets'), 'the Unassigned L2 tab');
    keys('j');
    await waitFor((s) => /^›.*#2 /m.test(s), 'the cursor on #2');
    keys('Enter');
    let s = await waitFor((x) => x.includes('#2 VPN drops every hour') && x.includes('requester ann'), 'the ticket view');
    expect(s).toMatch(/NEW L2/);
    expect(s.split('\n').every((l) => l.length <= 80)).toBe(true);

    keys('a');
    s = await waitFor((x) => /OPEN L2/.test(x) && x.includes('assignee bob'), 'accepted');
    expect(s).toContain('$ ticketty ticket accept 2');

    keys('i');
    await waitFor((x) => x.includes('#2 REQUEST INFO') && x.includes('sent to ann'), 'the request-info composer');
    text('Which VPN client version do you run?');
    keys('C-s');
    s = await waitFor((x) => /PENDING L2/.test(x), 'pending');
    expect(s).toContain('│ Which VPN client version do you run?');

    keys('N');
    s = await waitFor(
      (x) => x.includes('┃ Checked the VPN logs.') && x.includes('$ ticketty ticket note 2'),
      'the note from $EDITOR, screen redrawn',
    );
    expect(s).toContain('#2 VPN drops every hour');
    expect(s).not.toContain('Lines starting with');

    keys('e');
    s = await waitFor((x) => x.includes('Escalate #2 VPN drops every hour'), 'the escalation view');
    expect(s).toMatch(/level 2 \(PENDING\) → level 3 as NEW, unassigned/);
    expect(s).toMatch(/eve\s+0 open/);
    expect(s).toContain('Notified: ann, sam');
    text('kernel crash in the VPN driver');
    keys('Enter');
    s = await waitFor((x) => /NEW L3/.test(x) && x.includes('requester ann'), 'escalated, back on the ticket');
    // The status line is cut at 80 columns, sooner behind a longer database name (PostgreSQL's
    // t<pid>_<n>_<time>, up to 19 characters); the reason itself is checked in the database below.
    expect(s).toContain("$ ticketty ticket escalate 2 --reason '");

    keys('q');
    await waitFor((x) => x.includes('bob (agent L2)') && x.includes('ASSIGNEE'), 'q went back to the queue');
    keys('q');
    await waitFor((x) => x.includes('AFTER-TUI exit=0'), 'the shell after quitting');

    // The database, through the CLI.
    const shown = runCli({ db: tmp.db, now: NOW }, ['ticket', 'show', '2', '--json'], { as: 'admin' });
    expect(shown.code).toBe(0);
    const t = shown.json();
    expect(t).toMatchObject({ id: 2, status: 'new', level: 3, assignee: null, waitingOn: null });
    const actions = t.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['create', 'accept', 'request_info', 'note', 'escalate']);
    expect(t.events[4]).toMatchObject({
      actor: 'bob',
      text: 'kernel crash in the VPN driver',
      before: { status: 'pending', level: 2 },
      after: { status: 'new', level: 3 },
    });
    expect(t.comments.at(-2)).toMatchObject({
      author: 'bob',
      internal: false,
      body: 'Which VPN client version do you run?',
      channel: 'tui',
    });
    expect(t.comments.at(-1)).toMatchObject({ author: 'bob', internal: true, body: 'Checked the VPN logs.' });
    const other = runCli({ db: tmp.db, now: NOW }, ['ticket', 'show', '1', '--json'], { as: 'admin' }).json();
    expect(other).toMatchObject({ status: 'new', level: 2, version: 1 });

    // The outbox: one notification per recipient and event, never the actor (bob).
    // `select o.kind, u.handle from outbox o join users u … where o.ticket_id = 2 and o.kind != 'create' order by o.id`
    const handles = new Map(databaseRows(tmp.db, 'users').map((u) => [u.id, u.handle]));
    const rows = databaseRows(tmp.db, 'outbox', { ticketId: 2 })
      .filter((o) => o.kind !== 'create' && handles.has(o.recipientId))
      .map((o) => ({ kind: o.kind, handle: handles.get(o.recipientId)! }));
    const byKind = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.handle)
        .sort();
    expect(byKind('accept')).toEqual(['ann', 'sam']);
    expect(byKind('request_info')).toEqual(['ann', 'sam']);
    expect(byKind('escalate')).toEqual(['ann', 'sam']);
    expect(rows.some((r) => r.handle === 'bob')).toBe(false);
  });
});
