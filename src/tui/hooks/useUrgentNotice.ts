// Announces urgent arrivals in the agent's own queues (SPEC 9): on every data generation (the live
// refresh's change token, a minute passing, one's own action) it reads the bounded page of urgent
// tickets there and compares it with the last reading; news becomes a notice on the status line,
// and the terminal bell rings as the config's `bell` says.
import { useEffect, useRef } from 'react';
import type { App } from '../../app/createApp.js';
import { urgentInMyQueues } from '../../app/tickets/urgentQueues.js';
import type { Actor } from '../../domain/permissions.js';
import { arrivalNotice, ringsFor, urgentArrivals, type BellSetting, type UrgentState } from '../../domain/urgentArrivals.js';

export function useUrgentNotice(
  app: App,
  actor: Actor,
  generation: number,
  /** Changes by others (the live refresh): only those announce; one's own action re-reads quietly. */
  outsideChanges: number,
  bell: BellSetting,
  onNotice: (line: string) => void,
  ring: () => void,
): void {
  const seen = useRef<Map<number, UrgentState> | null>(null);
  const lastOutside = useRef(outsideChanges);
  const latest = useRef({ onNotice, ring, bell });
  latest.current = { onNotice, ring, bell };
  useEffect(() => {
    let now: UrgentState[];
    try {
      now = urgentInMyQueues(app, actor);
    } catch {
      return; // a busy database: the next generation reads again, against the same last reading
    }
    const arrivals = urgentArrivals(seen.current, now);
    seen.current = new Map(now.map((t) => [t.id, t]));
    const fromOutside = outsideChanges !== lastOutside.current;
    lastOutside.current = outsideChanges;
    // One's own action (raising a ticket to P1, say) is no news to oneself.
    if (!fromOutside || !arrivals.length) return;
    latest.current.onNotice(arrivalNotice(arrivals));
    if (ringsFor(latest.current.bell, arrivals)) latest.current.ring();
  }, [app, actor, generation, outsideChanges]);
}
