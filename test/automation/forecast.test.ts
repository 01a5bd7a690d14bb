// The automations' forecast source: upcoming reminders and auto-closes, scoped to the reader.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import * as act from '../../src/app/tickets/ticketActions.js';
import { automationForecast } from '../../src/app/automation/automationForecast.js';
import { runAutomations } from '../../src/app/automation/automation.js';

let w: TestWorld;
beforeEach(() => {
  w = testWorld('2026-03-02T10:00:00Z');
  seedPeople(w);
});
afterEach(() => w.close());

const DAY = 24 * 60;
const pending = (who: string) => {
  const id = createTicket(w.app, w.actor(who), { subject: `Question of ${who}`, description: '…' }).id;
  act.requestInfo(w.app, w.actor('una'), id, 'Which version?');
  return id;
};
const forecast = (days: number, scope?: { requesterId: number; orgId?: number }) => {
  const now = w.app.nowMs();
  return automationForecast(w.app, { nowMs: now, scope }, now + days * DAY * 60_000, 100).map(
    (i) => `${i.at.slice(0, 16)} ${i.kind} #${i.ticketId}`,
  );
};

describe('automation forecast', () => {
  it('lists the reminders and the auto-close of a pending ticket inside the window', () => {
    const id = pending('ann');
    expect(forecast(0.5)).toEqual([]);
    expect(forecast(1)).toEqual([`2026-03-03T10:00 reminder #${id}`]);
    expect(forecast(7)).toEqual([
      `2026-03-03T10:00 reminder #${id}`,
      `2026-03-07T10:00 reminder #${id}`,
      `2026-03-09T10:00 auto_close #${id}`,
    ]);
  });

  it('drops what has fired, and the reminders the next run will skip', () => {
    const id = pending('ann');
    w.advance(DAY);
    runAutomations(w.app);
    expect(forecast(1)).toEqual([]);
    w.advance(6 * DAY);
    expect(forecast(1)).toEqual([`2026-03-09T10:00 auto_close #${id}`]);
  });

  it('shows a reader only the tickets they may see', () => {
    const ann = pending('ann');
    pending('gus');
    expect(forecast(1, { requesterId: w.actor('ann').id })).toEqual([`2026-03-03T10:00 reminder #${ann}`]);
    expect(forecast(1)).toHaveLength(2);
  });

  it('closes solved tickets a day after', () => {
    const id = createTicket(w.app, w.actor('ann'), { subject: 's', description: 'd' }).id;
    act.acceptTicket(w.app, w.actor('sam'), id);
    act.solveTicket(w.app, w.actor('sam'), id, 'fixed');
    expect(forecast(2)).toEqual([`2026-03-03T10:00 auto_close #${id}`]);
  });
});
