// The ticket header's SLA clocks count business time: shown in business days of the calendar.
import { describe, expect, it } from 'vitest';
import { clockText } from '../../src/tui/screens/ticket/slaClocks.js';
import { formatBusinessMinutes } from '../../src/tui/screens/queue/columns.js';
import type { SlaClockView } from '../../src/app/sla/slaView.js';

const clock = (over: Partial<SlaClockView>): SlaClockView => ({
  targetMinutes: 480,
  startedAt: null,
  dueAt: null,
  stoppedAt: null,
  elapsedMinutes: 0,
  pausedMinutes: 0,
  state: 'running',
  leftMinutes: 480,
  ...over,
});

describe('business minutes in the TUI', () => {
  it('297 business hours over are 37 business days and 1 hour in a 09:00–17:00 week, not 12d9h', () => {
    expect(clockText('resolution', clock({ state: 'breached', leftMinutes: -297 * 60 }), '', 480).text).toBe(
      'resolution BREACHED, 37bd1h over',
    );
  });

  it('keeps short spans in hours and minutes, and follows the calendar’s day length', () => {
    expect(formatBusinessMinutes(45, 480)).toBe('45m');
    expect(formatBusinessMinutes(185, 480)).toBe('3h05');
    expect(formatBusinessMinutes(960, 480)).toBe('2bd');
    expect(formatBusinessMinutes(-600, 600)).toBe('-1bd');
    expect(clockText('pickup L1', clock({ state: 'met', elapsedMinutes: 1500, targetMinutes: 960 })).text).toBe(
      'pickup L1 met (3bd1h of 2bd)',
    );
  });
});
