// Attachments in the ticket view: listed with sanitized names and sizes, opened with the viewer
// of $TICKETTY_OPEN from a private temporary file (a missing viewer is one line), and saved to a
// typed path that is never replaced without a yes. The ticket comes in by mail (mail intake).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorld } from '../helpers/app.js';
import { ingestRaw, mailWorld } from '../mail/helpers.js';
import { attachmentFile } from '../../src/app/tickets/attachments.js';
import { statusText, type RenderedTui } from './helpers.js';
import { openTicket } from './ticketHelpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
let dir: string;
const savedOpen = process.env.TICKETTY_OPEN;
beforeEach(() => {
  world = mailWorld();
  dir = mkdtempSync(join(tmpdir(), 'ticketty-att-test-'));
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedOpen === undefined) delete process.env.TICKETTY_OPEN;
  else process.env.TICKETTY_OPEN = savedOpen;
});

const LOG = 'line one\nline two\n';
/** As mail carries it (ingestRaw sends CRLF lines). */
const STORED_LOG = LOG.replace(/\n/g, '\r\n');
const PDF = Buffer.alloc(3000, 7);
const mail = `From: Ann Archer <ann@acme.test>
To: support@help.example.com
Subject: Printer logs
Message-ID: <att-1@acme.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Logs attached.
--b1
Content-Type: text/plain; name="log.txt"
Content-Disposition: attachment; filename="../../etc/log.txt"

${LOG}
--b1
Content-Type: application/pdf
Content-Disposition: attachment; filename="scan.pdf"
Content-Transfer-Encoding: base64

${PDF.toString('base64')}
--b1--
`;

async function ticketWithAttachments(): Promise<number> {
  const outcome = await ingestRaw(world, mail);
  if (outcome.outcome !== 'created') throw new Error(JSON.stringify(outcome));
  return outcome.ticketId;
}

describe('attachments in the ticket view', () => {
  it('lists them with safe names and sizes and opens the picked one with $TICKETTY_OPEN from a private file', async () => {
    const id = await ticketWithAttachments();
    const copy = join(dir, 'viewed');
    const viewer = join(dir, 'viewer.sh');
    // The mode file appears last and whole (renamed into place): once it exists, so does the copy.
    writeFileSync(viewer, `#!/bin/sh\nstat -c %a "$1" > "${copy}.tmp"\ncp "$1" "${copy}"\nmv "${copy}.tmp" "${copy}.mode"\n`, {
      mode: 0o755,
    });
    process.env.TICKETTY_OPEN = viewer;
    tui = await openTicket(world, 'bob', id);
    const f = tui.frame();
    expect(f).toMatch(/2 attachments \(v open · s save\): _\.\._etc_log\.txt 2\d B · scan\.pdf 2\.9 KB/);
    expect(f).not.toContain('/etc');

    await tui.press('ticket.openAttachment');
    await tui.waitFor((x) => x.includes('open which attachment') && x.includes('scan.pdf 2.9 KB · application/pdf · from ann'), 'the pick');
    await tui.press('choice.down');
    await tui.press('choice.pick');
    await tui.waitFor((x) => statusText(x).includes('# opened scan.pdf (2.9 KB)'), 'opened');
    await tui.waitFor(() => existsSync(`${copy}.mode`), 'the viewer ran');
    expect(readFileSync(copy)).toEqual(PDF);
    expect(readFileSync(`${copy}.mode`, 'utf8').trim()).toBe('600');

    process.env.TICKETTY_OPEN = join(dir, 'no-such-viewer');
    await tui.press('ticket.openAttachment');
    await tui.press('choice.pick');
    const s = await tui.waitFor((x) => statusText(x).includes('no viewer could open _.._etc_log.txt'), 'the notice');
    expect(statusText(s)).toContain('set $TICKETTY_OPEN');
  });

  it('saves one to a typed path and replaces an existing file only after a yes', async () => {
    const id = await ticketWithAttachments();
    tui = await openTicket(world, 'bob', id);
    const target = join(dir, 'saved.txt');
    await tui.press('ticket.saveAttachment');
    await tui.press('choice.pick');
    await tui.waitFor((x) => x.includes('save _.._etc_log.txt to: _.._etc_log.txt'), 'the prompt with the file name');
    await tui.press('prompt.clear');
    await tui.type(target);
    await tui.press('prompt.submit');
    await tui.waitFor((x) => statusText(x).includes(`# saved _.._etc_log.txt`), 'saved');
    expect(readFileSync(target, 'utf8')).toBe(STORED_LOG);

    writeFileSync(target, 'mine');
    await tui.press('ticket.saveAttachment');
    await tui.press('choice.pick');
    await tui.press('prompt.clear');
    await tui.type(target);
    await tui.press('prompt.submit');
    await tui.waitFor((x) => x.includes(`${target} exists already`) && x.includes('replace it?'), 'the question');
    await tui.press('confirm.no');
    await tui.waitFor((x) => statusText(x).includes('not saved'), 'kept');
    expect(readFileSync(target, 'utf8')).toBe('mine');

    await tui.press('ticket.saveAttachment');
    await tui.press('choice.pick');
    await tui.press('prompt.clear');
    await tui.type(dir); // a folder: saved into it under the file's own name
    await tui.press('prompt.submit');
    await tui.waitFor(() => existsSync(join(dir, '_.._etc_log.txt')), 'saved into the folder');
    expect(statSync(join(dir, '_.._etc_log.txt')).size).toBe(Buffer.byteLength(STORED_LOG));

    await tui.press('ticket.saveAttachment');
    await tui.press('choice.pick');
    await tui.press('prompt.clear');
    await tui.type(target);
    await tui.press('prompt.submit');
    await tui.press('confirm.yes');
    await tui.waitFor(() => readFileSync(target, 'utf8') !== 'mine', 'replaced');
    expect(readFileSync(target, 'utf8')).toBe(STORED_LOG);
  });

  it('hands the bytes, under the safe name, only to people who can see the ticket', async () => {
    const id = await ticketWithAttachments();
    const [first] = world.app.tickets.attachmentsOf(world.app.tickets.commentsOf(id, true).map((c) => c.id));
    expect(attachmentFile(world.app, world.actor('ann'), id, first!.id).fileName).toBe('_.._etc_log.txt');
    expect(() => attachmentFile(world.app, world.actor('gus'), id, first!.id)).toThrow(/not found/);
    expect(() => attachmentFile(world.app, world.actor('ann'), id + 1, first!.id)).toThrow(/not found/);
  });
});
