// `ticketty backup` while writers are busy, restored and verified; `ticketty audit verify` on sound
// and on tampered databases, through the real bin/ticketty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb } from '../helpers/cli.js';
import { cli, integrity, runScript, seedFile, sql, STACK_TRACE } from './helpers.js';

describe('ticketty backup while others write', () => {
  const tmp = tempDb();
  const backups: string[] = [];
  beforeAll(async () => {
    seedFile(tmp.db, 60);
    const writers = [0, 1].map((w) =>
      runScript('./concurrencyDriver.ts', [tmp.db, String(w), String(40 + w), '400', join(tmp.dir, `w${w}.json`)]),
    );
    // Back up repeatedly while both writers run.
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      const file = join(tmp.dir, `backup-${i}.db`);
      const exit = await cli(tmp.db, ['backup', file], { as: 'admin' });
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stderr).toMatch(
        /^backed up to .*backup-\d\.db: [\d.]+ MB, integrity ok, schema \d+, \d+ tickets, \d+ events, \d+ users\n$/,
      );
      backups.push(file);
    }
    const exits = await Promise.all(writers);
    for (const e of exits) expect(e.code, e.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('each copy is a sound, self-contained snapshot: integrity ok, no drift, no leftovers', async () => {
    for (const file of backups) {
      expect(integrity(file)).toBe('ok');
      expect(existsSync(`${file}-wal`)).toBe(false);
      const audit = await cli(file, ['audit', 'verify'], { as: 'admin' });
      expect(audit.code, audit.stdout + audit.stderr).toBe(0);
      expect(audit.stderr).toMatch(/^audit: \d+ ticket\(s\), \d+ event\(s\) replayed, 0 drifted\n$/);
    }
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    // Later copies hold at least as much as earlier ones: the writers kept going.
    const counts = backups.map((f) => sql<{ n: number }>(f, 'SELECT count(*) AS n FROM events')[0]!.n);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
  });

  it('restores: a copy put in place of the database serves the CLI and matches the backup check', async () => {
    const restored = join(tmp.dir, 'restored.db');
    copyFileSync(backups[3]!, restored);
    const check = await cli(tmp.db, ['--json', 'backup', '--check', restored]);
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report).toMatchObject({ tickets: expect.any(Number), events: expect.any(Number) });
    const list = await cli(restored, ['--json', 'ticket', 'list', '--limit', '1000'], { as: 'admin' });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(report.tickets);
    const reply = await cli(restored, ['--json', 'ticket', 'reply', '1', '--text', 'after the restore'], { as: 'bob' });
    expect(reply.code, reply.stderr).toBe(0);
    expect(integrity(restored)).toBe('ok');
  });

  it('refuses with one line and the documented code, and writes nothing', async () => {
    const cases: Array<[string[], string | undefined, number, RegExp]> = [
      [['backup', backups[0]!], 'admin', 2, /exists already.*--force/],
      [['backup', join(tmp.dir, 'nope', 'x.db')], 'admin', 2, /the folder .* does not exist/],
      [['backup', tmp.db], 'admin', 2, /must not be the database itself/],
      [['backup', join(tmp.dir, 'by-bob.db')], 'bob', 4, /only an admin may back up/],
      [['backup', '--check', join(tmp.dir, 'missing.db')], undefined, 2, /does not exist/],
    ];
    writeFileSync(join(tmp.dir, 'garbage.db'), 'this is not a database '.repeat(200));
    cases.push([['backup', '--check', join(tmp.dir, 'garbage.db')], undefined, 2, /not a SQLite database/]);
    for (const [args, as, code, message] of cases) {
      const exit = await cli(tmp.db, args, as ? { as } : {});
      expect(exit.code, `${args.join(' ')}: ${exit.stderr}`).toBe(code);
      expect(exit.stderr).toMatch(message);
      expect(exit.stderr.trim().split('\n')).toHaveLength(1);
      expect(exit.stderr).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(tmp.dir, 'by-bob.db'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    const forced = await cli(tmp.db, ['backup', '--force', backups[0]!], { as: 'admin' });
    expect(forced.code, forced.stderr).toBe(0);
  });
});

describe('ticketty audit verify', () => {
  const tmp = tempDb();
  beforeAll(async () => {
    const demo = await cli(tmp.db, ['demo', '--tickets', '400', '--seed', '7']);
    expect(demo.code, demo.stderr).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('finds no drift in generated demo histories', async () => {
    const exit = await cli(tmp.db, ['--json', 'audit', 'verify'], { as: 'admin' });
    expect(exit.code, exit.stdout.slice(0, 2000)).toBe(0);
    expect(JSON.parse(exit.stdout)).toMatchObject({ tickets: 400, drifted: [] });
  });

  it('reports each tampered ticket on one line, exits 1, and --json lists the drifts', async () => {
    const db = new Database(tmp.db);
    db.prepare("UPDATE tickets SET status = CASE status WHEN 'closed' THEN 'open' ELSE 'closed' END WHERE id = 10").run();
    db.prepare("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (20, 'sneaky')").run();
    db.prepare('UPDATE tickets SET version = version + 5 WHERE id = 30').run();
    // A lost event in the middle: the chain of before/after breaks.
    const middle = db.prepare('SELECT id FROM events WHERE ticket_id = 40 ORDER BY id LIMIT 1 OFFSET 1').get() as
      | { id: number }
      | undefined;
    if (middle) {
      db.pragma('foreign_keys = OFF');
      db.prepare('DELETE FROM outbox WHERE event_id = ?').run(middle.id);
      db.prepare('DELETE FROM events WHERE id = ?').run(middle.id);
    }
    db.close();
    const exit = await cli(tmp.db, ['audit', 'verify'], { as: 'admin' });
    expect(exit.code).toBe(1);
    const lines = exit.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['#10', '#20', '#30', ...(middle ? ['#40'] : [])]);
    expect(lines[0]).toMatch(/^#10 status: events say \w+, ticket has \w+/);
    expect(lines[1]).toMatch(/^#20 tags: events say \[.*\], ticket has \[.*sneaky.*\]$/);
    expect(lines[2]).toMatch(/^#30 version: events say (\d+), ticket has \d+$/);
    expect(exit.stderr).toMatch(/^ticketty: audit: 400 ticket\(s\), \d+ event\(s\) replayed, \d drifted\n$/);

    const json = await cli(tmp.db, ['--json', 'audit', 'verify', '--ticket', '#20'], { as: 'admin' });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      tickets: 1,
      events: expect.any(Number),
      drifted: [
        {
          id: 20,
          line: expect.stringMatching(/^#20 tags/),
          drifts: [{ kind: 'field', field: 'tags', replayed: expect.any(Array), actual: expect.arrayContaining(['sneaky']) }],
        },
      ],
    });
  });

  it('is for admins, and takes a valid ticket id', async () => {
    const agent = sql<{ handle: string }>(tmp.db, "SELECT handle FROM users WHERE role = 'agent' LIMIT 1")[0]!.handle;
    const forbidden = await cli(tmp.db, ['audit', 'verify'], { as: agent });
    expect(forbidden.code).toBe(4);
    const bad = await cli(tmp.db, ['audit', 'verify', '--ticket', 'x1'], { as: 'admin' });
    expect([bad.code, bad.stderr.trim()]).toEqual([2, "ticketty: bad ticket id 'x1': use 123 or #123"]);
  });
});
