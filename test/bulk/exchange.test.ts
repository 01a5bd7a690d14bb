// export → import into an empty database → export is identical (JSON and CSV); bad rows by line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/sqlite/db.js';
import { openPostgresStorePort } from '../../src/store/postgres/index.js';
import { createApp, type App } from '../../src/app/createApp.js';
import { actorFromUser } from '../../src/app/people/actors.js';
import { addOrg, addUser } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { freshDatabase, onPostgres } from '../helpers/testStore.js';
import { databaseRows } from '../helpers/tableRows.js';

const BIN = fileURLToPath(new URL('../../bin/ticketty', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ticketty-exchange-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(db: string, args: string[], now = '2026-03-05T10:00:00Z') {
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--now', now, '--as', 'admin', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A helpdesk with history: levels, notes, watchers, tags, a macro-free close and a follow-up. */
function buildHelpdesk(path: string): void {
  // Opened (and migrated) in-process: a SQLite file, or the run's fresh PostgreSQL database.
  const store = onPostgres ? openPostgresStorePort(path) : openStore(path);
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock = { now: () => new Date((now += 60_000)) };
  const app: App = 'repos' in store ? createApp(store, clock) : createApp(store, clock);
  const as = (h: string) => actorFromUser(app.people.userByHandle(h)!);
  addUser(app, null, { handle: 'admin', role: 'admin' });
  addOrg(app, null, { name: 'ACME', domains: ['acme.test'] });
  addUser(app, null, { handle: 'ann', role: 'requester', org: 'ACME', email: 'ann@acme.test', name: 'Ann "A" Archer, Jr.' });
  addUser(app, null, { handle: 'sam', role: 'superuser', org: 'ACME', email: 'sam@acme.test' });
  addUser(app, null, { handle: 'bob', role: 'agent', email: 'bob@vendor.test' });
  const t1 = createTicket(app, as('ann'), { subject: 'VPN, drops "hourly"', description: '=SUM(A1) line one\nline two' }); // a subject is one line
  act.acceptTicket(app, as('sam'), t1.id);
  act.tagTicket(app, as('sam'), t1.id, ['vpn']); // requesters set no tags
  act.addNote(app, as('sam'), t1.id, 'internal: old firmware');
  act.escalateTicket(app, as('sam'), t1.id, 'needs vendor');
  act.acceptTicket(app, as('bob'), t1.id);
  act.watchTicket(app, as('bob'), t1.id, ['sam'], false);
  act.requestInfo(app, as('bob'), t1.id, 'Logs?');
  act.provideInfo(app, as('sam'), t1.id, 'attached');
  act.solveTicket(app, as('bob'), t1.id, 'driver update');
  act.closeTicket(app, as('ann'), t1.id, undefined);
  act.replyToTicket(app, as('ann'), t1.id, 'It is back'); // opens a follow-up
  const t3 = createTicket(app, as('bob'), { subject: 'Printer', description: 'jams', requester: 'new.person@acme.test', priority: 'P2' });
  act.setPriority(app, as('bob'), t3.id, 'P1');
  store.close();
}

describe('export and import', () => {
  it('round-trips JSON into an empty database byte for byte, people and history included', () => {
    const source = freshDatabase(dir, 'source.db');
    buildHelpdesk(source);
    const first = run(source, ['export']);
    expect(first.code).toBe(0);
    expect(first.err).toBe('exported 3 ticket(s)\n');
    const file = join(dir, 'export.json');
    writeFileSync(file, first.out);
    const doc = JSON.parse(first.out) as {
      tickets: Array<{ id: number; followUpOf: number | null; comments: unknown[]; events: Array<{ action: string }> }>;
      users: Array<{ handle: string }>;
    };
    expect(doc.users.map((u) => u.handle)).toEqual(['ann', 'bob', 'new.person', 'sam']);
    expect(doc.tickets[1]).toMatchObject({ id: 2, followUpOf: 1 });
    expect(doc.tickets[0]!.events.map((e) => e.action)).toContain('escalate');

    const target = freshDatabase(dir, 'target.db');
    expect(run(target, ['init', '--admin', 'admin', '--free-clock']).code).toBe(0);
    const imported = run(target, ['import', file]);
    expect(imported.err).toBe('');
    expect(imported.out).toBe('imported 3 ticket(s), 4 new user(s), 1 new organization(s)\n');
    const second = run(target, ['export']);
    expect(second.out).toBe(first.out);
    // The imported helpdesk works: new tickets continue after the imported ids.
    const next = spawnSync(process.execPath, [BIN, '--db', target, '--as', 'ann', '--json', 'ticket', 'create', '-s', 'x', '-t', 'y'], {
      encoding: 'utf8',
    });
    expect((JSON.parse(next.stdout) as { id: number }).id).toBe(4);

    const csv = run(source, ['export', '--format', 'csv']);
    expect(csv.out).toContain('\n1,"VPN, drops ""hourly""",');
    expect(csv.out).toContain("'=SUM(A1)");
    const csvTarget = freshDatabase(dir, 'csv.db');
    run(csvTarget, ['init', '--admin', 'admin', '--free-clock']);
    for (const [h, role] of [
      ['sam', 'superuser'],
      ['bob', 'agent'],
    ] as const)
      run(csvTarget, ['user', 'add', h, '--role', role]);
    run(csvTarget, ['org', 'add', 'ACME']);
    writeFileSync(join(dir, 'export.csv'), csv.out);
    const csvImport = run(csvTarget, ['import', join(dir, 'export.csv'), '--format', 'csv']);
    expect(csvImport.out).toBe('imported 3 ticket(s), 2 new user(s), 0 new organization(s)\n');
    expect(run(csvTarget, ['export', '--format', 'csv']).out).toBe(csv.out);
  });

  it('folds imported tags to lower case, once each, so tag filters find them', () => {
    const source = freshDatabase(dir, 'source.db');
    buildHelpdesk(source);
    const lines = run(source, ['export']).out.split('\n');
    const ticketLine = lines.findIndex((l) => l.startsWith('{"id":1,'));
    lines[ticketLine] = lines[ticketLine]!.replace('"tags":["vpn"]', '"tags":["VPN","Vpn","Remote"]');
    const file = join(dir, 'tags.json');
    writeFileSync(file, lines.join('\n'));
    const target = freshDatabase(dir, 'target.db');
    run(target, ['init', '--admin', 'admin']);
    expect(run(target, ['import', file]).code).toBe(0);
    const tagged = run(target, ['ticket', 'list', '--where', 'tag in (vpn, ghost) and tag=REMOTE', '--json']);
    expect((JSON.parse(tagged.out) as Array<{ id: number; tags: string[] }>).map((t) => [t.id, t.tags])).toEqual([[1, ['remote', 'vpn']]]);
  });

  it('reports every bad row by line and writes nothing', () => {
    const source = freshDatabase(dir, 'source.db');
    buildHelpdesk(source);
    const lines = run(source, ['export']).out.split('\n');
    const ticketLine = lines.findIndex((l) => l.startsWith('{"id":3,'));
    const userLine = lines.findIndex((l) => l.startsWith('{"handle":"bob"'));
    lines[ticketLine] = lines[ticketLine]!.replace('"priority":"P1"', '"priority":"P9"');
    lines[userLine] = lines[userLine]!.replace('"role":"agent"', '"role":"wizard"');
    const file = join(dir, 'bad.json');
    writeFileSync(file, lines.join('\n'));
    const target = freshDatabase(dir, 'target.db');
    run(target, ['init', '--admin', 'admin', '--free-clock']);
    const r = run(target, ['import', file]);
    expect(r.code).toBe(2);
    const err = r.err.trim().split('\n');
    expect(err[0]).toMatch(new RegExp(`^line ${userLine + 1}: role: `));
    expect(err[1]).toMatch(new RegExp(`^line ${ticketLine + 1}: priority: `));
    expect(err[err.length - 1]).toBe('ticketty: import refused: 2 problems (listed above); nothing was written');
    expect({
      t: databaseRows(target, 'tickets').length,
      u: databaseRows(target, 'users').length,
      o: databaseRows(target, 'organizations').length,
    }).toEqual({ t: 0, u: 1, o: 0 });

    const csv = join(dir, 'bad.csv');
    const good = run(source, ['export', '--format', 'csv']).out;
    writeFileSync(csv, good.replace(',P1,', ',P0,').replace(',question,', ',Question!,'));
    const c = run(target, ['import', csv, '--format', 'csv']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/^line 2: type: /m);
    expect(c.err).toMatch(/^line 5: priority: /m); // the P1 ticket's row (subjects are one line now)
    expect(readFileSync(csv, 'utf8')).toContain('P0');
  });
});
