// The escalation view (from the ticket and, in a few keystrokes, from the queue), de-escalation,
// long texts in $EDITOR, and batch actions on selected tickets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { showTicket } from '../../src/app/tickets/ticketQueries.js';
import { acceptTicket, closeTicket, escalateTicket, tagTicket, watchTicket } from '../../src/app/tickets/ticketActions.js';
import type { RenderedTui } from './helpers.js';
import { statusText } from './helpers.js';
import { cursorTo, openTicket, queueAt } from './ticketHelpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
let dir: string;
const savedEditor = { EDITOR: process.env.EDITOR, VISUAL: process.env.VISUAL };

beforeEach(() => {
  world = testWorld();
  seedPeople(world);
  dir = mkdtempSync(join(tmpdir(), 'ticketty-tui-'));
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(savedEditor))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

function newTicket(level: 1 | 2 | 3 = 2, subject = 'VPN drops'): number {
  return createTicket(world.app, world.actor('admin'), { subject, description: 'It drops every hour.', requester: 'ann', level }).id;
}
const db = (id: number) => showTicket(world.app, world.actor('admin'), id);
const statusLine = (t: RenderedTui) => statusText(t.frame());

describe('escalation view', () => {
  it('shows both levels, who handles the target level with their load, who is notified; enter confirms', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    watchTicket(world.app, world.actor('bob'), id, ['bea'], false);
    const busy = newTicket(3, 'Already at L3');
    acceptTicket(world.app, world.actor('eve'), busy);
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.escalate');
    const f = await tui.waitFor((x) => x.includes(`Escalate #${id} VPN drops`), 'the escalation view');
    expect(f).toMatch(/level 2 \(OPEN\) → level 3 as NEW, unassigned/);
    expect(f).toMatch(/eve\s+1 open/);
    expect(f).toContain('Notified: ann, bea, sam');
    expect(f).toContain('Reason (required):');
    await tui.press('prompt.submit');
    expect(statusLine(tui)).toContain('type the reason to escalate (required)');
    expect(db(id).level).toBe(2);
    await tui.type('needs a kernel engineer');
    await tui.press('prompt.submit');
    await tui.waitFor((x) => x.includes('NEW L3') && x.includes('requester '), 'back on the escalated ticket');
    expect(statusLine(tui)).toContain(`$ ticketty ticket escalate ${id} --reason 'needs a kernel engineer'`);
    expect(db(id)).toMatchObject({ status: 'new', level: 3, assignee: null });
    expect(db(id).events.at(-1)).toMatchObject({ action: 'escalate', text: 'needs a kernel engineer' });
  });

  it('keeps the reason typed when a change by someone else refuses the escalation: e again shows it, enter sends it', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.escalate');
    await tui.waitFor((x) => x.includes(`Escalate #${id} VPN drops`), 'the escalation view');
    await tui.type('the kernel panics on resume');
    // bea tags the ticket meanwhile (same connection: the screen is not told).
    tagTicket(world.app, world.actor('bea'), id, ['hot']);
    await tui.press('prompt.submit');
    const refused = await tui.waitFor((x) => x.includes('NOT applied'), 'the conflict report');
    expect(refused).toContain('your reason is kept: escalate again and it is typed for you');
    expect(db(id).level).toBe(2);
    await tui.press('confirm.no');
    await tui.press('action.escalate');
    const again = await tui.waitFor((x) => x.includes(`Escalate #${id} VPN drops`), 'the escalation view again');
    expect(again).toContain('Reason (required): the kernel panics on resume');
    await tui.press('prompt.submit');
    await tui.waitFor((x) => x.includes('NEW L3'), 'back on the escalated ticket');
    expect(db(id).events.at(-1)).toMatchObject({ action: 'escalate', text: 'the kernel panics on resume' });
  });

  it('a superuser escalates the ticket under the cursor from the queue: e, the reason, enter', async () => {
    const first = newTicket(1, 'First');
    const id = newTicket(1, 'Printer on fire');
    tui = await queueAt(world, 'sam', id);
    expect(tui.frame()).toMatch(new RegExp(`^›.*#${id} `, 'm'));
    await tui.press('action.escalate'); // keystroke 1
    await tui.waitFor((x) => x.includes(`Escalate #${id} Printer on fire`), 'the escalation view');
    await tui.type('on fire'); // the reason
    await tui.press('prompt.submit'); // keystroke 2
    await tui.waitFor((x) => x.includes('tickets ·') && x.includes('$ ticketty ticket escalate'), 'back in the queue');
    expect(db(id)).toMatchObject({ status: 'new', level: 2 });
    expect(db(first).level).toBe(1);
  });

  it('de-escalates to the last assignee at the level below; esc cancels; a refusal is shown in the view', async () => {
    const id = newTicket();
    acceptTicket(world.app, world.actor('bob'), id);
    escalateTicket(world.app, world.actor('bob'), id, 'kernel');
    tui = await openTicket(world, 'eve', id);
    await tui.press('action.deescalate');
    let f = await tui.waitFor((x) => x.includes(`De-escalate #${id}`), 'the de-escalation view');
    expect(f).toMatch(/level 3 \(NEW\) → level 2 as OPEN, assigned to bob/);
    expect(f).toContain('Notified: ann, bob, sam');
    await tui.press('prompt.cancel');
    await tui.waitFor((x) => x.includes('requester ') && x.includes('NEW L3'), 'back, unchanged');
    await tui.press('action.deescalate');
    await tui.type('not a kernel bug');
    await tui.press('prompt.submit');
    f = await tui.waitFor((x) => x.includes('OPEN L2'), 'de-escalated');
    expect(db(id)).toMatchObject({ status: 'open', level: 2, assignee: 'bob' });
    // Escalating from level 3 is refused with the reason, before the view opens.
    tui.unmount();
    const top = newTicket(3, 'Top');
    tui = await openTicket(world, 'eve', top);
    await tui.press('action.escalate');
    expect(statusLine(tui)).toContain(`✗ cannot escalate #${top}: it is NEW L3 at level 3 (only at level 1 or 2)`);
  });
});

describe('$EDITOR', () => {
  function editor(body: string): string {
    const script = join(dir, 'fake-editor.sh');
    // Like a person: keeps the template's comment lines and writes the text above them.
    writeFileSync(script, `#!/bin/sh\n{ printf "${body}"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`);
    chmodSync(script, 0o755);
    return script;
  }

  it('R writes a long reply in the editor (comment lines stripped); an empty text aborts', async () => {
    const id = newTicket();
    process.env.VISUAL = editor('Line one\\n\\nLine three\\n');
    tui = await openTicket(world, 'bob', id);
    await tui.press('action.replyEditor');
    await tui.waitFor((x) => x.includes('│ Line three'), 'the reply from the editor');
    expect(db(id).comments.at(-1)).toMatchObject({ body: 'Line one\n\nLine three', internal: false });
    expect(statusLine(tui)).toContain(`$ ticketty ticket reply ${id} --text -`);

    process.env.VISUAL = editor('');
    await tui.press('action.noteEditor');
    await tui.waitFor((x) => x.includes('aborted: the internal note was empty; nothing was sent'), 'the abort');
    expect(db(id).comments).toHaveLength(2);

    process.env.VISUAL = join(dir, 'no-such-editor');
    await tui.press('action.noteEditor');
    await tui.waitFor((x) => x.includes("no-such-editor' exited with 127"), 'the failed editor');
    expect(db(id).comments).toHaveLength(2);
  });
});

describe('batch actions on selected tickets', () => {
  it('space selects, b opens the menu, the preview counts and refuses, y applies with one batch id', async () => {
    const a = newTicket(2, 'Alpha');
    const b = newTicket(2, 'Bravo');
    const c = newTicket(2, 'Charlie');
    closeTicket(world.app, world.actor('bob'), c, 'duplicate');
    tui = await queueAt(world, 'bob', a);
    await tui.press('queue.batch');
    expect(statusLine(tui)).toContain('✗ select tickets with space first');
    await tui.press('queue.select');
    await cursorTo(tui, b);
    await tui.press('queue.select');
    await tui.waitFor((x) => x.includes('2 selected'), 'two selected');
    await tui.press('queue.batch');
    await tui.waitFor((x) => x.includes('Batch action on 2 selected tickets'), 'the batch menu');
    await tui.press('choice.pick'); // set the priority
    await tui.waitFor((x) => x.includes('set the priority on 2 selected'), 'the priority list');
    await tui.press('choice.pick'); // P1
    const preview = await tui.waitFor((x) => x.includes('Batch: set the priority P1'), 'the preview');
    expect(preview).toContain('2 selected · 2 will change · 0 refused');
    expect(preview).toContain(`#${a} P3 NEW L2 Alpha`);
    expect(db(a).priority).toBe('P3');
    await tui.press('confirm.yes');
    await tui.waitFor((x) => x.includes('2 changed'), 'the result');
    expect(db(a).priority).toBe('P1');
    expect(db(b).priority).toBe('P1');
    const batchA = db(a).events.at(-1)!.batchId;
    expect(batchA).toBeTruthy();
    expect(db(b).events.at(-1)!.batchId).toBe(batchA);
    expect(tui.frame()).not.toContain('selected');
  });

  it('refusals are counted and named in the preview; n cancels and writes nothing', async () => {
    const mine = newTicket(2, 'Mine');
    const l1 = newTicket(1, 'Level one');
    tui = await queueAt(world, 'bob', l1);
    await tui.press('queue.select');
    await cursorTo(tui, mine);
    await tui.press('queue.select');
    await tui.press('queue.batch');
    await tui.waitFor((x) => x.includes('Batch action'), 'the batch menu');
    for (let i = 0; i < 8; i++) await tui.press('choice.down'); // solve
    await tui.press('choice.pick');
    await tui.waitFor((x) => x.includes('resolution:'), 'the resolution prompt');
    await tui.type('fixed upstream');
    await tui.press('prompt.submit');
    const preview = await tui.waitFor((x) => x.includes('Batch: solve fixed upstream'), 'the preview');
    expect(preview).toContain('2 selected · 0 will change · 2 refused');
    expect(preview).toContain(`refused #${l1}:`);
    await tui.press('confirm.no');
    expect(db(mine).version).toBe(1);
  });
});
