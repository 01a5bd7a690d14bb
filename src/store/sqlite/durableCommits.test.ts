import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './db.js';

describe('durable commits (mailgate: the mail server deletes its copy once we exit 0)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs the WAL on every commit when asked, and only at checkpoints otherwise', () => {
    const path = join(dir, 'db.sqlite');
    const usual = openStore(path);
    expect(usual.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(usual.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const durable = openStore(path, { durableCommits: true });
    expect(durable.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    usual.close();
    durable.close();
  });
});
