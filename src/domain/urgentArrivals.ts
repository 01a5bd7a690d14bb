// What counts as news in an agent's own queues (SPEC 9: "new urgent tickets and breaches in one's
// queues are announced"): a P1/P2 ticket that was not there (or not that urgent) before, or a
// ticket that newly breached; and whether the terminal bell rings for it. Pure.

export const BELL_SETTINGS = ['off', 'p1', 'p1p2', 'breach'] as const;
/** off: never · p1: P1 arrivals · p1p2: P1 and P2 arrivals · breach: those and new breaches. */
export type BellSetting = (typeof BELL_SETTINGS)[number];
export const DEFAULT_BELL: BellSetting = 'p1';

export interface UrgentState {
  id: number;
  subject: string;
  priority: string;
  breached: boolean;
}

export interface Arrival {
  id: number;
  subject: string;
  priority: string;
  /** Newly P1/P2 in the queues (arrived, or raised to it). */
  urgent: boolean;
  /** Newly breached. */
  breach: boolean;
}

const isUrgent = (priority: string) => priority === 'P1' || priority === 'P2';

/**
 * The arrivals between two readings of the urgent tickets in one's queues. The first reading
 * (`before` null) is the baseline: what was there when the TUI opened is not news.
 */
export function urgentArrivals(before: ReadonlyMap<number, UrgentState> | null, now: readonly UrgentState[]): Arrival[] {
  if (!before) return [];
  const out: Arrival[] = [];
  for (const t of now) {
    const prev = before.get(t.id);
    const urgent = isUrgent(t.priority) && (!prev || !isUrgent(prev.priority) || (t.priority === 'P1' && prev.priority !== 'P1'));
    const breach = t.breached && !prev?.breached;
    if (urgent || breach) out.push({ id: t.id, subject: t.subject, priority: t.priority, urgent, breach });
  }
  return out;
}

/** Whether the bell rings for these arrivals under the setting. */
export function ringsFor(setting: BellSetting, arrivals: readonly Arrival[]): boolean {
  switch (setting) {
    case 'off':
      return false;
    case 'p1':
      return arrivals.some((a) => a.urgent && a.priority === 'P1');
    case 'p1p2':
      return arrivals.some((a) => a.urgent);
    case 'breach':
      return arrivals.length > 0;
  }
}

/** One line for the status line: `P1 #12 Printer on fire · breach #7 VPN drops (+2 more)`. */
export function arrivalNotice(arrivals: readonly Arrival[], shown = 2): string {
  const parts = arrivals.slice(0, shown).map((a) => `${a.breach ? 'breach' : a.priority} #${a.id} ${a.subject}`);
  const more = arrivals.length > shown ? ` (+${arrivals.length - shown} more)` : '';
  return `in your queues: ${parts.join(' · ')}${more}`;
}
