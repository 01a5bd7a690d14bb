// Internationalized e-mail addresses (RFC 6531/6532): what the app accepts as an address, its
// export carries and its import takes back (JSON and CSV), and a requester created from one gets
// a handle with the accents folded, not dropped. Addresses the app refuses are still refused.
import { describe, expect, it } from 'vitest';
import { seedPeople, testWorld } from '../helpers/app.js';
import { addUser, findOrCreateRequester } from '../../src/app/people/people.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { exportTickets } from '../../src/app/exchange/exportTickets.js';
import { CSV_COLUMNS } from '../../src/app/exchange/exportFormat.js';
import { importJson } from '../../src/app/exchange/importTickets.js';
import { importCsv } from '../../src/app/exchange/importCsv.js';
import { toCsv } from '../../src/cli/output/csv.js';
import { tableCount } from '../helpers/tableRows.js';

const EMILE = 'Émile.Über@ecole.example';

/** A helpdesk with a requester auto-created from an internationalized address, and one with a quoted local part. */
async function exported(format: 'json' | 'csv'): Promise<string> {
  const w = testWorld();
  seedPeople(w);
  createTicket(w.app, w.actor('bob'), { subject: 'Cours en ligne', description: 'la page ne charge pas', requester: EMILE });
  addUser(w.app, null, { handle: 'jdoe', role: 'requester', email: '"john doe"@intranet', name: 'John Doe' });
  createTicket(w.app, w.actor('bob'), { subject: 'Printer', description: 'jams', requester: 'jdoe' });
  let text = '';
  const header = toCsv([...CSV_COLUMNS], []);
  if (format === 'csv') text = header;
  await exportTickets(
    w.app,
    w.actor('admin'),
    { format },
    { text: (c) => void (text += c), csvRows: (rows) => void (text += toCsv([...CSV_COLUMNS], rows).slice(header.length)) },
  );
  w.close();
  return text;
}

async function importInto(format: 'json' | 'csv', text: string) {
  const w = testWorld();
  seedPeople(w);
  try {
    const summary = await (format === 'json' ? importJson : importCsv)(w.app, w.actor('admin'), text);
    const user = (handle: string) => {
      const u = w.app.people.userByHandle(handle);
      return u && { handle: u.handle, email: u.email, role: u.role };
    };
    return {
      summary,
      emile: user('emile.uber'),
      jdoe: user('jdoe'),
      byEmail: w.app.people.userByEmail('émile.über@ecole.example')?.handle,
    };
  } finally {
    w.close();
  }
}

async function refusal(format: 'json' | 'csv', text: string): Promise<string> {
  const w = testWorld();
  seedPeople(w);
  try {
    await (format === 'json' ? importJson : importCsv)(w.app, w.actor('admin'), text);
    return 'ok';
  } catch (error) {
    expect(tableCount(w.app.store, 'tickets')).toBe(0);
    const problems = (error as { problems?: Array<{ message: string }> }).problems;
    return problems ? problems.map((p) => p.message).join('; ') : (error as Error).message;
  } finally {
    w.close();
  }
}

describe('internationalized e-mail addresses', () => {
  it('a requester created from Émile.Über@… is émile.über@… with the handle emile.uber', () => {
    const w = testWorld();
    seedPeople(w);
    const user = findOrCreateRequester(w.app, EMILE);
    expect(user).toMatchObject({ handle: 'emile.uber', email: 'émile.über@ecole.example', name: 'émile.über' });
    // Handles stay unique and in the handle format: a second, a fully non-Latin one, a leading mark.
    expect(findOrCreateRequester(w.app, 'emile.uber@other.example').handle).toBe('emile.uber2');
    expect(findOrCreateRequester(w.app, '王伟@example.cn').handle).toBe('user');
    expect(findOrCreateRequester(w.app, 'ﬁn@example.com').handle).toBe('fin'); // compatibility ligature
    expect(findOrCreateRequester(w.app, '-dash@example.com').handle).toMatch(/^[a-z0-9][a-z0-9._-]{0,39}$/);
    w.close();
  });

  it.each(['json', 'csv'] as const)('an export holding them imports into a fresh database (%s)', async (format) => {
    const text = await exported(format);
    expect(text).toContain('émile.über@ecole.example');
    const result = await importInto(format, text);
    expect(result.summary.tickets).toBe(2);
    expect(result.emile).toEqual({ handle: 'emile.uber', email: 'émile.über@ecole.example', role: 'requester' });
    expect(result.byEmail).toBe('emile.uber');
    expect(result.jdoe).toEqual({ handle: 'jdoe', email: '"john doe"@intranet', role: 'requester' });
  });

  it.each(['json', 'csv'] as const)(
    'an address the app refuses is still refused, naming the field, nothing written (%s)',
    async (format) => {
      const text = await exported(format);
      for (const bad of ['émile über@ecole.example', 'john..doe@example.com', 'no-at-sign']) {
        const edited = text.replace('émile.über@ecole.example', bad);
        expect(edited).not.toBe(text);
        expect(await refusal(format, edited), bad).toBe(
          format === 'json' ? 'email: an e-mail address' : 'requesterEmail: an e-mail address',
        );
      }
    },
  );
});
