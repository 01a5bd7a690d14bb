// The reports view: the SLA report per priority with bars and the backlog, with the figures of
// `ticketty report sla --by priority` and `ticketty report backlog` (the same app functions).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople, testWorld, type TestWorld } from '../helpers/app.js';
import { createTicket } from '../../src/app/tickets/createTicket.js';
import { acceptTicket } from '../../src/app/tickets/ticketActions.js';
import { slaReport } from '../../src/app/sla/reportSla.js';
import { renderTui, type RenderedTui } from './helpers.js';

let world: TestWorld;
let tui: RenderedTui | undefined;
beforeEach(() => {
  world = testWorld();
  seedPeople(world);
});
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  world.close();
});

describe('reports view', () => {
  it('% opens the SLA report per priority with bars; tab shows the backlog; esc goes back', async () => {
    const admin = world.actor('admin');
    const ids: number[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(
        createTicket(world.app, admin, { subject: `P1 number ${i}`, description: 'x', requester: 'ann', level: 2, priority: 'P1' }).id,
      );
    ids.push(createTicket(world.app, admin, { subject: 'minor', description: 'x', requester: 'gus', level: 1, priority: 'P4' }).id);
    acceptTicket(world.app, world.actor('bob'), ids[0]!); // picked up at once: met
    world.advance(6 * 60); // 6 business hours later (Monday 10:00 → 16:00): the P1 pickup (4 h) is breached
    acceptTicket(world.app, world.actor('bob'), ids[1]!); // picked up late: breached
    const expected = slaReport(world.app, admin, { by: 'priority' });
    const p1 = expected.groups.find((g) => g.group === 'P1')!;
    expect(p1.pickup.withinTargetPct).toBe(50);

    tui = await renderTui(world.app, admin);
    await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.press('queue.reports');
    const f = await tui.waitFor((x) => x.includes('PRIO'), 'the SLA report');
    expect(f).toMatch(/PRIO\s+TICKETS\s+PICKUP WITHIN TARGET\s+RESOLUTION WITHIN TARGET\s+BREACHES\s+OPEN\s+AT RISK\s+BREACHED/);
    const row = f.split('\n').find((l) => l.startsWith('P1 '))!;
    expect(row).toMatch(/^P1\s+4 █+░+\s+50\.0%/);
    expect(row).toMatch(
      new RegExp(`\\s${p1.pickup.breached + p1.resolution.breached}\\s+${p1.open.total}\\s+${p1.open.atRisk}\\s+${p1.open.breached}$`),
    );
    expect(f.split('\n').find((l) => l.startsWith('P4 '))).toMatch(/^P4\s+1 /);

    await tui.press('reports.switch');
    const b = await tui.waitFor((x) => x.includes('STATUS') && x.includes('ASSIGNEE'), 'the backlog');
    expect(b).toMatch(/^NEW\s+1\s+2\s+0\s+3 █+/m);
    expect(b).toMatch(/^OPEN\s+0\s+2\s+0\s+2 █+/m);
    expect(b).toMatch(/^bob\s+0\s+2\s+0\s+0\s+2 █+/m);
    expect(b).toMatch(/^\(unassigned\)\s+3\s+0\s+0\s+0\s+3/m);
    expect(b).toContain('$ ticketty report backlog');
    expect(b).not.toContain('PRIO'); // the SLA table is hidden, not drawn beside it

    await tui.press('reports.window');
    await tui.waitFor((x) => x.includes('last 30d') && x.includes('$ ticketty report backlog --since 30d'), 'the 30-day window');
    await tui.press('reports.back');
    await tui.waitFor((x) => x.includes('sort:'), 'the queue again');
  });

  it('w back to a window shows the report it had at once, with nothing changed since', async () => {
    const admin = world.actor('admin');
    createTicket(world.app, admin, { subject: 'one', description: 'x', requester: 'ann', level: 1, priority: 'P2' });
    tui = await renderTui(world.app, admin);
    await tui.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
    await tui.press('queue.reports');
    const ready = (f: string) => f.includes('PRIO') && !f.includes('working…');
    await tui.waitFor((f) => f.includes('at any time') && ready(f), 'the report for any time');
    await tui.press('reports.window');
    await tui.waitFor((f) => f.includes('last 30d') && ready(f), 'the 30-day report');
    await tui.press('reports.window');
    await tui.waitFor((f) => f.includes('last 7d') && ready(f), 'the 7-day report');
    const drawn = tui.frames().length;
    await tui.press('reports.window');
    const back = await tui.waitFor((f) => f.includes('at any time'), 'any time again');
    // The first frame of the key already has the report: no frame said working… in between.
    expect(back).toMatch(/^P2\s+1 /m);
    expect(
      tui
        .frames()
        .slice(drawn)
        .filter((f) => f.includes('working…')),
    ).toEqual([]);
  });
});
