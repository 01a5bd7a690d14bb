// The SLA clocks of a ticket as short texts for the header (SPEC 4): each level's pickup clock and
// the resolution clock, with its state, due time and business time left, toned by risk.
import type { SlaClockView, SlaView } from '../../../app/sla/slaView.js';
import { formatBusinessMinutes } from '../queue/columns.js';
import type { Tone } from '../../theme.js';
import { shortTime } from './ticketLines.js';

export interface ClockText {
  text: string;
  tone: Tone;
}

/** Two lines: the pickup clock of every level entered, then the resolution clock and the plan. */
export function slaClockTexts(sla: SlaView): { pickups: ClockText[]; resolution: ClockText[] } {
  const levels = sla.levels.length ? sla.levels : [sla.pickup];
  const day = sla.businessDayMinutes;
  const pickups = levels.map((c) => clockText(`pickup L${c.level}`, c, '', day));
  const res = sla.resolution;
  const resolution = [clockText('resolution', res, res.pausedBecause ? ` (paused: ${res.pausedBecause})` : '', day)];
  resolution.push({ text: `plan ${sla.plan} · calendar ${sla.calendar}`, tone: 'muted' });
  return { pickups, resolution };
}

/** Clock minutes are business minutes: shown in business days of `dayMinutes`, never 24-hour days. */
export function clockText(name: string, c: SlaClockView, note = '', dayMinutes = 480): ClockText {
  const formatMinutes = (m: number) => formatBusinessMinutes(m, dayMinutes);
  if (c.state === 'none' || c.targetMinutes === null) return { text: `${name}: no target`, tone: 'muted' };
  if (c.state === 'not_started') return { text: `${name}: not started (${formatMinutes(c.targetMinutes)} target)`, tone: 'muted' };
  const left = c.leftMinutes;
  const leftText = left === null ? '' : left < 0 ? `, ${formatMinutes(-left)} over` : `, ${formatMinutes(left)} left`;
  const due = c.dueAt ? ` due ${shortTime(c.dueAt)}` : '';
  switch (c.state) {
    case 'met':
      return { text: `${name} met (${formatMinutes(c.elapsedMinutes)} of ${formatMinutes(c.targetMinutes)})`, tone: 'ok' };
    case 'breached':
      return { text: `${name} BREACHED${due}${leftText}`, tone: 'danger' };
    case 'paused':
      return { text: `${name} paused${note}${leftText}`, tone: 'muted' };
    default: {
      // At risk under a quarter of the target left, as the `sla=at_risk` filter counts it.
      const tone: Tone = left !== null && left < 0 ? 'danger' : left !== null && left * 4 < c.targetMinutes ? 'warning' : 'ok';
      return { text: `${name} running${due}${leftText}`, tone };
    }
  }
}
