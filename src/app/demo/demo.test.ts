import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openStore, type Store } from '../../store/sqlite/db.js';
import { fixedClock } from '../../domain/clock.js';
import { BadInput } from '../../domain/errors.js';
import { NO_DUE } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import { createApp } from '../createApp.js';
import { addUser } from '../people/people.js';
import { generateDemo, type DemoResult } from './demo.js';
import { REBUILD_ROLLUPS } from '../../store/sqlite/repos/slaRollupsRebuild.js';

const NOW = '2026-03-04T15:00:00Z';
const NOW_MS = Date.parse(NOW);

function demoDb(tickets: number, seed: number, prepare?: (ctx: AppContext) => void): { store: Store; result: DemoResult } {
  const store = openStore(':memory:');
  const ctx = createApp(store, fixedClock(NOW));
  prepare?.(ctx);
  return { store, result: generateDemo(ctx, { tickets, seed, chunkSize: 700 }) };
}

const TABLES = [
  'organizations',
  'org_domains',
  'users',
  'tickets',
  'ticket_levels',
  'ticket_tags',
  'watchers',
  'comments',
  'events',
  'outbox',
];
function fingerprint(store: Store): string {
  const hash = createHash('sha256');
  for (const table of TABLES) hash.update(JSON.stringify(store.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all()));
  return hash.digest('hex');
}

describe('generateDemo', () => {
  let store: Store;
  let result: DemoResult;
  const count = (sql: string, ...params: unknown[]) =>
    (store.sqlite
      .prepare(sql)
      .pluck()
      .get(...params) as number) ?? 0;

  beforeAll(() => ({ store, result } = demoDb(2_000, 7)));
  afterAll(() => store.close());

  it('is deterministic for a seed, ticket count and clock', () => {
    const again = demoDb(300, 11);
    const same = demoDb(300, 11);
    const other = demoDb(300, 12);
    expect(fingerprint(again.store)).toBe(fingerprint(same.store));
    expect(fingerprint(other.store)).not.toBe(fingerprint(again.store));
  });

  it('creates the people: organizations with domains, superusers, requesters, staff and admin', () => {
    expect(result.tickets).toBe(2_000);
    expect(count("SELECT count(*) FROM users WHERE handle = 'admin' AND role = 'admin'")).toBe(1);
    expect(count('SELECT count(*) FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM org_domains d WHERE d.org_id = o.id)')).toBe(0);
    expect(
      count("SELECT count(*) FROM organizations o WHERE (SELECT count(*) FROM users u WHERE u.org_id = o.id AND u.role = 'superuser') = 0"),
    ).toBe(0);
    expect(count("SELECT count(*) FROM users WHERE role = 'requester' AND org_id IS NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM users WHERE role = 'superuser' AND org_id IS NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM users WHERE role = 'agent' AND tier = 2")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM users WHERE role = 'engineer' AND tier = 3")).toBeGreaterThan(0);
  });

  it('has every status and level, mostly closed, with a realistic backlog', () => {
    for (const status of ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])
      expect(count('SELECT count(*) FROM tickets WHERE status = ?', status), status).toBeGreaterThan(0);
    for (const level of [1, 2, 3])
      expect(count('SELECT count(*) FROM tickets WHERE level = ? AND status = ?', level, 'closed')).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM tickets WHERE level > 1 AND status != 'closed'")).toBeGreaterThan(0);
    expect(result.statuses.closed / result.tickets).toBeGreaterThan(0.85);
    expect(count('SELECT count(DISTINCT type) FROM tickets')).toBe(6);
    expect(count('SELECT count(DISTINCT priority) FROM tickets')).toBe(5);
    expect(count('SELECT count(*) FROM ticket_tags')).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM watchers')).toBeGreaterThan(0);
  });

  it('keeps version, events and timestamps consistent', () => {
    expect(count('SELECT count(*) FROM tickets t WHERE version != (SELECT count(*) FROM events e WHERE e.ticket_id = t.id)')).toBe(0);
    expect(
      count(
        'SELECT count(*) FROM events e WHERE version != (SELECT count(*) FROM events f WHERE f.ticket_id = e.ticket_id AND f.id <= e.id)',
      ),
    ).toBe(0);
    expect(
      count("SELECT count(*) FROM tickets t WHERE (SELECT action FROM events e WHERE e.ticket_id = t.id ORDER BY id LIMIT 1) != 'create'"),
    ).toBe(0);
    expect(
      count(
        'SELECT count(*) FROM tickets t WHERE updated_at != (SELECT max(at) FROM events e WHERE e.ticket_id = t.id) OR created_at != (SELECT min(at) FROM events e WHERE e.ticket_id = t.id)',
      ),
    ).toBe(0);
    expect(
      count('SELECT count(*) FROM events e WHERE at < (SELECT max(at) FROM events f WHERE f.ticket_id = e.ticket_id AND f.id < e.id)'),
    ).toBe(0);
    expect(count('SELECT count(*) FROM events WHERE at > ? OR at < ?', NOW_MS, NOW_MS - 183 * 86_400_000)).toBe(0);
    expect(count('SELECT count(*) FROM tickets WHERE status_since > updated_at OR status_since < created_at')).toBe(0);
    expect(count('SELECT count(*) FROM tickets a JOIN tickets b ON b.id = a.id + 1 WHERE b.created_at < a.created_at')).toBe(0);
  });

  it('keeps the fields that each status implies', () => {
    expect(count("SELECT count(*) FROM tickets WHERE (status = 'closed') != (closed_at IS NOT NULL AND closing_reason IS NOT NULL)")).toBe(
      0,
    );
    expect(count("SELECT count(*) FROM tickets WHERE status = 'solved' AND (solved_at IS NULL OR resolution IS NULL)")).toBe(0);
    expect(count("SELECT count(*) FROM tickets WHERE (status = 'pending') != (waiting_on IS NOT NULL)")).toBe(0);
    expect(count("SELECT count(*) FROM tickets WHERE (status = 'new') != (assignee_id IS NULL) AND status != 'closed'")).toBe(0);
    // Automations would already have acted on older pending or solved tickets.
    expect(count("SELECT count(*) FROM tickets WHERE status IN ('pending', 'solved') AND status_since < ?", NOW_MS - 86_400_000)).toBe(0);
    expect(
      count(
        "SELECT count(*) FROM tickets WHERE status = 'closed' AND closing_reason = 'no_response' AND NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = tickets.id AND g.tag = 'no-response')",
      ),
    ).toBe(0);
    expect(
      count("SELECT count(*) FROM tickets t JOIN users u ON u.id = t.requester_id WHERE u.role != 'requester' OR t.org_id IS NOT u.org_id"),
    ).toBe(0);
  });

  it('escalates with a reason and assigns only people who handle the level', () => {
    expect(
      count(
        "SELECT count(*) FROM tickets t WHERE level - 1 != (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.action = 'escalate' AND length(trim(e.text)) > 0)",
      ),
    ).toBe(0);
    const badAssignee = `SELECT count(*) FROM tickets t JOIN users u ON u.id = t.assignee_id
      WHERE NOT (u.role = 'admin' OR (u.tier = t.level AND (u.role != 'superuser' OR u.org_id IS NULL OR u.org_id = t.org_id)))`;
    expect(count(badAssignee)).toBe(0);
    expect(count('SELECT count(*) FROM ticket_levels l JOIN tickets t ON t.id = l.ticket_id WHERE l.level > t.level')).toBe(0);
    expect(count('SELECT count(*) FROM tickets t WHERE (SELECT count(*) FROM ticket_levels l WHERE l.ticket_id = t.id) != t.level')).toBe(
      0,
    );
    expect(count('SELECT count(*) FROM ticket_levels l JOIN users u ON u.id = l.picked_up_by WHERE u.tier != l.level')).toBe(0);
    expect(
      count(
        "SELECT count(*) FROM tickets t JOIN ticket_levels l ON l.ticket_id = t.id AND l.level = t.level WHERE (l.picked_up_at IS NULL) != (t.status = 'new') AND t.status != 'closed'",
      ),
    ).toBe(0);
    expect(
      count(
        'SELECT count(*) FROM ticket_levels a JOIN ticket_levels b ON b.ticket_id = a.ticket_id AND b.level = a.level + 1 WHERE b.entered_at < a.picked_up_at',
      ),
    ).toBe(0);
  });

  it('lets comment authors see their comments, and keeps internal notes to staff', () => {
    const unseen = `SELECT count(*) FROM comments c JOIN tickets t ON t.id = c.ticket_id JOIN users u ON u.id = c.author_id
      WHERE NOT (u.id = t.requester_id OR u.role IN ('agent', 'engineer', 'admin') OR (u.role = 'superuser' AND (u.org_id IS NULL OR u.org_id = t.org_id)))`;
    expect(count(unseen)).toBe(0);
    expect(count("SELECT count(*) FROM comments c JOIN users u ON u.id = c.author_id WHERE c.internal = 1 AND u.role = 'requester'")).toBe(
      0,
    );
    expect(
      count(
        'SELECT count(*) FROM events e JOIN comments c ON c.id = e.comment_id WHERE c.ticket_id != e.ticket_id OR c.created_at != e.at',
      ),
    ).toBe(0);
    expect(count("SELECT count(*) FROM events e JOIN comments c ON c.id = e.comment_id WHERE e.action = 'note' AND c.internal = 0")).toBe(
      0,
    );
    expect(
      count(
        'SELECT count(*) FROM tickets t WHERE description != (SELECT body FROM comments c WHERE c.ticket_id = t.id ORDER BY id LIMIT 1)',
      ),
    ).toBe(0);
  });

  it('replays each history to the ticket it describes', () => {
    const tickets = store.sqlite
      .prepare('SELECT id, status, level, priority, type, assignee_id, waiting_on, closing_reason FROM tickets')
      .all() as Array<Record<string, unknown>>;
    const events = store.sqlite.prepare('SELECT ticket_id, before, after FROM events ORDER BY id').all() as Array<{
      ticket_id: number;
      before: string | null;
      after: string | null;
    }>;
    const state = new Map<number, Record<string, unknown>>();
    for (const e of events) {
      const s = state.get(e.ticket_id) ?? { assigneeId: null, waitingOn: null, resolution: null, closingReason: null };
      const before = e.before ? (JSON.parse(e.before) as Record<string, unknown>) : {};
      for (const [key, value] of Object.entries(before))
        if (key !== 'tags' && key !== 'watchers') expect(s[key], `#${e.ticket_id} ${key}`).toEqual(value);
      Object.assign(s, e.after ? JSON.parse(e.after) : {});
      state.set(e.ticket_id, s);
    }
    for (const t of tickets) {
      const s = state.get(t.id as number)!;
      expect([s.status, s.level, s.priority, s.type, s.assigneeId, s.waitingOn, s.closingReason]).toEqual([
        t.status,
        t.level,
        t.priority,
        t.type,
        t.assignee_id,
        t.waiting_on,
        t.closing_reason,
      ]);
    }
  });

  it('fills the SLA columns', () => {
    expect(count("SELECT count(*) FROM tickets WHERE status IN ('solved', 'closed', 'pending') AND sla_due_at != ?", NO_DUE)).toBe(0);
    expect(
      count("SELECT count(*) FROM tickets WHERE status IN ('new', 'open') AND priority IN ('P1', 'P2', 'P3') AND sla_due_at = ?", NO_DUE),
    ).toBe(0);
    expect(count("SELECT count(*) FROM tickets WHERE priority != 'P5' AND pickup_due_at IS NULL")).toBe(0);
    // The risk moment (75% of a running target) as the store keeps it: only with a running clock,
    // never after the due time, and before it on most (the `at_risk` state and its seek need it).
    expect(count('SELECT count(*) FROM tickets WHERE (sla_due_at = ?) <> (sla_risk_at = ?)', NO_DUE, NO_DUE)).toBe(0);
    expect(count('SELECT count(*) FROM tickets WHERE sla_risk_at > sla_due_at')).toBe(0);
    expect(count('SELECT count(*) FROM tickets WHERE sla_risk_at < sla_due_at')).toBeGreaterThan(
      count('SELECT count(*) FROM tickets WHERE sla_due_at < ?', NO_DUE) / 2,
    );
    expect(
      count("SELECT count(*) FROM tickets WHERE status = 'solved' AND (resolution_minutes IS NULL OR resolution_breached IS NULL)"),
    ).toBe(0);
    expect(count("SELECT count(*) FROM tickets WHERE status = 'pending' AND paused_since IS NULL")).toBe(0);
    expect(count('SELECT count(*) FROM tickets WHERE first_pickup_at IS NOT NULL AND pickup_breached IS NULL')).toBe(0);
    expect(count('SELECT count(*) FROM tickets WHERE pickup_breached = 1')).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM tickets WHERE pickup_breached = 0')).toBeGreaterThan(
      count('SELECT count(*) FROM tickets WHERE pickup_breached = 1'),
    );
  });

  it('queues a small outbox for the last day only', () => {
    expect(result.outbox).toBe(count('SELECT count(*) FROM outbox'));
    expect(result.outbox).toBeGreaterThan(0);
    expect(result.outbox).toBeLessThan(result.events / 10);
    expect(
      count(
        'SELECT count(*) FROM outbox o JOIN events e ON e.id = o.event_id WHERE e.at < ? OR (o.recipient_id IS e.actor_id AND e.action != ?) OR o.ticket_id != e.ticket_id',
        NOW_MS - 86_400_000,
        'create',
      ),
    ).toBe(0);
    expect(count("SELECT count(*) FROM outbox WHERE state NOT IN ('queued', 'sent')")).toBe(0);
  });

  it('finds every ticket by the words of its public comments, and fills the rollups a recompute gives', () => {
    // The bulk load drops the triggers that keep both and builds them at the end.
    const comments = store.sqlite
      .prepare('SELECT ticket_id AS ticketId, body FROM comments WHERE internal = 0 ORDER BY id LIMIT 400')
      .all() as Array<{ ticketId: number; body: string }>;
    let checked = 0;
    for (const { ticketId, body } of comments) {
      const word = body.match(/[A-Za-z]{7,}/g)?.sort((a, b) => b.length - a.length)[0];
      if (!word) continue;
      checked++;
      const found = count(
        'SELECT count(*) FROM ticket_search WHERE ticket_search MATCH ? AND rowid = cast(? AS integer)',
        `"${word}"`,
        ticketId,
      );
      expect(found, `${word} in ticket ${ticketId}`).toBe(1);
    }
    expect(checked).toBeGreaterThan(100);
    const rollups = () =>
      // Triggers may leave a row counted down to zero where a rebuild writes none.
      [
        'SELECT * FROM report_days WHERE tickets + p_stopped + r_stopped > 0 ORDER BY 1, 2, 3',
        'SELECT * FROM report_minutes WHERE n > 0 ORDER BY 1, 2, 3, 4, 5',
        'SELECT * FROM report_backlog WHERE n > 0 ORDER BY 1, 2, 3, 4',
      ].map((query) => store.sqlite.prepare(query).raw().all());
    const built = rollups();
    expect(built[0]!.length).toBeGreaterThan(0);
    for (const statement of REBUILD_ROLLUPS) store.sqlite.exec(statement);
    expect(rollups()).toEqual(built);
  });

  it('leaves the triggers, indexes and foreign keys as they were', () => {
    const fresh = openStore(':memory:');
    const triggers = (s: Store) => s.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    expect(triggers(store)).toEqual(triggers(fresh));
    fresh.close();
    expect(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'tickets_status_level_sla'")).toBe(1);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('generateDemo preconditions', () => {
  it('reuses an admin named admin and refuses a database with other data', () => {
    const { store, result } = demoDb(20, 1, (ctx) => addUser(ctx, null, { handle: 'admin', role: 'admin' }));
    expect(result.users).toBeGreaterThan(0);
    expect(store.sqlite.prepare("SELECT count(*) FROM users WHERE handle = 'admin'").pluck().get()).toBe(1);
    const ctx = createApp(store, fixedClock(NOW));
    expect(() => generateDemo(ctx, { tickets: 5, seed: 1 })).toThrow(BadInput);
    store.close();
  });

  it('refuses bad counts and seeds', () => {
    const store = openStore(':memory:');
    const ctx = createApp(store, fixedClock(NOW));
    expect(() => generateDemo(ctx, { tickets: -1, seed: 1 })).toThrow(BadInput);
    expect(() => generateDemo(ctx, { tickets: 1.5, seed: 1 })).toThrow(BadInput);
    expect(() => generateDemo(ctx, { tickets: 1, seed: Number.NaN })).toThrow(BadInput);
    store.close();
  });
});
