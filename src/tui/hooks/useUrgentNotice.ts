// Announces urgent arrivals in the agent's own queues (SPEC 9): on every data generation (the live
// refresh's change token, a minute passing, one's own action) it reads the bounded page of urgent
// tickets there and compares it with the last reading; news becomes a notice on the status line,
// and the terminal bell rings as the config's `bell` says. The read runs in the count worker
// (app/tickets/queueCounter.ts), one at a time, and for others' changes at most every
// URGENT_OUTSIDE_EVERY_MS.
import { useEffect, useRef } from 'react';
import type { QueueCounter } from '../../app/tickets/queueCounter.js';
import type { Actor } from '../../domain/permissions.js';
import { arrivalNotice, ringsFor, urgentArrivals, type BellSetting, type UrgentState } from '../../domain/urgentArrivals.js';

/**
 * Others' changes are read for arrivals at most this often: the read (the agent's queues' urgent
 * page, sorted by SLA) takes 0.1–0.5 s on a million tickets. It ran on the render thread, where a
 * colleague writing every second made a key wait for it; off that thread it still takes a core.
 */
export const URGENT_OUTSIDE_EVERY_MS = 5000;

export function useUrgentNotice(
  counter: QueueCounter,
  actor: Actor,
  generation: number,
  /** Changes by others (the live refresh): only those announce; one's own action re-reads quietly. */
  outsideChanges: number,
  bell: BellSetting,
  onNotice: (line: string) => void,
  ring: () => void,
  outsideEveryMs = URGENT_OUTSIDE_EVERY_MS,
): void {
  const seen = useRef<Map<number, UrgentState> | null>(null);
  const lastOutside = useRef(outsideChanges);
  const pendingOutside = useRef(false);
  const lastOutsideRead = useRef(-Infinity);
  const timer = useRef<{ at: number; handle: NodeJS.Timeout } | null>(null);
  /** The read in flight, and whether another was asked for meanwhile (it starts when this one ends). */
  const reading = useRef<{ controller: AbortController; again: boolean } | null>(null);
  const latest = useRef({ onNotice, ring, bell, counter, actor });
  latest.current = { onNotice, ring, bell, counter, actor };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current.handle);
      reading.current?.controller.abort();
    },
    [],
  );
  useEffect(() => {
    const read = () => {
      timer.current = null;
      if (reading.current) return void (reading.current.again = true);
      const fromOutside = pendingOutside.current;
      pendingOutside.current = false;
      const current = { controller: new AbortController(), again: false };
      reading.current = current;
      const settle = () => {
        reading.current = null;
        if (current.again && !current.controller.signal.aborted) read();
      };
      latest.current.counter.urgent(latest.current.actor, current.controller.signal).then(
        (now) => {
          if (fromOutside) lastOutsideRead.current = performance.now();
          const arrivals = urgentArrivals(seen.current, now);
          seen.current = new Map(now.map((t) => [t.id, t]));
          settle();
          // One's own action (raising a ticket to P1, say) is no news to oneself.
          if (!fromOutside || !arrivals.length) return;
          latest.current.onNotice(arrivalNotice(arrivals));
          if (ringsFor(latest.current.bell, arrivals)) latest.current.ring();
        },
        () => {
          // A busy database or a closed session: the next generation reads again, against the
          // same last reading, and still announces what others changed.
          if (fromOutside) pendingOutside.current = true;
          settle();
        },
      );
    };
    const fromOutside = outsideChanges !== lastOutside.current;
    lastOutside.current = outsideChanges;
    if (fromOutside) pendingOutside.current = true;
    // After the frame of the change (a timer); others' changes no sooner than outsideEveryMs after the last such read.
    const wait = fromOutside ? Math.max(0, lastOutsideRead.current + outsideEveryMs - performance.now()) : 0;
    const at = performance.now() + wait;
    if (timer.current && timer.current.at <= at) return;
    if (timer.current) clearTimeout(timer.current.handle);
    timer.current = { at, handle: setTimeout(read, wait) };
  }, [counter, actor, generation, outsideChanges, outsideEveryMs]);
}
