import { describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { formatMinutes, queueColumns, rowCells } from './columns.js';

const ticket = (over: Partial<TicketSummary>): TicketSummary =>
  ({
    id: 7,
    priority: 'P2',
    status: 'open',
    level: 2,
    waitingOn: null,
    requester: 'ann',
    organization: 'ACME',
    subject: 'VPN',
    assignee: 'bob',
    updatedAt: '2026-03-02T10:00:00Z',
    sla: { state: 'running', leftMinutes: 30, risk: 'ok' },
    ...over,
  }) as unknown as TicketSummary;

describe('queue cells', () => {
  it('fit every SLA value from minutes to 99 days, either sign, at 80 columns', () => {
    const columns = queueColumns(80);
    for (const minutes of [
      5,
      -5,
      185,
      -185,
      10 * 1440 + 60,
      -(15 * 1440 + 12 * 60),
      99 * 1440 + 23 * 60,
      -(99 * 1440 + 23 * 60),
      -200 * 1440,
    ]) {
      const text = formatMinutes(minutes);
      expect(
        rowCells(
          ticket({ sla: { state: 'running', leftMinutes: minutes, risk: 'ok' } as TicketSummary['sla'] }),
          columns,
          Date.parse('2026-03-02T10:00:00Z'),
          false,
        ).sla.trim(),
      ).toBe(text);
    }
    expect(formatMinutes(-(15 * 1440 + 12 * 60))).toBe('-15d12h');
    expect(columns.reduce((sum, c) => sum + c.width + 1, 0) - 1).toBeLessThanOrEqual(80);
  });

  it('say whom a pending ticket waits on', () => {
    const columns = queueColumns(80);
    const at = Date.parse('2026-03-02T10:00:00Z');
    expect(rowCells(ticket({ status: 'pending', waitingOn: 'superusers' }), columns, at, false).status.trim()).toBe('PEND L2 →sup');
    expect(rowCells(ticket({ status: 'pending', waitingOn: 'tier2', level: 3 }), columns, at, false).status.trim()).toBe('PEND L3 →t2');
    expect(rowCells(ticket({ status: 'open' }), columns, at, false).status.trim()).toBe('OPEN L2');
  });
});
