import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './db.js';
import { WAL_KEPT_BYTES } from './walRestart.js';

// Another agent's process reading all the time, one short read transaction (1.5 ms) after another:
// a checkpoint at a commit nearly always finds it on an older snapshot, so the WAL is never all
// copied back when the next write starts, and SQLite alone never restarts it.
const READER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const read = db.prepare('select count(*) from wal_load');
process.stdout.write('ready\\n');
const hold = db.transaction(() => {
  read.get();
  const start = performance.now();
  while (performance.now() - start < 1.5);
});
for (;;) hold.deferred();
`;

describe('the WAL restarts while another process reads all the time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-wal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stays near journal_size_limit through 240 MB of commits', async () => {
    const path = join(dir, 'db.sqlite');
    const store = openStore(path);
    store.sqlite.exec('create table wal_load (id integer primary key, body blob)');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const reader = spawn(process.execPath, ['-e', READER, driver, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        reader.stdout.once('data', () => resolve());
        reader.once('exit', (code) => reject(new Error(`reader exited ${code}`)));
      });
      const insert = store.sqlite.prepare('insert into wal_load (body) values (?)');
      const body = Buffer.alloc(256 * 1024, 7);
      let walMax = 0;
      for (let i = 0; i < 960; i++) {
        store.write(() => insert.run(body));
        walMax = Math.max(walMax, statSync(`${path}-wal`).size);
      }
      // One commit's pages past the limit at most: the commit that found it past restarts it.
      expect(walMax).toBeLessThan(WAL_KEPT_BYTES + 16 * 1024 * 1024);
    } finally {
      reader.kill();
      store.close();
    }
  }, 60_000);

  it('while a reader holds it back, tries once per megabyte of commits, not at each', () => {
    const path = join(dir, 'held.sqlite');
    const store = openStore(path);
    store.sqlite.exec('create table wal_load (id integer primary key, body blob)');
    const insert = store.sqlite.prepare('insert into wal_load (body) values (?)');
    const reader = openStore(path);
    const tries: string[] = [];
    const pragma = store.sqlite.pragma.bind(store.sqlite);
    store.sqlite.pragma = ((source: string, options?: object) => {
      if (source.startsWith('wal_checkpoint(RESTART)')) tries.push(source);
      return pragma(source, options);
    }) as typeof store.sqlite.pragma;
    try {
      // A colleague's long read (a count of a million tickets) holds the WAL from the start.
      reader.sqlite.exec('begin');
      reader.sqlite.prepare('select count(*) from wal_load').get();
      for (let i = 0; i < 280; i++) store.write(() => insert.run(Buffer.alloc(256 * 1024, 1)));
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(WAL_KEPT_BYTES);
      const before = tries.length;
      // 100 commits of 64 KB: 6.4 MB, so about 7 tries.
      for (let i = 0; i < 100; i++) store.write(() => insert.run(Buffer.alloc(64 * 1024, 2)));
      expect(tries.length - before).toBeGreaterThan(0);
      expect(tries.length - before).toBeLessThanOrEqual(8);
      // The reader done, the next try (within a megabyte) restarts it and the file is cut back.
      reader.sqlite.exec('commit');
      for (let i = 0; i < 40 && statSync(`${path}-wal`).size > WAL_KEPT_BYTES; i++)
        store.write(() => insert.run(Buffer.alloc(64 * 1024, 3)));
      expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(WAL_KEPT_BYTES);
    } finally {
      reader.close();
      store.close();
    }
  }, 60_000);
});
