import { describe, expect, it } from 'vitest';
import { plainMailgateArgs } from './mailgateArgs.js';

describe('plainMailgateArgs: what dist/mailgate.cjs runs without the full CLI', () => {
  it('reads the calls mail servers make', () => {
    expect(plainMailgateArgs(['mailgate'])).toEqual({});
    expect(plainMailgateArgs(['mailgate', '--db', '/srv/ticketty/ticketty.db'])).toEqual({ db: '/srv/ticketty/ticketty.db' });
    expect(plainMailgateArgs(['--db', 'a.db', 'mailgate'])).toEqual({ db: 'a.db' });
    expect(plainMailgateArgs(['mailgate', '--db=a b.db', '--as', 'mail', '--now=2026-03-02T10:00:00Z', '--json'])).toEqual({
      db: 'a b.db',
      as: 'mail',
      now: '2026-03-02T10:00:00Z',
      json: true,
    });
    expect(plainMailgateArgs(['mailgate', '--db=x=y'])).toEqual({ db: 'x=y' });
  });

  it('leaves everything else to the full CLI (its help, its errors, its parsing)', () => {
    for (const argv of [
      [],
      ['ticket', 'list'],
      ['mailgate', 'mailgate'],
      ['mailgate', '--help'],
      ['mailgate', '-h'],
      ['mailgate', '--version'],
      ['mailgate', '--bogus'],
      ['mailgate', '--db'],
      ['mailgate', '--db='],
      ['mailgate', '--db', ''],
      ['mailgate', '--db', '-x'],
      ['mailgate', '--db', 'a', '--db', 'b'],
      ['mailgate', '--json', 'true'],
      ['mailgate', '--json=false'],
      ['mailgate', '--no-json'],
      ['mailgate', '--', '--db', 'a'],
      ['mailgate', '-'],
      ['mailgate', 'extra'],
      ['--db', 'mailgate'],
      ['ticket', 'create', '--subject', 'mailgate'],
      ['mailgate', '--DB', 'a'],
      ['mailgate', '--db.x', 'a'],
    ])
      expect(plainMailgateArgs(argv), argv.join(' ')).toBeUndefined();
  });
});
