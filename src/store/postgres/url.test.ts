import { describe, expect, it } from 'vitest';
import { describePostgresUrl, isPostgresUrl } from './url.js';

describe('--db: PostgreSQL URL or SQLite file', () => {
  it.each([
    ['postgres://ann@db.example/helpdesk', true],
    ['postgresql://ann:secret@127.0.0.1:5432/helpdesk', true],
    ['POSTGRES://host/db', true],
    ['/var/lib/ticketty/ticketty.db', false],
    ['postgres.db', false],
    ['./postgres:/x.db', false],
    [':memory:', false],
  ])('%s → PostgreSQL: %s', (db, postgres) => expect(isPostgresUrl(db)).toBe(postgres));

  it('names a database without its password', () => {
    expect(describePostgresUrl('postgres://ann:secret@db.example:5432/helpdesk')).toBe('postgres://ann:***@db.example:5432/helpdesk');
    expect(describePostgresUrl('postgres://ann@db.example/helpdesk')).toBe('postgres://ann@db.example/helpdesk');
  });
});
