// Live refresh: polls the store's change token (PRAGMA data_version: one cheap pragma) and bumps
// a generation when another process committed, or when the clock crossed a minute (countdowns).
// The refresh re-reads what the screens show on the render thread, so it waits for the keyboard to
// rest: a change seen while keys arrive is applied at the first poll after KEYS_REST_MS without
// one (never later than MAX_DEFER_MS), so a colleague's write never lands between a key and its frame.
import { useEffect, useRef } from 'react';
import type { App } from '../../app/createApp.js';
import { changeToken } from '../../app/tickets/queuePage.js';

export const LIVE_POLL_MS = 400;
export const KEYS_REST_MS = 250;
export const MAX_DEFER_MS = 3000;

export function useLiveRefresh(
  app: App,
  onChange: () => void,
  onError: (error: unknown) => void,
  pollMs = LIVE_POLL_MS,
  /** performance.now() of the last key (0: none yet). */
  lastKeyAt: () => number = () => 0,
  keysRestMs = KEYS_REST_MS,
): void {
  const latest = useRef({ onChange, onError, lastKeyAt, keysRestMs });
  latest.current = { onChange, onError, lastKeyAt, keysRestMs };
  useEffect(() => {
    let token = changeToken(app);
    let minute = Math.floor(app.nowMs() / 60_000);
    let seenAt: number | null = null;
    const timer = setInterval(() => {
      try {
        const next = changeToken(app);
        const nextMinute = Math.floor(app.nowMs() / 60_000);
        if (next === token && nextMinute === minute) return;
        const now = performance.now();
        seenAt ??= now;
        if (now - latest.current.lastKeyAt() < latest.current.keysRestMs && now - seenAt < MAX_DEFER_MS) return;
        token = next;
        minute = nextMinute;
        seenAt = null;
        latest.current.onChange();
      } catch (error) {
        latest.current.onError(error);
      }
    }, pollMs);
    return () => clearInterval(timer);
  }, [app, pollMs]);
}
